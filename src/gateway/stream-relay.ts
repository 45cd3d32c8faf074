import type { AnthropicStreamEvent } from '../core/anthropic-wire.js';
import { SwitchyardError } from '../core/errors.js';
import type { ChatCompletionChunk } from '../core/openai-wire.js';
import { AnthropicToOpenAIStream, OpenAIToAnthropicStream, toAnthropicErrorBody } from '../providers/anthropic/index.js';
import type { WireFormat } from '../providers/provider.js';
import { type Usage, usageFromAnthropic, usageFromOpenAI } from '../tokens/usage.js';
import { accumulateAnthropicEvents, accumulateOpenAIChunks } from './accumulate-stream.js';
import { CapturedStream } from './captured-stream.js';
import { parseBlocks, SseBlocks } from './sse-blocks.js';

/**
 * Turns upstream SSE text into the client's SSE text and keeps what accounting needs.
 * Same-format relays forward whole events byte for byte and parse only the few that carry usage
 * or errors; rebuilding the answer for the trace waits until the stream is over.
 */
export interface StreamRelay {
  /** Decoded upstream text in, SSE text for the client out ('' for nothing yet). Throws a SwitchyardError on an upstream error event. */
  push(text: string): string;
  /** The upstream ended: closing text, or a throw when it ended before completing its answer. */
  end(): string;
  readonly usage: Usage | undefined;
  /** The answer in the client's format for the trace; same-format relays keep the SSE text, rebuilt when the trace is written. */
  response(): unknown;
}

const DONE = 'data: [DONE]\n\n';
// Compact JSON (OpenAI, vLLM) and Python's spaced `json.dumps` output alike.
const HAS_USAGE = /"usage":\s*\{/;
const IS_ERROR = /^\{\s*"error"/;
const HAS_ERROR_EVENT = /^data:\s*\{\s*"error"/m;
const ANTHROPIC_ACCOUNTING_EVENT = /^event:\s*(message_|error)/m;

function incomplete(provider: string): SwitchyardError {
  return new SwitchyardError('upstream_error', `provider "${provider}" ended the stream before the answer was complete`, {
    status: 502,
  });
}

/** OpenAI upstream, OpenAI client: forwards data lines; strips the usage chunk unless asked for. */
class OpenAIRelay implements StreamRelay {
  private readonly blocks = new SseBlocks();
  private readonly received: string[] = [];
  private done = false;
  usage: Usage | undefined;

  constructor(
    private readonly provider: string,
    private readonly clientWantsUsage: boolean,
  ) {}

  push(text: string): string {
    const whole = this.blocks.take(text);
    if (whole === '') return '';
    this.received.push(whole);
    // Fast path: content events go out as received. JSON escapes quotes inside strings, so these
    // patterns cannot match generated text.
    if (!HAS_USAGE.test(whole) && !HAS_ERROR_EVENT.test(whole)) {
      if (whole.includes('data: [DONE]')) this.done = true;
      return whole;
    }
    let out = '';
    for (const event of parseBlocks(whole)) out += this.event(event.data);
    return out;
  }

  private event(data: string): string {
    if (data === '[DONE]') {
      this.done = true;
      return DONE;
    }
    if (!HAS_USAGE.test(data)) {
      if (IS_ERROR.test(data)) throw upstreamStreamError(this.provider, data);
      return `data: ${data}\n\n`;
    }
    const chunk = JSON.parse(data) as ChatCompletionChunk;
    if (chunk.usage) this.usage = usageFromOpenAI(chunk.usage);
    if (this.clientWantsUsage) return `data: ${data}\n\n`;
    if (chunk.choices.length === 0) return '';
    delete chunk.usage;
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }

  end(): string {
    const rest = this.blocks.rest();
    const out = rest === '' ? '' : this.push(rest);
    if (!this.done) throw incomplete(this.provider);
    return out;
  }

  response(): unknown {
    return new CapturedStream('openai', this.received);
  }
}

/** Anthropic upstream, Anthropic client: forwards events; reads usage from message_start/delta. */
class AnthropicRelay implements StreamRelay {
  private readonly blocks = new SseBlocks();
  private readonly received: string[] = [];
  private stopped = false;
  private counts: Record<string, number | null | undefined> = {};
  usage: Usage | undefined;

  constructor(private readonly provider: string) {}

  push(text: string): string {
    const whole = this.blocks.take(text);
    if (whole === '') return '';
    this.received.push(whole);
    // Content deltas go out untouched; only the events that carry usage, the end or an error are read.
    if (ANTHROPIC_ACCOUNTING_EVENT.test(whole)) {
      for (const event of parseBlocks(whole)) this.event(event.name ?? 'message', event.data);
    }
    return whole;
  }

  private event(type: string, data: string): void {
    if (type === 'message_start' || type === 'message_delta') {
      const parsed = JSON.parse(data) as { message?: { usage?: object }; usage?: object };
      Object.assign(this.counts, definedOnly(parsed.message?.usage ?? parsed.usage ?? {}));
      this.usage = usageFromAnthropic(this.counts);
    } else if (type === 'message_stop') this.stopped = true;
    else if (type === 'error') throw upstreamStreamError(this.provider, data);
  }

  end(): string {
    const rest = this.blocks.rest();
    const out = rest === '' ? '' : this.push(rest);
    if (!this.stopped) throw incomplete(this.provider);
    return out;
  }

  response(): unknown {
    return new CapturedStream('anthropic', this.received);
  }
}

/** Anthropic upstream, OpenAI client. */
class AnthropicToOpenAIRelay implements StreamRelay {
  private readonly converter: AnthropicToOpenAIStream;
  private readonly chunks: ChatCompletionChunk[] = [];
  private readonly blocks = new SseBlocks();
  private stopped = false;

  constructor(
    private readonly provider: string,
    includeUsage: boolean,
    jsonTool: string | undefined,
  ) {
    this.converter = new AnthropicToOpenAIStream({ includeUsage, jsonResponseTool: jsonTool, upstream: provider });
  }

  get usage(): Usage | undefined {
    const usage = this.converter.usage;
    return usage ? usageFromOpenAI(usage) : undefined;
  }

  push(text: string): string {
    let out = '';
    for (const { name, data } of parseBlocks(this.blocks.take(text))) {
      if (name === 'ping') continue;
      const event = JSON.parse(data) as AnthropicStreamEvent;
      if (event.type === 'message_stop') this.stopped = true;
      for (const chunk of this.converter.push(event)) {
        this.chunks.push(chunk);
        out += `data: ${JSON.stringify(chunk)}\n\n`;
      }
    }
    return out;
  }

  end(): string {
    const out = this.push(this.blocks.rest());
    if (!this.stopped) throw incomplete(this.provider);
    return out + DONE;
  }

  response(): unknown {
    return accumulateOpenAIChunks(this.chunks);
  }
}

/** OpenAI upstream, Anthropic client. */
class OpenAIToAnthropicRelay implements StreamRelay {
  private readonly converter = new OpenAIToAnthropicStream();
  private readonly events: AnthropicStreamEvent[] = [];
  private readonly blocks = new SseBlocks();
  private done = false;
  usage: Usage | undefined;

  constructor(private readonly provider: string) {}

  push(text: string): string {
    let out = '';
    for (const { data } of parseBlocks(this.blocks.take(text))) {
      if (data === '[DONE]') {
        this.done = true;
        continue;
      }
      if (IS_ERROR.test(data)) throw upstreamStreamError(this.provider, data);
      const chunk = JSON.parse(data) as ChatCompletionChunk;
      if (chunk.usage) this.usage = usageFromOpenAI(chunk.usage);
      out += this.write(this.converter.push(chunk));
    }
    return out;
  }

  end(): string {
    const out = this.push(this.blocks.rest());
    if (!this.done) throw incomplete(this.provider);
    return out + this.write(this.converter.finish());
  }

  response(): unknown {
    return accumulateAnthropicEvents(this.events);
  }

  private write(events: AnthropicStreamEvent[]): string {
    let out = '';
    for (const event of events) {
      this.events.push(event);
      out += `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    }
    return out;
  }
}

function definedOnly(object: object): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined && value !== null) out[key] = value as number;
  return out;
}

function upstreamStreamError(provider: string, data: string): SwitchyardError {
  let message = data.slice(0, 300);
  try {
    const body = JSON.parse(data) as { error?: { message?: string } };
    message = body.error?.message ?? message;
  } catch {
    // keep the raw text
  }
  return new SwitchyardError('upstream_error', `provider "${provider}" sent an error mid-stream: ${message}`, { status: 502 });
}

/** Picks the relay for (client format, upstream format). */
export function createStreamRelay(client: WireFormat, upstream: WireFormat, provider: string, clientWantsUsage: boolean, jsonTool: string | undefined): StreamRelay {
  if (client === 'openai') {
    return upstream === 'openai' ? new OpenAIRelay(provider, clientWantsUsage) : new AnthropicToOpenAIRelay(provider, clientWantsUsage, jsonTool);
  }
  return upstream === 'anthropic' ? new AnthropicRelay(provider) : new OpenAIToAnthropicRelay(provider);
}

/** The SSE event that tells a client its stream failed, in the client's own error format. */
export function streamErrorEvent(client: WireFormat, error: SwitchyardError, requestId: string): string {
  if (client === 'anthropic') {
    return `event: error\ndata: ${JSON.stringify(toAnthropicErrorBody(error.status, error.message, requestId))}\n\n`;
  }
  const body = { error: { message: error.message, type: error.status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: error.code } };
  return `data: ${JSON.stringify(body)}\n\n`;
}

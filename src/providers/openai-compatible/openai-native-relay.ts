import type { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { parseBlocks, SseBlocks } from '../../core/sse-blocks.js';
import { type Usage, usageFromOpenAI } from '../../tokens/usage.js';
import { CapturedStream } from '../captured-stream.js';
import type { NativeRelay } from '../http-provider.js';
import { incompleteStream, streamErrorEvent } from '../stream-errors.js';

const DONE = 'data: [DONE]\n\n';
// Compact JSON (OpenAI, vLLM) and Python's spaced `json.dumps` output alike.
const HAS_USAGE = /"usage":\s*\{/;
const IS_ERROR = /^\{\s*"error"/;
const HAS_ERROR_EVENT = /^data:\s*\{\s*"error"/m;

/**
 * OpenAI upstream, OpenAI client: forwards whole events byte for byte and parses only the few
 * that carry usage or an error. The usage chunk the gateway asked for is stripped again unless
 * the client asked for it too.
 */
export class OpenAINativeRelay implements NativeRelay {
  private readonly blocks = new SseBlocks();
  private readonly received: string[] = [];
  private done = false;
  usage: Usage | undefined;

  constructor(
    private readonly provider: string,
    private readonly clientWantsUsage: boolean,
    private readonly errorFor: (status: number, data: string) => SwitchyardError = (status, data) => streamErrorEvent(provider, data, status),
  ) {}

  push(text: string): string {
    const whole = this.blocks.take(text);
    if (whole === '') return '';
    this.received.push(whole);
    // Fast path: content events go out as received. JSON escapes quotes inside strings, so these
    // patterns cannot match generated text.
    if (!HAS_USAGE.test(whole) && !HAS_ERROR_EVENT.test(whole)) {
      if (whole.includes(DONE)) this.done = true;
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
      if (IS_ERROR.test(data)) throw this.errorFor(502, data);
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
    if (!this.done) throw incompleteStream(this.provider);
    return out;
  }

  response(): unknown {
    return new CapturedStream('openai', this.received);
  }
}

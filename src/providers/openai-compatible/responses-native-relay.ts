import type { SwitchyardError } from '../../core/errors.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { responseError, responsesErrorEvent, responsesFailure } from '../../core/openai-error.js';
import type { ResponseObject } from '../../core/responses-wire.js';
import { parseBlocks, SseBlocks } from '../../core/sse-blocks.js';
import { type Usage, usageOfResponse } from '../../tokens/usage.js';
import type { NativeRelay } from '../http-provider.js';
import { incompleteStream, streamErrorEvent } from '../stream-errors.js';

// The few events worth parsing: the response's lifecycle and errors. JSON escapes the quotes
// inside generated text, so these cannot match a delta's content.
const LIFECYCLE = /"type":\s*"(?:response\.(?:created|completed|incomplete|failed)|error)"/;
const SEQUENCE = /"sequence_number":\s*(\d+)/g;
// The events OpenAI sends before it may still refuse the request (`started`).
const OPENING = /"type":\s*"response\.(?:created|in_progress|queued)"/;

/**
 * Responses API upstream, Responses API client: forwards whole events byte for byte and parses
 * only lifecycle events (usage rides on `response.completed`). An upstream failure (`error` or
 * `response.failed`) is forwarded as sent, the stream's one ending (OpenAI ends a refused prompt
 * with `error` alone, a failed response with `response.failed`), and then raised, so the call is
 * traced as failed; a connection that breaks is closed with `error` and `response.failed` events
 * that continue the upstream's sequence numbers. `started` says when the stream is past its
 * opening events, before which OpenAI may still refuse the request.
 *
 * @example const stream = this.relay(upstream, new ResponsesNativeRelay('openai'), options);
 */
export class ResponsesNativeRelay implements NativeRelay {
  private readonly blocks: SseBlocks;
  private created: ResponseObject | null = null;
  private final: ResponseObject | null = null;
  private lastSequence = -1;
  private failure: SwitchyardError | null = null;
  private sentError = false;
  private sentFailed = false;
  private answering = false;
  usage: Usage | undefined;

  constructor(private readonly provider: string) {
    this.blocks = new SseBlocks(`provider "${provider}"`);
  }

  push(text: string): string {
    const whole = this.blocks.take(text);
    if (whole === '') return '';
    for (const match of whole.matchAll(SEQUENCE)) this.lastSequence = Number(match[1]);
    if (LIFECYCLE.test(whole)) for (const event of parseBlocks(whole)) this.inspect(event.data);
    if (!this.answering) this.answering = answers(whole);
    return whole;
  }

  /** Whether an event past the opening ones (an output item, a delta) has come: the upstream is answering. */
  started(): boolean {
    return this.answering;
  }

  end(): string {
    const rest = this.blocks.rest();
    const out = rest === '' ? '' : this.push(rest);
    if (this.failure) throw this.failure;
    if (!this.final) throw incompleteStream(this.provider);
    return out;
  }

  response(): unknown {
    return this.final ?? this.created;
  }

  /**
   * What the client still needs to hear when the stream failed: nothing when the upstream ended it
   * itself (its `error` or `response.failed` went out, and a second ending would be one OpenAI
   * never sends: after its refusal of a prompt past the window comes no `response.failed`).
   */
  fail(error: SwitchyardError): string {
    if (this.sentFailed || this.sentError) return '';
    const out = this.event('error', responsesErrorEvent(responsesFailure(error)));
    const base = this.created ?? ({ id: 'resp_unknown', object: 'response', created_at: Math.floor(Date.now() / 1000), model: '', output: [] } as unknown as ResponseObject);
    return out + this.event('response.failed', { response: { ...base, status: 'failed', error: responseError(error), usage: null } });
  }

  private inspect(data: string): void {
    if (!LIFECYCLE.test(data)) return;
    const event = JSON.parse(data) as { type: string; response?: ResponseObject; message?: unknown; code?: unknown; param?: unknown; error?: { message?: unknown; code?: unknown; type?: unknown; param?: unknown } };
    switch (event.type) {
      case 'response.created':
        this.created = event.response ?? null;
        return;
      case 'response.completed':
      case 'response.incomplete':
        this.final = event.response ?? null;
        if (event.response?.usage) this.usage = usageOfResponse(event.response as ResponseObject & { usage: NonNullable<ResponseObject['usage']> });
        return;
      case 'response.failed': {
        this.final = event.response ?? null;
        this.sentFailed = true;
        if (event.response?.usage) this.usage = usageOfResponse(event.response as ResponseObject & { usage: NonNullable<ResponseObject['usage']> });
        const error = event.response?.error;
        this.failure ??= this.upstreamFailure({ message: error?.message, code: error?.code });
        return;
      }
      case 'error':
        this.sentError = true;
        // The reference puts code and message on the event; OpenAI also nests them, with the
        // type, under `error` (its overload: `service_unavailable_error`, `server_is_overloaded`;
        // its refusal of a prompt past the window: `invalid_request_error`, `context_length_exceeded`).
        this.failure ??= this.upstreamFailure({ message: event.error?.message ?? event.message, code: event.error?.code ?? event.code, type: event.error?.type, param: event.error?.param ?? event.param });
        return;
    }
  }

  /**
   * The upstream's failure with its status, code and (kept for a Responses client) its own words,
   * as an in-band error of any OpenAI stream is read: a refusal held before the client heard
   * anything (`started`) reaches it as OpenAI gave it, and `context_length_exceeded` moves the
   * call on to a larger window.
   */
  private upstreamFailure(error: { message: unknown; code: unknown; type?: unknown; param?: unknown }): SwitchyardError {
    const message = typeof error.message === 'string' ? error.message : 'no message';
    return streamErrorEvent(this.provider, JSON.stringify({ error: { ...error, message } }), 'responses');
  }

  private event(type: string, fields: JsonObject): string {
    this.lastSequence += 1;
    return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: this.lastSequence })}\n\n`;
  }
}

/** Whether `whole` (whole events) holds one that is not an opening event. */
function answers(whole: string): boolean {
  for (let start = 0; start < whole.length; ) {
    const next = whole.indexOf('\n\n', start);
    const end = next === -1 ? whole.length : next + 2;
    const block = whole.slice(start, end);
    if (!OPENING.test(block) && !LIFECYCLE.test(block) && block.includes('data:')) return true;
    start = end;
  }
  return false;
}

import { SwitchyardError } from '../../core/errors.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { responseError, responsesErrorEvent, responsesFailure } from '../../core/openai-error.js';
import type { ResponseObject } from '../../core/responses-wire.js';
import { parseBlocks, SseBlocks } from '../../core/sse-blocks.js';
import { type Usage, usageFromResponses } from '../../tokens/usage.js';
import type { NativeRelay } from '../http-provider.js';
import { incompleteStream, statusOfStreamError } from '../stream-errors.js';

// The few events worth parsing: the response's lifecycle and errors. JSON escapes the quotes
// inside generated text, so these cannot match a delta's content.
const LIFECYCLE = /"type":\s*"(?:response\.(?:created|completed|incomplete|failed)|error)"/;
const SEQUENCE = /"sequence_number":\s*(\d+)/g;

/**
 * Responses API upstream, Responses API client: forwards whole events byte for byte and parses
 * only lifecycle events (usage rides on `response.completed`). An upstream failure (`error` or
 * `response.failed`) is forwarded as sent and then raised, so the call is traced as failed; a
 * connection that breaks is closed with `error` and `response.failed` events that continue the
 * upstream's sequence numbers.
 *
 * @example const stream = this.relay(upstream, new ResponsesNativeRelay('openai'), options);
 */
export class ResponsesNativeRelay implements NativeRelay {
  private readonly blocks = new SseBlocks();
  private created: ResponseObject | null = null;
  private final: ResponseObject | null = null;
  private lastSequence = -1;
  private failure: SwitchyardError | null = null;
  private sentError = false;
  private sentFailed = false;
  usage: Usage | undefined;

  constructor(private readonly provider: string) {}

  push(text: string): string {
    const whole = this.blocks.take(text);
    if (whole === '') return '';
    for (const match of whole.matchAll(SEQUENCE)) this.lastSequence = Number(match[1]);
    if (LIFECYCLE.test(whole)) for (const event of parseBlocks(whole)) this.inspect(event.data);
    return whole;
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

  /** What the client still needs to hear when the stream failed: nothing if upstream already said `response.failed`. */
  fail(error: SwitchyardError): string {
    if (this.sentFailed) return '';
    let out = '';
    if (!this.sentError) out += this.event('error', responsesErrorEvent(responsesFailure(error)));
    const base = this.created ?? ({ id: 'resp_unknown', object: 'response', created_at: Math.floor(Date.now() / 1000), model: '', output: [] } as unknown as ResponseObject);
    return out + this.event('response.failed', { response: { ...base, status: 'failed', error: responseError(error), usage: null } });
  }

  private inspect(data: string): void {
    if (!LIFECYCLE.test(data)) return;
    const event = JSON.parse(data) as { type: string; response?: ResponseObject; message?: unknown; code?: unknown; error?: { message?: unknown; code?: unknown; type?: unknown } };
    switch (event.type) {
      case 'response.created':
        this.created = event.response ?? null;
        return;
      case 'response.completed':
      case 'response.incomplete':
        this.final = event.response ?? null;
        if (event.response?.usage) this.usage = usageFromResponses(event.response.usage, event.response.service_tier);
        return;
      case 'response.failed': {
        this.final = event.response ?? null;
        this.sentFailed = true;
        if (event.response?.usage) this.usage = usageFromResponses(event.response.usage, event.response.service_tier);
        const error = event.response?.error;
        this.failure ??= this.upstreamFailure({ message: error?.message, code: error?.code });
        return;
      }
      case 'error':
        this.sentError = true;
        // The reference puts code and message on the event; OpenAI also nests them, with the
        // type, under `error` (its overload: `service_unavailable_error`, `server_is_overloaded`).
        this.failure ??= this.upstreamFailure({ message: event.message ?? event.error?.message, code: event.code ?? event.error?.code, type: event.error?.type });
        return;
    }
  }

  private upstreamFailure(error: { message: unknown; code: unknown; type?: unknown }): SwitchyardError {
    const text = typeof error.message === 'string' ? error.message : 'no message';
    return new SwitchyardError('upstream_error', `provider "${this.provider}" failed the response mid-stream: ${text}`, { status: statusOfStreamError(error) });
  }

  private event(type: string, fields: JsonObject): string {
    this.lastSequence += 1;
    return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: this.lastSequence })}\n\n`;
  }
}

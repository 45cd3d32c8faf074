import { parseBlocks, SseBlocks } from '../../core/sse-blocks.js';
import type { Usage } from '../../tokens/usage.js';
import { AnthropicUsageTally } from './anthropic-usage-tally.js';
import { AnthropicSseFold } from '../../core/fold-anthropic-sse.js';
import type { NativeRelay } from '../http-provider.js';
import { breakAfter } from '../stream-break.js';
import { incompleteStream } from '../stream-errors.js';
import { statusForAnthropicErrorType, streamErrorToSwitchyard, untypedErrorType } from './anthropic-error.js';
import { keptVendorError } from '../upstream-error.js';
import { TraceCopy } from '../trace-copy.js';

const ACCOUNTING_EVENT = /^event:\s*(message_|error)/m;
// An event past Claude's opening ones (and not its error): once one has come the model is answering (`started`).
const ANSWERING_EVENT = /^event:\s*(?!(?:message_start|ping|error)\s*$)\S/m;

/**
 * Anthropic upstream, Anthropic client: forwards whole events as received; reads usage from
 * `message_start` / `message_delta`, the end from `message_stop`, and fails on `error`.
 * `started` says when the stream is past `message_start` and `ping`: Anthropic reports an
 * overload (`overloaded_error`) in-band after its 200, often right after `message_start`, and a
 * stream held until then can still be retried or passed to the next target unheard.
 */
export class AnthropicNativeRelay implements NativeRelay {
  private readonly blocks: SseBlocks;
  /** The message for the trace, folded as events pass (see `TraceCopy`). */
  private readonly answer = new TraceCopy(new AnthropicSseFold());
  private stopped = false;
  private answering = false;
  private readonly tally = new AnthropicUsageTally();

  constructor(private readonly provider: string) {
    this.blocks = new SseBlocks(`provider "${provider}"`);
  }

  push(text: string): string {
    const whole = this.blocks.take(text);
    if (whole === '') return '';
    this.answer.take(whole);
    // Read before an error in the same read can throw: text that came with it goes out ahead of it.
    if (!this.answering) this.answering = ANSWERING_EVENT.test(whole);
    // Content deltas go out untouched; only the events that carry usage, the end or an error are read.
    if (ACCOUNTING_EVENT.test(whole)) this.account(whole);
    return whole;
  }

  /** Whether an event past the opening ones (a content block) has come: the model is answering. */
  started(): boolean {
    return this.answering;
  }

  /** Reads the accounting events of `whole`, one event at a time: an error fails the stream after the events before it went out. */
  private account(whole: string): void {
    let start = 0;
    try {
      while (start < whole.length) {
        const next = whole.indexOf('\n\n', start);
        const end = next === -1 ? whole.length : next + 2;
        const block = whole.slice(start, end);
        if (ACCOUNTING_EVENT.test(block)) for (const event of parseBlocks(block)) this.event(event.name ?? 'message', event.data);
        start = end;
      }
    } catch (error) {
      throw breakAfter(whole.slice(0, start), error);
    }
  }

  private event(type: string, data: string): void {
    if (type === 'message_start' || type === 'message_delta') {
      const parsed = JSON.parse(data) as { message?: { usage?: object }; usage?: object };
      this.tally.add(parsed.message?.usage ?? parsed.usage);
    } else if (type === 'message_stop') this.stopped = true;
    else if (type === 'error') {
      const body = JSON.parse(data) as { error?: { type?: string; message?: string; details?: unknown } };
      const message = body.error?.message ?? data.slice(0, 300);
      const error = { ...body.error, type: body.error?.type ?? untypedErrorType(message), message };
      // The client speaks Anthropic too: it gets the event in Claude's words (with the gateway's
      // request id), as it would a whole error answer; the trace gets the gateway's, naming the provider.
      const own = typeof body.error?.message === 'string' ? keptVendorError('anthropic', statusForAnthropicErrorType(error.type), { message: error.message, type: error.type }) : undefined;
      throw streamErrorToSwitchyard(error, { upstream: `provider "${this.provider}"`, vendorError: own });
    }
  }

  get usage(): Usage | undefined {
    return this.tally.usage;
  }

  end(): string {
    const rest = this.blocks.rest();
    const out = rest === '' ? '' : this.push(rest);
    if (!this.stopped) throw incompleteStream(this.provider);
    return out;
  }

  /** The whole message, or null when an event the client got could not be read back. */
  response(): unknown {
    return this.answer.result();
  }
}

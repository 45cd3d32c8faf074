import { SseBlocks } from '../../core/sse-blocks.js';
import { CapturedStream } from '../captured-stream.js';
import type { NativeRelay } from '../http-provider.js';
import { breakAfter } from '../stream-break.js';
import { incompleteStream } from '../stream-errors.js';
import { usageFromOpenAI, type Usage } from '../../tokens/usage.js';
import { usageFromGemini } from './convert-usage.js';
import { streamErrorToSwitchyard } from './gemini-error.js';
import type { GeminiErrorBody, GenerateContentResponse } from './gemini-wire.js';

/**
 * Gemini upstream, Gemini API client: forwards whole `streamGenerateContent?alt=sse` events as
 * received. Google repeats the running usage on each event, so only the last event that carries
 * `usageMetadata` is kept, as text, and parsed once when the stream is over; an event with a
 * `finishReason` ends the answer, and an error object (Google sends it bare, after the events it
 * managed to send) fails the stream. The usage is billed at the tier the response header named.
 * `started` holds the stream until the first event that is not an error (see it).
 */
export class GeminiNativeRelay implements NativeRelay {
  private readonly blocks: SseBlocks;
  private readonly sent: string[] = [];
  private lastUsage: string | undefined;
  private finished = false;
  private answering = false;

  /** `serviceTier`: the tier that served the call, from the `x-gemini-service-tier` response header. */
  constructor(
    private readonly provider: string,
    private readonly serviceTier?: 'flex' | 'priority' | 'default',
  ) {
    this.blocks = new SseBlocks(`provider "${provider}"`);
  }

  push(text: string): string {
    const whole = this.blocks.take(text);
    if (whole === '') return '';
    let start = 0;
    while (start < whole.length) {
      const next = whole.indexOf('\n\n', start);
      const end = next === -1 ? whole.length : next + 2;
      this.account(whole.slice(start, end), whole.slice(0, start));
      start = end;
    }
    this.sent.push(whole);
    return whole;
  }

  private account(block: string, before: string): void {
    const data = block.startsWith('data:') ? block.slice(block.charCodeAt(5) === 32 ? 6 : 5) : block;
    if (data.startsWith('{"error"') || (!block.startsWith('data:') && block.includes('"error"'))) {
      let body: GeminiErrorBody;
      try {
        body = JSON.parse(data) as GeminiErrorBody;
      } catch {
        return;
      }
      // The client speaks Gemini too: it gets Google's words and status name (with the gateway's
      // request id), as it would a whole error answer; the trace gets the gateway's, naming the provider.
      if (body.error) throw breakAfter(before, streamErrorToSwitchyard(body, this.provider, 'gemini'));
    }
    // Google's events are all answers (no opening ones): the first that is not an error means it is answering.
    if (block.startsWith('data:')) this.answering = true;
    if (block.includes('"usageMetadata"')) this.lastUsage = data;
    if (block.includes('"finishReason"')) this.finished = true;
  }

  /**
   * Whether an event has come that is not an error: Google reports an overload or a spent quota
   * in-band after its 200, sometimes before any event, and a stream held until then can still be
   * retried or passed to the next target unheard, as Claude's and the Responses API's are.
   */
  started(): boolean {
    return this.answering;
  }

  get usage(): Usage | undefined {
    if (this.lastUsage === undefined) return undefined;
    try {
      const { usageMetadata } = JSON.parse(this.lastUsage) as GenerateContentResponse;
      return usageMetadata ? usageFromOpenAI(usageFromGemini(usageMetadata), this.serviceTier) : undefined;
    } catch {
      return undefined;
    }
  }

  end(): string {
    const rest = this.blocks.rest();
    const out = rest === '' ? '' : this.push(rest);
    if (!this.finished) throw breakAfter(out, incompleteStream(this.provider));
    return out;
  }

  /** The whole answer for the trace, folded from the events once the trace is written. */
  response(): unknown {
    return new CapturedStream('gemini', this.sent);
  }
}

import { SwitchyardError } from '../../core/errors.js';
import type { Attempt } from '../../core/trace.js';
import type { ChatProvider } from '../../providers/spec.js';
import type { Usage } from '../../tokens/usage.js';
import type { Call } from '../call.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** What the provider's stream tells about itself once it ends. */
export interface StreamState {
  usage(): Usage | undefined;
  response(): unknown;
  cancel(): void;
  fail?: ((error: SwitchyardError) => string) | undefined;
}

/**
 * A stream's events as the client will receive them, instrumented: time to first token, usage
 * and the answer for the trace at its end, the attempt's latency stretched over the whole stream,
 * and the upstream released when the consumer stops early or the stream fails.
 *
 * Hand-written rather than an async generator, as `relayEvents` is: it sits on every event.
 *
 * @example outcome.events = trackStream(call, provider, stream.events, state);
 */
export function trackStream(call: Call, provider: ChatProvider, events: AsyncIterable<string>, state: StreamState): AsyncIterableIterator<string> {
  return new TrackedEvents(call, provider, events, state);
}

class TrackedEvents implements AsyncIterableIterator<string> {
  private source: AsyncIterator<string> | undefined;
  private attempt: Attempt | undefined;
  private attemptStart = 0;
  private ended = false;

  constructor(
    private readonly call: Call,
    private readonly provider: ChatProvider,
    private readonly events: AsyncIterable<string>,
    private readonly state: StreamState,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<string> {
    return this;
  }

  next(): Promise<IteratorResult<string>> {
    if (this.ended) return Promise.resolve(DONE);
    if (this.source === undefined) {
      // Once iteration starts, after the attempt that opened the stream was recorded.
      this.attempt = this.call.attempts[this.call.attempts.length - 1] as Attempt;
      this.attemptStart = performance.now() - this.attempt.latencyMs;
      this.source = this.events[Symbol.asyncIterator]();
    }
    return this.source.next().then(this.onPiece, this.onError);
  }

  /** The consumer stopped early: close the source, then release the upstream and record. */
  async return(): Promise<IteratorResult<string>> {
    if (this.ended) return DONE;
    if (this.source === undefined) {
      this.ended = true;
      return DONE;
    }
    try {
      await this.source.return?.();
    } finally {
      this.end(false);
    }
    return DONE;
  }

  private readonly onPiece = (piece: IteratorResult<string>): IteratorResult<string> => {
    if (piece.done) this.end(true);
    else if (this.call.ttftMs === null) this.call.ttftMs = performance.now() - this.call.t0;
    return piece;
  };

  private readonly onError = (error: unknown): never => {
    const call = this.call;
    call.error = error instanceof SwitchyardError ? error : this.provider.networkError(error, { signal: call.input.signal, timeoutMs: 0 });
    // The in-band error's own code, as the upstream sent it, on the attempt it broke.
    if (call.error.upstreamCode !== undefined && this.attempt) this.attempt.code = call.error.upstreamCode;
    this.end(false);
    throw call.error;
  };

  private end(finished: boolean): void {
    if (this.ended) return;
    this.ended = true;
    if (!finished) {
      this.state.cancel();
      this.call.streamCut = true;
    }
    this.call.usage = this.state.usage();
    const attempt = this.attempt as Attempt;
    attempt.latencyMs = performance.now() - this.attemptStart;
    try {
      this.call.response = this.state.response();
    } catch {
      this.call.response = null;
    }
  }
}

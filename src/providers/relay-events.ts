import { StringDecoder } from 'node:string_decoder';
import type { SwitchyardError } from '../core/errors.js';
import type { NativeRelay } from './http-provider.js';
import { StreamBreak } from './stream-break.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The events a same-format relay sends on, pulled from the upstream body one read at a time:
 * each read goes through `relay.push`, reads that complete no event are skipped, `relay.end()`
 * gives the last ones. A failed read or push becomes `fail(error)`; `relay.end()`'s own error
 * (a stream cut short) is thrown as it is. A push that failed after events of the same read
 * (`StreamBreak`) gives those events first, then fails. Returning early closes the body.
 *
 * Hand-written rather than an async generator: a stream is ~35 events, and each generator layer
 * cost ~0.4 µs per event against ~0.1 µs for a promise callback (Node 20).
 *
 * @example for await (const sse of relayEvents(upstream.body, new OpenAINativeRelay('openai', false), toError)) res.write(sse);
 */
export function relayEvents(body: AsyncIterable<Buffer>, relay: NativeRelay, fail: (error: unknown) => SwitchyardError): AsyncIterableIterator<string> {
  return new RelayEvents(body, relay, fail);
}

class RelayEvents implements AsyncIterableIterator<string> {
  private source: AsyncIterator<Buffer> | undefined;
  private readonly text = new StringDecoder('utf8');
  private finished = false;
  /** The error to fail with once the events read before it went out. */
  private broken: SwitchyardError | undefined;

  constructor(
    private readonly body: AsyncIterable<Buffer>,
    private readonly relay: NativeRelay,
    private readonly fail: (error: unknown) => SwitchyardError,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<string> {
    return this;
  }

  next(): Promise<IteratorResult<string>> {
    if (this.broken) {
      const error = this.broken;
      this.broken = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve(DONE);
    this.source ??= this.body[Symbol.asyncIterator]();
    return this.source.next().then(this.onRead, this.onReadError);
  }

  async return(): Promise<IteratorResult<string>> {
    if (this.finished) return DONE;
    this.finished = true;
    await this.source?.return?.();
    return DONE;
  }

  private readonly onRead = (read: IteratorResult<Buffer>): IteratorResult<string> | Promise<IteratorResult<string>> => {
    if (read.done) {
      this.finished = true;
      let rest: string;
      try {
        rest = this.relay.end();
      } catch (error) {
        if (!(error instanceof StreamBreak)) throw error;
        this.broken = error.error as SwitchyardError;
        return { done: false, value: error.before as string };
      }
      return rest === '' ? DONE : { done: false, value: rest };
    }
    let out: string;
    try {
      out = this.relay.push(this.text.write(read.value));
    } catch (error) {
      this.finished = true;
      this.source?.return?.().catch(() => {});
      if (!(error instanceof StreamBreak)) throw this.fail(error);
      this.broken = this.fail(error.error);
      return { done: false, value: error.before as string };
    }
    return out === '' ? this.next() : { done: false, value: out };
  };

  private readonly onReadError = (error: unknown): never => {
    this.finished = true;
    throw this.fail(error);
  };
}

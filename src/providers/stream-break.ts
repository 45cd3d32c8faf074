/**
 * An in-band error an upstream sent after other events of the same read. Those events are part
 * of the answer the client is owed: thrown by a relay's or decoder's `push` with what they made
 * (`before`: SSE text for a relay, chunks for a decoder), so the stream sends them on first and
 * fails with `error` after. Without it, an error event read together with the answer's first
 * tokens (a fast upstream, a buffering proxy) took those tokens with it: the client got only the
 * error and the trace no time to first token.
 */
export class StreamBreak<T extends string | readonly unknown[]> extends Error {
  constructor(
    readonly before: T,
    readonly error: unknown,
  ) {
    super('the upstream stream broke after events still to be sent');
    this.name = 'StreamBreak';
  }
}

/**
 * What `push` throws for `error` met after `before` was made from the same read: `error` itself
 * when nothing was, a `StreamBreak` carrying both otherwise.
 *
 * @example throw breakAfter(out, streamErrorEvent(provider, data)) // out sent first, then the error
 */
export function breakAfter<T extends string | readonly unknown[]>(before: T, error: unknown): unknown {
  return before.length === 0 ? error : new StreamBreak(before, error);
}

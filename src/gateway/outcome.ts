import type { SwitchyardError } from '../core/errors.js';

export type Headers = Record<string, string>;

/** A whole answer in the client's format. */
export interface JsonOutcome {
  kind: 'json';
  status: number;
  body: string;
  headers: Headers;
}

/**
 * A streamed answer: SSE text in the client's format, pulled by the consumer (which is what
 * gives backpressure). Iteration throws a SwitchyardError when the stream fails after it began;
 * the HTTP edge turns it into an error event in the client's format.
 */
export interface StreamOutcome {
  kind: 'stream';
  headers: Headers;
  events: AsyncIterable<string>;
  /**
   * The events that end this stream when it fails after it began, for client APIs with their own
   * (the Responses API's `error` + `response.failed`, numbered after what was sent). Without it
   * the HTTP edge sends the API's plain error event.
   */
  failure?: (error: SwitchyardError) => string;
}

/**
 * The events of a stream whose whole text is known before it starts (a local model's answer, a
 * cached one): the HTTP edge sends it in one write, without pulling it piece by piece. A stage
 * that wraps the events replaces this object, so the edge then pulls the wrapper as usual.
 *
 * @example { kind: 'stream', headers, events: new WholeEvents(sse) }
 */
export class WholeEvents implements AsyncIterable<string> {
  constructor(readonly text: string) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    yield this.text;
  }
}

/** The call failed before any answer: the HTTP edge sends the error in the client's shape. */
export interface ErrorOutcome {
  kind: 'error';
  error: SwitchyardError;
  headers: Headers;
}

export type Outcome = JsonOutcome | StreamOutcome | ErrorOutcome;

/**
 * Wraps a stream's events so `onEach` sees every piece and `onEnd` runs once when it ends,
 * fails or is abandoned by its consumer.
 *
 * @example events = observeEvents(events, { onEnd: (error) => record(error) });
 */
export async function* observeEvents(
  events: AsyncIterable<string>,
  hooks: { onEach?: (piece: string) => string; onEnd?: (error: unknown) => void },
): AsyncGenerator<string> {
  let failure: unknown;
  try {
    for await (const piece of events) yield hooks.onEach ? hooks.onEach(piece) : piece;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    hooks.onEnd?.(failure);
  }
}

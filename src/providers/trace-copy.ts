/** A fold of SSE events into the answer they make up (`OpenAISseFold`, `AnthropicSseFold`). */
export interface EventFold<T> {
  takeEvents(whole: string): void;
  result(): T;
}

/**
 * The trace's copy of a relayed stream, folded as events pass (keeping their text until the
 * trace is written cost memory and GC). An event that does not parse spoils only this copy —
 * the trace gets no answer — never the stream the client reads.
 *
 * @example const copy = new TraceCopy(new OpenAISseFold()); copy.take(events); copy.result()
 */
export class TraceCopy<T> {
  private failed = false;

  constructor(private readonly fold: EventFold<T>) {}

  /** Takes whole events: text that ends in a blank line. */
  take(whole: string): void {
    if (this.failed) return;
    try {
      this.fold.takeEvents(whole);
    } catch {
      this.failed = true;
    }
  }

  /** The whole answer, or null when an event the client got could not be read back. */
  result(): T | null {
    return this.failed ? null : this.fold.result();
  }
}

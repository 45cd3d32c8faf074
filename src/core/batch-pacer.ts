/**
 * How many rows the next statement of a background job should take, so that each statement holds
 * the event loop (or the database) for about `targetMs`: a fixed row count is milliseconds on one
 * table and seconds on another (a thousand traces' bodies rewritten took 154–466 ms, a thousand
 * index entries a few). It starts at `max`, then sizes each batch from the time per row the last
 * one took, growing by at most double a step so one fast batch does not overshoot.
 *
 * @example const pacer = new BatchPacer(1_000); for (;;) { const done = await pacer.run((limit) => store.prune(limit)); … }
 */
export class BatchPacer {
  private rows: number;

  constructor(
    private readonly max: number,
    private readonly options: { targetMs?: number; min?: number; now?: () => number } = {},
  ) {
    this.rows = max;
  }

  /** The rows the next batch may take. */
  get limit(): number {
    return this.rows;
  }

  /** Runs one batch with the current limit, then resizes the next from how long it took. */
  async run<T>(batch: (limit: number) => Promise<T>): Promise<T> {
    const now = this.options.now ?? performance.now.bind(performance);
    const limit = this.rows;
    const started = now();
    const result = await batch(limit);
    this.observe(limit, now() - started);
    return result;
  }

  private observe(limit: number, elapsedMs: number): void {
    const target = this.options.targetMs ?? 25;
    const min = this.options.min ?? 10;
    // Time per row of the batch as asked (a short last batch reads as cheap rows: the cap below bounds it).
    const sized = elapsedMs <= 0 ? limit * 2 : Math.floor((limit * target) / elapsedMs);
    this.rows = Math.max(min, Math.min(this.max, limit * 2, sized));
  }
}

import type { Counter } from 'prom-client';

interface Series<L extends string> {
  labels: Partial<Record<L, string>>;
  value: number;
}

/**
 * Sums a counter's increments per label set over one fold, then adds each sum once. prom-client
 * hashes and validates the labels on every `inc`, and the traces of one fold mostly share their
 * labels (one model, provider and key under load), so this does that work per series, not per
 * trace. A series is found by walking one map level per label value: the values are mostly the
 * same string objects each time (BoundedLabel's), whose hashes V8 keeps, so finding a series
 * builds no key string.
 *
 * @example const batch = new CounterBatch(requests); batch.add({ model: 'small' }); batch.add({ model: 'small' }); batch.flush() // one inc of 2
 */
export class CounterBatch<L extends string> {
  private readonly root = new Map<string, unknown>();
  private touched: Series<L>[] = [];

  constructor(private readonly counter: Counter<L>) {}

  /** Adds `value` to the series of `labels`; every call site must give its labels in one order. */
  add(labels: Partial<Record<L, string>>, value = 1): void {
    // prom-client throws on a negative or non-finite increment, from the fold's timer: the process ended.
    if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) return;
    let level = this.root;
    let series: Series<L> | undefined;
    let last: string | undefined;
    for (const name in labels) {
      if (last !== undefined) {
        let next = level.get(last) as Map<string, unknown> | undefined;
        if (next === undefined) level.set(last, (next = new Map()));
        level = next;
      }
      last = labels[name] as string;
    }
    series = level.get(last ?? '') as Series<L> | undefined;
    if (series === undefined) level.set(last ?? '', (series = { labels, value: 0 }));
    if (series.value === 0) this.touched.push(series);
    series.value += value;
  }

  /** Adds every sum since the last flush to the counter. */
  flush(): void {
    for (const series of this.touched) {
      // Finite increments can still sum past a float (two of 1e308): that sum is left out.
      if (Number.isFinite(series.value)) this.counter.inc(series.labels, series.value);
      series.value = 0;
    }
    this.touched = [];
  }
}

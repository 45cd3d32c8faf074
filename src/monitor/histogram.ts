/**
 * Log-scale latency histograms that merge by addition, so rollups can keep one per minute and
 * any range's percentiles come from summing them — no scan of raw traces. Bucket 0 holds values
 * under 1 ms; bucket i ≥ 1 holds [GROWTH^(i-1), GROWTH^i) ms. With GROWTH = 1.25 a reported
 * percentile is within ~12% of the true value (less after interpolation), up to ~17 minutes.
 */
export const HISTOGRAM_BUCKETS = 64;
const GROWTH = 1.25;
const LOG_GROWTH = Math.log(GROWTH);

export type Histogram = Uint32Array;

export function emptyHistogram(): Histogram {
  return new Uint32Array(HISTOGRAM_BUCKETS);
}

/** The bucket a latency in ms falls into. */
export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(HISTOGRAM_BUCKETS - 1, Math.floor(Math.log(ms) / LOG_GROWTH) + 1);
}

/** Adds `source` into `target` in place. */
export function addInto(target: Histogram, source: Histogram): void {
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) target[i] = (target[i] as number) + (source[i] as number);
}

/**
 * The q-quantile (0–1) of the recorded values, interpolated geometrically inside its bucket;
 * null for an empty histogram.
 *
 * @example quantile(histogramOf([10, 20, 30]), 0.5) // ≈ 20
 */
export function quantile(histogram: Histogram, q: number): number | null {
  let total = 0;
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) total += histogram[i] as number;
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
    const count = histogram[i] as number;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const within = count === 0 ? 0 : Math.max(0, Math.min(1, (rank - seen) / count));
      if (i === 0) return within;
      const low = GROWTH ** (i - 1);
      return low * GROWTH ** within;
    }
    seen += count;
  }
  return GROWTH ** (HISTOGRAM_BUCKETS - 1);
}

/** A histogram of the given values (tests and backfills). */
export function histogramOf(values: readonly number[]): Histogram {
  const histogram = emptyHistogram();
  for (const value of values) histogram[bucketOf(value)] = (histogram[bucketOf(value)] as number) + 1;
  return histogram;
}

import { quantileSorted } from './bootstrap.js';

/**
 * Latency-style percentiles of unsorted values (type 7 interpolation).
 *
 * @example percentiles([5, 1, 3], [0.5, 0.95]) // [3, 4.8]
 */
export function percentiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return qs.map((q) => quantileSorted(sorted, q));
}

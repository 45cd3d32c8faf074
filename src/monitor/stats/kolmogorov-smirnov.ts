/** A two-sample test of numbers. */
export interface KsResult {
  /** Largest distance between the two empirical distribution functions, 0–1. */
  statistic: number;
  pValue: number;
}

/**
 * Two-sample Kolmogorov–Smirnov test with the asymptotic p-value (Stephens' small-sample
 * correction), as scipy's `ks_2samp(method='asymp')`. Ties are handled by stepping over equal values.
 *
 * @example kolmogorovSmirnov([1, 2, 3, 4], [1, 2, 3, 4]).statistic // 0
 */
export function kolmogorovSmirnov(reference: readonly number[], current: readonly number[]): KsResult {
  const n = reference.length;
  const m = current.length;
  if (n === 0 || m === 0) return { statistic: 0, pValue: 1 };
  const a = Float64Array.from(reference).sort();
  const b = Float64Array.from(current).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i] as number, b[j] as number);
    while (i < n && (a[i] as number) <= x) i++;
    while (j < m && (b[j] as number) <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { statistic: d, pValue: kolmogorovTail((en + 0.12 + 0.11 / en) * d) };
}

/** P(K > λ) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²λ²). */
function kolmogorovTail(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Mean, median and 95th percentile of some numbers (NaN for none), for a report's "from → to".
 *
 * @example summarize([1, 2, 3]) // { n: 3, mean: 2, p50: 2, p95: 3 }
 */
export function summarize(values: readonly number[]): { n: number; mean: number; p50: number; p95: number } {
  if (values.length === 0) return { n: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
  return { n: values.length, mean: sorted.reduce((s, v) => s + v, 0) / sorted.length, p50: at(0.5), p95: at(0.95) };
}

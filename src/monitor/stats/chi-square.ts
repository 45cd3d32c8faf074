import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** A homogeneity test of two samples of categories. */
export interface ChiSquareResult {
  statistic: number;
  degreesOfFreedom: number;
  /** Probability of a statistic this large when both windows draw from one distribution. */
  pValue: number;
}

/**
 * Pearson's chi-square test that two windows share one category distribution (a 2 × k table).
 * Categories seen in neither window are dropped; with fewer than two left there is nothing to test.
 *
 * @example chiSquareHomogeneity({ a: 50, b: 50 }, { a: 80, b: 20 }).pValue < 0.001 // true
 */
export function chiSquareHomogeneity(reference: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>): ChiSquareResult {
  const categories = [...new Set([...Object.keys(reference), ...Object.keys(current)])].filter((c) => (reference[c] ?? 0) + (current[c] ?? 0) > 0);
  const nRef = categories.reduce((sum, c) => sum + (reference[c] ?? 0), 0);
  const nCur = categories.reduce((sum, c) => sum + (current[c] ?? 0), 0);
  if (categories.length < 2 || nRef === 0 || nCur === 0) return { statistic: 0, degreesOfFreedom: 0, pValue: 1 };
  const total = nRef + nCur;
  let statistic = 0;
  for (const c of categories) {
    const column = (reference[c] ?? 0) + (current[c] ?? 0);
    for (const [observed, rowTotal] of [[reference[c] ?? 0, nRef], [current[c] ?? 0, nCur]] as const) {
      const expected = (column * rowTotal) / total;
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  const degreesOfFreedom = categories.length - 1;
  return { statistic, degreesOfFreedom, pValue: Math.max(0, 1 - chisquareCdf(statistic, degreesOfFreedom)) };
}

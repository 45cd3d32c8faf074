import { normalCdf } from './interval.js';

export interface McNemarResult {
  /** Cases only the first run passed. */
  onlyA: number;
  /** Cases only the second run passed. */
  onlyB: number;
  /** χ² with continuity correction (reported even when the exact test decides). */
  statistic: number;
  pValue: number;
  method: 'exact' | 'chi-square';
}

/**
 * McNemar's test for paired pass/fail outcomes. Only discordant cases carry information; below
 * 25 of them the exact binomial test is used, as the χ² approximation is poor there.
 *
 * @example mcnemar(6, 16) // { statistic: 3.68, pValue: 0.052, method: 'exact' … }
 */
export function mcnemar(onlyA: number, onlyB: number): McNemarResult {
  const n = onlyA + onlyB;
  const statistic = n === 0 ? 0 : (Math.abs(onlyA - onlyB) - 1) ** 2 / n;
  if (n === 0) return { onlyA, onlyB, statistic: 0, pValue: 1, method: 'exact' };
  if (n < 25) return { onlyA, onlyB, statistic, pValue: exactBinomialTwoSided(Math.min(onlyA, onlyB), n), method: 'exact' };
  // χ² with one degree of freedom is the square of a standard normal.
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.sqrt(statistic))));
  return { onlyA, onlyB, statistic, pValue, method: 'chi-square' };
}

/** P(X ≤ k) doubled for X ~ Binomial(n, 1/2), capped at 1. */
function exactBinomialTwoSided(k: number, n: number): number {
  let logChoose = 0;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logChoose - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}

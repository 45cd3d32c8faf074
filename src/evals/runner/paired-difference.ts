import type { BootstrapOptions } from '../stats/bootstrap.js';
import { pairedMeanInterval, type PairedInterval } from '../stats/paired-mean.js';
import type { CaseOutcome } from './case-outcomes.js';

export interface PairedDifference {
  /** Cases both sides scored. */
  n: number;
  meanA: number;
  meanB: number;
  /** Mean of (B − A) per case with its 95% interval (see `pairedMeanInterval`). */
  difference: PairedInterval;
}

/**
 * The paired per-case difference B − A over the cases both have: far tighter than comparing
 * two independent intervals, because case difficulty cancels out.
 *
 * @example pairedDifference(a.cases, b.cases, { random: seededRandom(1) }).difference.low
 */
export function pairedDifference(a: ReadonlyMap<string, CaseOutcome>, b: ReadonlyMap<string, CaseOutcome>, options: BootstrapOptions): PairedDifference {
  const diffs: number[] = [];
  let sumA = 0;
  let sumB = 0;
  for (const [caseId, outcomeA] of a) {
    const outcomeB = b.get(caseId);
    if (!outcomeB) continue;
    diffs.push(outcomeB.quality - outcomeA.quality);
    sumA += outcomeA.quality;
    sumB += outcomeB.quality;
  }
  const n = diffs.length;
  return { n, meanA: n ? sumA / n : Number.NaN, meanB: n ? sumB / n : Number.NaN, difference: pairedMeanInterval(diffs, options) };
}

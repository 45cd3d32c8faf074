import { bootstrapMean, type BootstrapOptions } from './bootstrap.js';
import type { Interval } from './interval.js';

/**
 * The mean of per-case differences of scores in [0, 1] (so each difference is in [−1, 1]), with
 * a 95% interval: the paired bootstrap's, except when every case differs by the same amount
 * (typically 0: two runs that agree on every case). The bootstrap then collapses to a point and
 * five identical cases would "show with 95% confidence" that nothing changed. A sample of n
 * cases can miss any effect that touches fewer than about 3 in n of them (the rule of three), so
 * the interval is the estimate ± 3/n instead, and `ruleOfThree` says so.
 *
 * @example pairedMeanInterval([0, 0, 0, 0, 0], { random }) // { estimate: 0, low: -0.6, high: 0.6, level: 0.95, ruleOfThree: true }
 */
export function pairedMeanInterval(differences: readonly number[], options: BootstrapOptions): PairedInterval {
  const interval: PairedInterval = boundedMeanInterval(differences, -1, 1, options);
  const n = differences.length;
  if (interval.ruleOfThree || n === 0 || (options.level ?? 0.95) !== 0.95) return interval;
  // A resample holds only differences that were seen: when no case went one way, the bootstrap
  // cannot reach past zero on that side, and four equal cases and one better "showed" the
  // candidate no worse than −2 points, where five equal cases were inconclusive. The side no case
  // went is the rule of three's, as when every case agrees: a change on fewer than 3 in n is missed.
  let worse = false;
  let better = false;
  for (const d of differences) {
    if (d < 0) worse = true;
    else if (d > 0) better = true;
  }
  if (!worse && interval.estimate - 3 / n < interval.low) return { ...interval, low: Math.max(-1, interval.estimate - 3 / n), ruleOfThree: true, ruleOfThreeSide: 'low' };
  if (!better && interval.estimate + 3 / n > interval.high) return { ...interval, high: Math.min(1, interval.estimate + 3 / n), ruleOfThree: true, ruleOfThreeSide: 'high' };
  return interval;
}

/**
 * A paired difference's interval: `ruleOfThree` when an end is the rule of three's, both ends
 * when every case differs alike, only `ruleOfThreeSide`'s when no case went that way.
 */
export type PairedInterval = Interval & { ruleOfThree?: true; ruleOfThreeSide?: 'low' | 'high' };

/**
 * The mean quality of cases scored in [0, 1] with a 95% interval, by the same rule as
 * `pairedMeanInterval`: five cases that all score 100% get [40%, 100%] (the rule of three for
 * 5 of 5), not a bootstrap's [100%, 100%], which claims a certainty five cases cannot give.
 *
 * @example qualityMeanInterval([1, 1, 1, 1, 1], { random }) // { estimate: 1, low: 0.4, high: 1, level: 0.95, ruleOfThree: true }
 */
export function qualityMeanInterval(qualities: ArrayLike<number>, options: BootstrapOptions): Interval & { ruleOfThree?: true } {
  return boundedMeanInterval(qualities, 0, 1, options);
}

/** The one rule for both: the bootstrap's interval unless every value is the same, then ±3/n inside [min, max]. */
function boundedMeanInterval(values: ArrayLike<number>, min: number, max: number, options: BootstrapOptions): Interval & { ruleOfThree?: true } {
  const n = values.length;
  const first = values[0];
  let allEqual = first !== undefined;
  for (let i = 1; i < n && allEqual; i++) allEqual = values[i] === first;
  if (first !== undefined && allEqual && (options.level ?? 0.95) === 0.95) {
    return { estimate: first, low: Math.max(min, first - 3 / n), high: Math.min(max, first + 3 / n), level: 0.95, ruleOfThree: true };
  }
  return bootstrapMean(values, options);
}

/**
 * Cases needed before an interval from `pairedMeanInterval` can clear −tolerance on the side of
 * its estimate, or null when the estimate sits on the line: the bootstrap's width narrows with
 * √n; the rule of three's with n.
 *
 * @example casesToDecide(5, { estimate: 0, low: -0.6, high: 0.6, level: 0.95, ruleOfThree: true }, 0.02) // 150
 */
export function casesToDecide(n: number, interval: PairedInterval, tolerance: number): number | null {
  const margin = Math.abs(interval.estimate + tolerance);
  const halfWidth = (interval.high - interval.low) / 2;
  if (n === 0 || margin < 1e-9 || !Number.isFinite(halfWidth)) return null;
  // The end that decides is the low one when the estimate is above −tolerance, else the high one.
  const deciding = interval.estimate > -tolerance ? 'low' : 'high';
  if (interval.ruleOfThree && (interval.ruleOfThreeSide ?? deciding) === deciding) return Math.max(n + 1, Math.ceil(3 / margin));
  return Math.max(n + 1, Math.ceil(n * (halfWidth / margin) ** 2));
}

/**
 * Why an interval from `pairedMeanInterval` or `qualityMeanInterval` is the rule of three's, for
 * a report to say beside it (a ±60-point interval on two runs that agree on every case, or
 * [40–100] on five perfect answers, reads like a bug otherwise), or undefined for a bootstrap
 * interval. `of` says which kind of interval it is.
 *
 * @example ruleOfThreeReason({ estimate: 0, low: -0.6, high: 0.6, level: 0.95, ruleOfThree: true })
 * // "both runs score every case the same, so the interval is the rule of three's ±3/n"
 * @example ruleOfThreeReason({ estimate: 0.175, low: -0.425, high: 0.525, level: 0.95, ruleOfThree: true, ruleOfThreeSide: 'low' })
 * // "no case scored lower, so the low end is the rule of three's: the estimate − 3/n"
 * @example ruleOfThreeReason({ estimate: 1, low: 0.4, high: 1, level: 0.95, ruleOfThree: true }, 'quality')
 * // "every case scored 100.0%, so the interval is the rule of three's ±3/n"
 */
export function ruleOfThreeReason(interval: PairedInterval, of: 'difference' | 'quality' = 'difference'): string | undefined {
  if (!interval.ruleOfThree) return undefined;
  if (of === 'quality') return `every case scored ${(interval.estimate * 100).toFixed(1)}%, so the interval is the rule of three's ±3/n`;
  if (interval.ruleOfThreeSide === 'low') return "no case scored lower, so the low end is the rule of three's: the estimate − 3/n";
  if (interval.ruleOfThreeSide === 'high') return "no case scored higher, so the high end is the rule of three's: the estimate + 3/n";
  return `${interval.estimate === 0 ? 'both runs score every case the same' : 'every case differs by the same amount'}, so the interval is the rule of three's ±3/n`;
}

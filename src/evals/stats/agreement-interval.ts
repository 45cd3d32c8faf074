import type { Random } from '../../core/clock.js';
import { bootstrapStatistic } from './bootstrap.js';
import type { Interval } from './interval.js';

/** A statistic of paired scores (people's, a judge's): κ, Spearman's ρ, the mean difference. */
export type PairStatistic = (human: number[], judge: number[]) => number;

/** Items the rule of three re-scores: n items without a disagreement miss one on up to 3 in n. */
const RULE_OF_THREE_ITEMS = 3;

/**
 * A 95% interval for an agreement statistic of n (human, judge) score pairs: the percentile
 * bootstrap over items, except when every resample gives the same value (the judge agrees with
 * people the same way on every item, typically exactly). The bootstrap then says [1, 1] for κ
 * from four items, a certainty they cannot give: n items without a disagreement rule out only a
 * disagreement on more than about 3 in n of them (the rule of three). The interval is then the
 * range of the statistic with 3 of the n items (all of them when n ≤ 3) re-scored as
 * unfavourably, and as favourably, as the scale allows; `ruleOfThree` says so. For a mean of
 * scores in [0, 1] that all read 1 this is `qualityMeanInterval`'s 1 − 3/n.
 *
 * The re-scoring is greedy (one item at a time, the pair of scale values that moves the
 * statistic most), so its bound can be a little short of the true extreme: κ and ρ have no closed
 * form for it, and the 3·k⁴ evaluations are cheap next to the judge calls a calibration makes.
 *
 * @example agreementInterval([5, 4, 2, 1], [5, 4, 2, 1], kappaOf, 1, [1, 2, 3, 4, 5], { random })
 * // { estimate: 1, low: -0.833, high: 1, level: 0.95, ruleOfThree: true }: four items say little
 * // (fifteen items spread over 1–5 that all agree: [0.139, 1]; a hundred: [0.880, 1])
 */
export function agreementInterval(human: readonly number[], judge: readonly number[], statistic: PairStatistic, estimate: number, labels: readonly number[], options: { random: Random; resamples?: number }): Interval & { ruleOfThree?: true } {
  const n = human.length;
  const pairs = (pick: (i: number) => number) => {
    const h = new Array<number>(n);
    const j = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const k = pick(i);
      h[i] = human[k] as number;
      j[i] = judge[k] as number;
    }
    return statistic(h, j);
  };
  const bootstrap = bootstrapStatistic(n, pairs, estimate, { random: options.random, resamples: options.resamples ?? 1_000 });
  if (!Number.isFinite(estimate) || !Number.isFinite(bootstrap.low) || bootstrap.low !== bootstrap.high) return bootstrap;
  const low = rescored(human, judge, statistic, labels, -1);
  const high = rescored(human, judge, statistic, labels, 1);
  return { estimate, low: Math.min(low, estimate), high: Math.max(high, estimate), level: bootstrap.level, ruleOfThree: true };
}

/** The statistic after re-scoring up to three items, greedily, toward `direction` (−1 lowest, +1 highest). */
function rescored(human: readonly number[], judge: readonly number[], statistic: PairStatistic, labels: readonly number[], direction: -1 | 1): number {
  const h = [...human];
  const j = [...judge];
  const touched = new Set<number>();
  let value = statistic(h, j);
  for (let step = 0; step < Math.min(RULE_OF_THREE_ITEMS, h.length); step++) {
    let best: { item: number; a: number; b: number; value: number } | undefined;
    // Items holding the same pair of scores are interchangeable: trying one of each keeps this
    // at k² candidates a step, not n (a thousand agreeing items took seconds otherwise).
    const tried = new Set<string>();
    for (let item = 0; item < h.length; item++) {
      const key = `${h[item]},${j[item]}`;
      if (touched.has(item) || tried.has(key)) continue;
      tried.add(key);
      const keep = [h[item] as number, j[item] as number] as const;
      for (const a of labels) {
        for (const b of labels) {
          h[item] = a;
          j[item] = b;
          const v = statistic(h, j);
          // A re-scoring that leaves the statistic undefined (κ with one category) is no bound.
          if (Number.isFinite(v) && (best === undefined || direction * (v - best.value) > 0)) best = { item, a, b, value: v };
        }
      }
      h[item] = keep[0];
      j[item] = keep[1];
    }
    if (best === undefined) break;
    touched.add(best.item);
    h[best.item] = best.a;
    j[best.item] = best.b;
    value = best.value;
  }
  return value;
}

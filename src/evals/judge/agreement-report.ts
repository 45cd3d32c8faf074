import { countOf } from '../../core/plural.js';
import type { Random } from '../../core/clock.js';
import { agreementSummary, confusionMatrix, type ConfusionMatrix, quadraticWeightedKappa } from '../stats/agreement.js';
import { agreementInterval, type PairStatistic } from '../stats/agreement-interval.js';
import type { Interval } from '../stats/interval.js';
import { spearman } from '../stats/spearman.js';
import { wilsonInterval } from '../stats/wilson.js';

export interface AgreementReport {
  n: number;
  /** `ruleOfThree` when every item agrees the same way, so the bootstrap would collapse to a point (`agreementInterval`). */
  kappa: Interval & { ruleOfThree?: true };
  spearman: Interval & { ruleOfThree?: true };
  exact: Interval;
  withinOne: Interval;
  /** Mean judge − human score: above 0 the judge is more lenient than people. */
  bias: Interval & { ruleOfThree?: true };
  confusion: ConfusionMatrix;
  /** Share of items whose score changed between two judge runs, when measured. */
  flipRate: Interval | null;
  warnings: string[];
}

/** Below this many labels an agreement interval is too wide to choose a judge by. */
export const MIN_LABELS_FOR_CONFIDENCE = 30;

/**
 * Agreement of judge scores with human scores on a 1–5 (or other integer) scale, each metric
 * with a 95% interval (bootstrap for κ, ρ and bias, or the rule of three where the bootstrap
 * collapses: `agreementInterval`; Wilson for proportions), and plain warnings
 * when the sample is too small for the numbers to mean much.
 *
 * @example agreementReport([5, 4, 2], [5, 3, 2], [1, 5], { random: seededRandom(1) }).kappa.estimate
 */
export function agreementReport(human: readonly number[], judge: readonly number[], scale: readonly [number, number], options: { random: Random; flips?: { changed: number; of: number } }): AgreementReport {
  const labels = Array.from({ length: scale[1] - scale[0] + 1 }, (_, i) => scale[0] + i);
  const n = human.length;
  const confusion = confusionMatrix(human, judge, labels);
  const summary = agreementSummary(human, judge);
  const kappaOf = (h: number[], j: number[]) => quadraticWeightedKappa(confusionMatrix(h, j, labels));
  const biasOf = (h: number[], j: number[]) => agreementSummary(h, j).bias;
  const interval = (statistic: PairStatistic, estimate: number) => agreementInterval(human, judge, statistic, estimate, labels, { random: options.random });
  const exactCount = Math.round(summary.exact * n);
  const withinCount = Math.round(summary.withinOne * n);
  const report: AgreementReport = {
    n,
    kappa: interval(kappaOf, quadraticWeightedKappa(confusion)),
    spearman: interval(spearman, spearman(human, judge)),
    exact: wilsonInterval(exactCount, n),
    withinOne: wilsonInterval(withinCount, n),
    bias: interval(biasOf, summary.bias),
    confusion,
    flipRate: options.flips ? wilsonInterval(options.flips.changed, options.flips.of) : null,
    warnings: [],
  };
  if (n < MIN_LABELS_FOR_CONFIDENCE) {
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    report.warnings.push(
      `only ${countOf(n, 'human label')} in the test split: exact agreement could be anywhere from ${pct(report.exact.low)} to ${pct(report.exact.high)} (95% interval); score at least ${MIN_LABELS_FOR_CONFIDENCE}–50 items before relying on this judge`,
    );
  }
  if (Number.isNaN(report.kappa.estimate)) report.warnings.push('κ is undefined: every human (or judge) score in the test split is the same; include items across the whole scale');
  if (Math.abs(summary.bias) >= 0.5) report.warnings.push(`the judge scores ${Math.abs(summary.bias).toFixed(2)} points ${summary.bias > 0 ? 'higher (more lenient)' : 'lower (stricter)'} than people on average`);
  return report;
}

import { percent } from '../../core/percent.js';

/** Held-out figures of a model version, at its chosen threshold. */
export interface PromotionMetrics {
  accuracy: number;
  /** Share of held-out requests answered locally. */
  coverage: number;
  /** Share of locally answered held-out requests that were right. */
  precision: number;
  /** Held-out examples the figures rest on. */
  examples: number;
  /**
   * The examples the version learnt from, by where they came from: labelled files (`local train`),
   * traffic the route's teacher labelled, review corrections. Absent on versions registered before
   * 2026-12-06; not a held-out figure (two versions on the same data compare without it).
   */
  trainedOn?: TrainedOn;
}

/** A version's examples by source (see PromotionMetrics.trainedOn). */
export interface TrainedOn {
  file: number;
  teacher: number;
  review: number;
}

/** A route's bar for letting a local model answer. */
export interface PromotionBar {
  minPrecision: number;
  /** Below this share answered locally the model saves too little to be worth serving. */
  minCoverage: number;
  /** Fewer held-out examples than this cannot show the precision (default 50). */
  minExamples?: number;
}

export interface PromotionDecision {
  promote: boolean;
  reason: string;
}

const DEFAULT_MIN_EXAMPLES = 50;


/**
 * Whether held-out metrics meet a route's bar, and why, in words that go on the trace and in the
 * registry.
 *
 * @example
 * decidePromotion({ accuracy: 0.91, coverage: 0.9, precision: 0.96, examples: 1000 }, { minPrecision: 0.95, minCoverage: 0.5 })
 * // { promote: true, reason: 'held-out precision 96.0% ≥ 95.0% and coverage 90.0% ≥ 50.0% on 1000 examples' }
 */
export function decidePromotion(metrics: PromotionMetrics, bar: PromotionBar): PromotionDecision {
  const minExamples = bar.minExamples ?? DEFAULT_MIN_EXAMPLES;
  const failures: string[] = [];
  if (!(metrics.examples >= minExamples)) failures.push(`only ${metrics.examples} held-out examples (the bar needs ${minExamples})`);
  if (!(metrics.precision >= bar.minPrecision)) failures.push(`held-out precision ${percent(metrics.precision)} is below the bar of ${percent(bar.minPrecision)}`);
  if (!(metrics.coverage >= bar.minCoverage)) failures.push(`held-out coverage ${percent(metrics.coverage)} is below the bar of ${percent(bar.minCoverage)}`);
  if (failures.length > 0) return { promote: false, reason: `not promoted: ${failures.join('; ')}` };
  return {
    promote: true,
    reason: `held-out precision ${percent(metrics.precision)} ≥ ${percent(bar.minPrecision)} and coverage ${percent(metrics.coverage)} ≥ ${percent(bar.minCoverage)} on ${metrics.examples} examples`,
  };
}

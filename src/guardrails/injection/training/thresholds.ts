export interface ScoredExample {
  score: number;
  label: 0 | 1;
  source: string;
}

export interface OperatingPoint {
  threshold: number;
  recall: number;
  /** False-positive rate per negative source at this threshold. */
  fpr: Record<string, number>;
  /** Mean of the per-source rates, so a large source cannot hide a small one. */
  meanFpr: number;
  /** The highest per-source rate. */
  maxFpr: number;
}

/** How per-source false-positive rates are combined against the budget: their mean or their maximum. */
export type FprAggregate = 'mean' | 'max';

/**
 * Share of items flagged (score ≥ threshold).
 *
 * @example flaggedShare([0.2, 0.9], 0.5) // 0.5
 */
export function flaggedShare(scores: readonly number[], threshold: number): number {
  if (scores.length === 0) return 0;
  let n = 0;
  for (const s of scores) if (s >= threshold) n++;
  return n / scores.length;
}

/**
 * Recall and per-source false-positive rates at a threshold.
 *
 * @example operatingPoint(scored, 0.5).fpr // { 'banking77-train': 0, 'benign-train-prompts': 0.011 }
 */
export function operatingPoint(examples: readonly ScoredExample[], threshold: number): OperatingPoint {
  const positives = examples.filter((e) => e.label === 1).map((e) => e.score);
  const bySource = new Map<string, number[]>();
  for (const e of examples) {
    if (e.label === 1) continue;
    const list = bySource.get(e.source) ?? [];
    list.push(e.score);
    bySource.set(e.source, list);
  }
  const fpr: Record<string, number> = {};
  let sum = 0;
  let max = 0;
  for (const [source, scores] of bySource) {
    const rate = flaggedShare(scores, threshold);
    fpr[source] = rate;
    sum += rate;
    max = Math.max(max, rate);
  }
  return { threshold, recall: flaggedShare(positives, threshold), fpr, meanFpr: bySource.size === 0 ? 0 : sum / bySource.size, maxFpr: max };
}

/**
 * The lowest threshold (so the highest recall) whose mean (or, with `aggregate: 'max'`, highest)
 * per-source false-positive rate stays within `maxFpr`, always a positive's score. Meant for validation data only: a threshold picked on the test split would
 * make the reported figures optimistic.
 *
 * @example chooseThreshold(validationScores, 0.01).threshold
 */
export function chooseThreshold(examples: readonly ScoredExample[], maxFpr: number, aggregate: FprAggregate = 'mean'): OperatingPoint {
  // Only positives' scores: a threshold between two of them flags the same positives, and at the
  // higher end the fewest negatives (a negative's score as the threshold flags that negative for
  // nothing).
  const candidates = [...new Set(examples.filter((e) => e.label === 1).map((e) => e.score))].sort((a, b) => b - a);
  let best = operatingPoint(examples, 1);
  for (const candidate of candidates) {
    const point = operatingPoint(examples, candidate);
    if ((aggregate === 'max' ? point.maxFpr : point.meanFpr) > maxFpr) break;
    best = point;
  }
  return best;
}

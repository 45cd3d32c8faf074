import type { LabelShortfall } from '../types.js';
import type { ScoredOutcome } from './threshold.js';
import { wilsonBounds } from '../../core/wilson.js';

/** At most this many are kept: the worst, for a line of the training report and the registry. */
const MAX_SHORTFALLS = 5;

/**
 * The labels whose own requests, where answered locally on held-out data, are credibly under the
 * precision target (the Wilson upper bound of right / answered below it), worst first. The overall
 * precision is mostly the common labels': on a file where one label is 95% of the examples, the
 * others' requests answered locally can be mostly wrong (answered as the common label) while the
 * whole meets the target.
 *
 * @example labelShortfalls(outcomes, truth, labels, 0.6, 0.95, 1.645) // [{ label: 'travel', answered: 7, right: 2 }]
 */
export function labelShortfalls(outcomes: readonly ScoredOutcome[], truth: readonly number[], labels: readonly string[], threshold: number, minPrecision: number, z: number): LabelShortfall[] {
  const answered = new Float64Array(labels.length);
  const right = new Float64Array(labels.length);
  outcomes.forEach((outcome, i) => {
    if (outcome.confidence < 0 || outcome.confidence < threshold) return;
    const label = truth[i] as number;
    const weight = outcome.weight ?? 1;
    answered[label] = (answered[label] as number) + weight;
    if (outcome.correct) right[label] = (right[label] as number) + weight;
  });
  const short: LabelShortfall[] = [];
  labels.forEach((label, i) => {
    const n = answered[i] as number;
    const r = right[i] as number;
    if (n > 0 && wilsonBounds(r, n, z).high < minPrecision) short.push({ label, answered: Math.round(n), right: Math.round(r) });
  });
  return short.sort((a, b) => a.right / a.answered - b.right / b.answered || b.answered - a.answered).slice(0, MAX_SHORTFALLS);
}

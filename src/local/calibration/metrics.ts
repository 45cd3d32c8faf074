import type { ValidationMetrics } from '../types.js';
import { atThreshold, type ScoredOutcome } from './threshold.js';

/**
 * Accuracy, coverage and precision at a threshold, and the expected calibration error (15 equal
 * bins of confidence: the mean gap between confidence and accuracy, weighted by bin size).
 *
 * @example validationMetrics([{ confidence: 0.9, correct: true }], 0.5).coverage // 1
 */
export function validationMetrics(outcomes: readonly ScoredOutcome[], threshold: number): ValidationMetrics {
  const { coverage, precision } = atThreshold(outcomes, threshold);
  let total = 0;
  let correct = 0;
  for (const o of outcomes) {
    total += o.weight ?? 1;
    if (o.correct) correct += o.weight ?? 1;
  }
  return { accuracy: total === 0 ? 0 : correct / total, coverage, precision, examples: outcomes.length, ece: expectedCalibrationError(outcomes) };
}

/**
 * Expected calibration error over equal-width confidence bins (outcomes counted by their weight).
 *
 * @example expectedCalibrationError([{ confidence: 1, correct: false }]) // 1
 */
export function expectedCalibrationError(outcomes: readonly ScoredOutcome[], bins = 15): number {
  const sumConfidence = new Float64Array(bins);
  const sumCorrect = new Float64Array(bins);
  const count = new Float64Array(bins);
  let total = 0;
  for (const o of outcomes) {
    const weight = o.weight ?? 1;
    total += weight;
    // An out-of-scope answer (confidence -1) escalates at any threshold: it is in no bin.
    if (o.confidence < 0) continue;
    const b = Math.min(bins - 1, Math.floor(o.confidence * bins));
    sumConfidence[b] = (sumConfidence[b] as number) + weight * o.confidence;
    sumCorrect[b] = (sumCorrect[b] as number) + (o.correct ? weight : 0);
    count[b] = (count[b] as number) + weight;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const n = count[b] as number;
    if (n > 0) ece += Math.abs((sumConfidence[b] as number) - (sumCorrect[b] as number)) / total;
  }
  return ece;
}

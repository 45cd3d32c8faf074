import { linearScore, sigmoid } from './logistic.js';
import { type CurvePoint, pickOnCurve, type ThresholdChoice } from './quality-curve.js';
import type { RouterFeatures } from './router-features.js';

/** What was measured on the router's validation split when it was trained. */
export interface RouterValidation {
  records: number;
  /** Mean quality with every request sent to the weak / the strong target. */
  weakQuality: number;
  strongQuality: number;
  apgr: number;
  /** The validation curve, thinned; thresholds for any `min_quality` are read from it. */
  curve: CurvePoint[];
}

export interface RouterTraining {
  records: number;
  seed: number;
  l2: number;
  iterations: number;
  validationFraction: number;
  /** ISO time the router was trained (from the injected clock). */
  trainedAt: string;
}

/**
 * A trained learned router: scores a prompt with the probability that the cheap target's answer
 * is as good as the strong one's, ties counted half (a win rate: 0.5 means no expected difference,
 * higher favours cheap).
 */
export class LearnedRouter {
  readonly features: RouterFeatures;
  /** N-grams in fewer training prompts than this were left out of the vocabulary. */
  readonly minDf: number;
  readonly weights: Float32Array;
  readonly bias: number;
  readonly validation: RouterValidation;
  readonly training: RouterTraining;

  constructor(parts: { features: RouterFeatures; minDf: number; weights: Float32Array; bias: number; validation: RouterValidation; training: RouterTraining }) {
    if (parts.weights.length !== parts.features.size) throw new RangeError(`weights (${parts.weights.length}) and features (${parts.features.size}) differ in size`);
    this.features = parts.features;
    this.minDf = parts.minDf;
    this.weights = parts.weights;
    this.bias = parts.bias;
    this.validation = parts.validation;
    this.training = parts.training;
  }

  /**
   * The cheap target's expected win rate against the strong one for this prompt, in (0, 1).
   *
   * @example router.score('What is 2 + 2?') // 0.61
   */
  score(prompt: string): number {
    return sigmoid(linearScore(this.weights, this.bias, this.features.row(prompt)));
  }

  /**
   * The score threshold (cheap when `score >= threshold`) that kept `minQuality` of the strong
   * target's quality on the validation split with the fewest strong calls.
   *
   * @example router.thresholdFor(0.95) // { threshold: 0.47, strongShare: 0.38, qualityRatio: 0.951 }
   */
  thresholdFor(minQuality: number): ThresholdChoice {
    return pickOnCurve(this.validation.curve, minQuality);
  }
}

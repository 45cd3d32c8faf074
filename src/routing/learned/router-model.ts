import { linearScore, sigmoid } from './logistic.js';
import { type CurvePoint, pickOnCurve, type ThresholdChoice } from './quality-curve.js';
import type { RouterFeatures } from './router-features.js';
import type { SparseRow } from './tfidf.js';

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
  /** Optimiser iterations of the three heads together. */
  iterations: number;
  validationFraction: number;
  /** ISO time the router was trained (from the injected clock). */
  trainedAt: string;
}

/** One logistic head over the router's features. */
export interface LinearHead {
  weights: Float32Array;
  bias: number;
}

/**
 * The three heads of a router, each an estimate of the same thing from a different angle:
 * `gap` is trained on the cheap answer's win rate directly (1 win, 0.5 tie, 0 loss); `weak` and
 * `strong` on each target's own score, whose difference gives the win rate again. The direct head
 * did better on little data (GSM8K), the pair on more (MMLU); their mean was never far from the
 * better of the two in cross-validation.
 */
export interface RouterHeads {
  gap: LinearHead;
  weak: LinearHead;
  strong: LinearHead;
}

export const HEAD_NAMES = ['gap', 'weak', 'strong'] as const;

/** The ensemble's score from the three heads' logits. */
export function combineHeads(heads: RouterHeads, row: SparseRow): number {
  const p = (head: LinearHead) => sigmoid(linearScore(head.weights, head.bias, row));
  return (p(heads.gap) + (1 + p(heads.weak) - p(heads.strong)) / 2) / 2;
}

/**
 * A trained learned router: scores a prompt with the cheap target's expected win rate against the
 * strong one, ties counted half (0.5: no expected difference; higher favours cheap).
 */
export class LearnedRouter {
  readonly features: RouterFeatures;
  /** N-grams in fewer training prompts than this were left out of the vocabulary. */
  readonly minDf: number;
  readonly heads: RouterHeads;
  readonly validation: RouterValidation;
  readonly training: RouterTraining;

  constructor(parts: { features: RouterFeatures; minDf: number; heads: RouterHeads; validation: RouterValidation; training: RouterTraining }) {
    for (const name of HEAD_NAMES) {
      const size = parts.heads[name].weights.length;
      if (size !== parts.features.size) throw new RangeError(`the ${name} head has ${size} weights for ${parts.features.size} features`);
    }
    this.features = parts.features;
    this.minDf = parts.minDf;
    this.heads = parts.heads;
    this.validation = parts.validation;
    this.training = parts.training;
  }

  /**
   * The cheap target's expected win rate against the strong one for this prompt, in (0, 1).
   *
   * @example router.score('What is 2 + 2?') // 0.61
   */
  score(prompt: string): number {
    return combineHeads(this.heads, this.features.row(prompt));
  }

  /**
   * The score threshold (cheap when `score >= threshold`) that kept `minQuality` of the strong
   * target's quality on the validation split, with `confidence`, with the fewest strong calls
   * (see `chooseThreshold`).
   *
   * @example router.thresholdFor(0.95, 0.9) // { threshold: 0.47, strongShare: 0.44, qualityRatio: 0.962, qualityRatioLow: 0.951 }
   */
  thresholdFor(minQuality: number, confidence = 0.5): ThresholdChoice {
    return pickOnCurve(this.validation.curve, minQuality, confidence);
  }
}

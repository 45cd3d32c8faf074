import { wilsonBounds } from './wilson.js';

/** A confidence and whether the label it came with was right. */
export interface ScoredOutcome {
  confidence: number;
  correct: boolean;
}

const MIN_ANSWERED = 20;

export interface ThresholdChoice {
  /** Answer locally when confidence ≥ threshold; `Infinity` when no threshold meets the target. */
  threshold: number;
  coverage: number;
  precision: number;
}

/**
 * The lowest confidence threshold whose answered set reaches `minPrecision`, judged
 * conservatively: every higher threshold answering at least `MIN_ANSWERED` requests must reach
 * it too, so a run of right answers below a cluster of confident mistakes cannot pull the
 * threshold down (the top few are too few to judge either way).
 *
 * @example chooseThreshold([{ confidence: 0.9, correct: true }, { confidence: 0.4, correct: false }], 0.95).threshold // 0.9
 */
export function chooseThreshold(outcomes: readonly ScoredOutcome[], minPrecision: number, z = 0): ThresholdChoice {
  const sorted = outcomes.slice().sort((a, b) => b.confidence - a.confidence);
  let correct = 0;
  let best: ThresholdChoice = { threshold: Infinity, coverage: 0, precision: 1 };
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i] as ScoredOutcome;
    if (item.correct) correct++;
    // Ties share one threshold: only cut after the last of equal confidences.
    if (i + 1 < sorted.length && (sorted[i + 1] as ScoredOutcome).confidence === item.confidence) continue;
    const precision = correct / (i + 1);
    if (precision < minPrecision && i + 1 >= MIN_ANSWERED) break;
    if (wilsonBounds(correct, i + 1, z).low < minPrecision) continue;
    // Never below 0: a confidence of -1 marks an answer that escalates whatever the threshold.
    best = { threshold: Math.max(0, item.confidence), coverage: (i + 1) / sorted.length, precision };
  }
  return best;
}

/**
 * Coverage and precision of answering when confidence ≥ threshold.
 *
 * @example atThreshold([{ confidence: 0.9, correct: true }], 0.5) // { coverage: 1, precision: 1, answered: 1 }
 */
export function atThreshold(outcomes: readonly ScoredOutcome[], threshold: number): { coverage: number; precision: number; answered: number } {
  let answered = 0;
  let correct = 0;
  for (const o of outcomes) {
    if (o.confidence < threshold) continue;
    answered++;
    if (o.correct) correct++;
  }
  return { coverage: outcomes.length === 0 ? 0 : answered / outcomes.length, precision: answered === 0 ? 1 : correct / answered, answered };
}

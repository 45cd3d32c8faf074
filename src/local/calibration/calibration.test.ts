import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { banking77, EIGHT_LABELS } from '../__fixtures__/banking77-sample.js';
import { trainClassifier } from '../train/train-classifier.js';
import { certificationNote } from './certification.js';
import { expectedCalibrationError, validationMetrics } from './metrics.js';
import { fitTemperature, negativeLogLikelihood } from './temperature.js';
import { atThreshold, chooseThreshold, type ScoredOutcome } from './threshold.js';
import { wilsonBounds } from '../../core/wilson.js';

// The rule before fixed-sequence testing: every cut tested, the lowest one that passes kept.
const lowestPassing = (outcomes: readonly ScoredOutcome[], target: number, z: number): number => {
  const sorted = outcomes.slice().sort((a, b) => b.confidence - a.confidence);
  let [answered, correct, best] = [0, 0, Infinity];
  for (let i = 0; i < sorted.length; i++) {
    answered++;
    if (sorted[i]?.correct) correct++;
    if (i + 1 < sorted.length && sorted[i + 1]?.confidence === sorted[i]?.confidence) continue;
    const bounds = wilsonBounds(correct, answered, z);
    if (bounds.high < target && answered >= 20) break;
    if (bounds.low >= target) best = Math.max(0, sorted[i]?.confidence as number);
  }
  return best;
};

describe('temperature scaling', () => {
  it('softens overconfident scores: the fitted T lowers the held-out NLL', () => {
    // Scores say "certain" but the top class is right only 70% of the time.
    const random = seededRandom(3);
    const scores: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 400; i++) {
      scores.push(Float64Array.of(8, 0, 0));
      labels.push(random() < 0.7 ? 0 : 1 + Math.floor(random() * 2));
    }
    const t = fitTemperature(scores, labels);
    expect(t).toBeGreaterThan(2);
    expect(negativeLogLikelihood(scores, labels, t)).toBeLessThan(negativeLogLikelihood(scores, labels, 1) - 0.5);
    // At the optimum the top-class probability matches the 70% accuracy.
    const p = 1 / (1 + 2 * Math.exp(-8 / t));
    expect(p).toBeCloseTo(0.7, 1);
  });

  it('is 1 with no data', () => {
    expect(fitTemperature([], [])).toBe(1);
  });
});

describe('threshold choice', () => {
  // 100 outcomes: confidence i/100; right above 0.3, and one confident mistake at 0.95.
  const outcomes: ScoredOutcome[] = Array.from({ length: 100 }, (_, i) => ({ confidence: i / 100, correct: i >= 30 && i !== 95 }));

  it('picks the lowest tested threshold whose answered set reaches the precision target (one per 2% of coverage)', () => {
    const choice = chooseThreshold(outcomes, 0.95);
    const at = atThreshold(outcomes, choice.threshold);
    expect(at.precision).toBeGreaterThanOrEqual(0.95);
    expect(atThreshold(outcomes, choice.threshold - 0.02).precision).toBeLessThan(0.95);
    expect(choice.coverage).toBeCloseTo(at.coverage, 10);
  });

  it('gives up coverage for a safety margin when asked (Wilson lower bound)', () => {
    expect(chooseThreshold(outcomes, 0.95, 1.645).threshold).toBeGreaterThan(chooseThreshold(outcomes, 0.95).threshold);
  });

  it('escalates everything when no threshold reaches the target', () => {
    const bad = Array.from({ length: 50 }, (_, i) => ({ confidence: 0.5 + i / 100, correct: i % 2 === 0 }));
    expect(chooseThreshold(bad, 0.95)).toEqual({ threshold: Infinity, coverage: 0, precision: 1 });
  });

  it('does not let right answers below a cluster of confident mistakes pull the threshold down', () => {
    const trap: ScoredOutcome[] = [
      ...Array.from({ length: 30 }, (_, i) => ({ confidence: 0.99 - i / 1000, correct: i % 3 !== 0 })),
      ...Array.from({ length: 300 }, (_, i) => ({ confidence: 0.5 - i / 1000, correct: true })),
    ];
    expect(chooseThreshold(trap, 0.95).threshold).toBe(Infinity);
  });

  it('stops at the first threshold that fails once one passed: a lucky run of right answers further down does not lower it', () => {
    // 300 right, then 60 answers a third of them wrong, then 1,000 right: the cumulative
    // precision dips under the target and climbs back over it.
    const confidences = (n: number, from: number) => Array.from({ length: n }, (_, i) => from - i / 10_000);
    const runs: ScoredOutcome[] = [
      ...confidences(300, 0.99).map((confidence) => ({ confidence, correct: true })),
      ...confidences(60, 0.9).map((confidence, i) => ({ confidence, correct: i % 3 !== 0 })),
      ...confidences(1000, 0.8).map((confidence) => ({ confidence, correct: true })),
    ];
    const choice = chooseThreshold(runs, 0.95, 1.645);
    expect(choice.threshold).toBeGreaterThan(0.9);
    expect(atThreshold(runs, choice.threshold).precision).toBeGreaterThanOrEqual(0.95);
    expect(lowestPassing(runs, 0.95, 1.645)).toBeLessThan(0.8);
  });

  it('is never below the lowest passing threshold, and what it answers meets the target (seeded random outcome sets)', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      // Right with probability rising with confidence, as a calibrated classifier's are.
      const n = 50 + Math.floor(random() * 950);
      const outcomes = Array.from({ length: n }, () => {
        const confidence = Math.round(random() * 1000) / 1000;
        return { confidence, correct: random() < 0.7 + 0.3 * confidence };
      });
      for (const z of [0, 1.645]) {
        const choice = chooseThreshold(outcomes, 0.9, z);
        expect(choice.threshold).toBeGreaterThanOrEqual(lowestPassing(outcomes, 0.9, z));
        if (choice.threshold === Infinity) continue;
        const at = atThreshold(outcomes, choice.threshold);
        expect(wilsonBounds(at.precision * at.answered, at.answered, z).low).toBeGreaterThanOrEqual(0.9 - 1e-12);
      }
    }
  });
});

describe('weighted outcomes (shadow samples standing for many requests)', () => {
  // Easy requests answered by the previous model are known only through a 1-in-4 shadow sample.
  const hard: ScoredOutcome[] = Array.from({ length: 200 }, (_, i) => ({ confidence: i / 400, correct: i % 4 !== 0 }));
  const easy: ScoredOutcome[] = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.9 + i / 1000, correct: i !== 50 }));

  it('counts an outcome of weight w as w copies of it', () => {
    const weighted = [...hard, ...easy.map((o) => ({ ...o, weight: 4 }))];
    const copied = [...hard, ...easy.flatMap((o) => [o, o, o, o])];
    for (const threshold of [0.2, 0.5, 0.9, 0.95]) {
      const a = atThreshold(weighted, threshold);
      const b = atThreshold(copied, threshold);
      expect(a.coverage).toBeCloseTo(b.coverage, 12);
      expect(a.precision).toBeCloseTo(b.precision, 12);
    }
    expect(chooseThreshold(weighted, 0.95)).toEqual(chooseThreshold(copied, 0.95));
    expect(validationMetrics(weighted, 0.9).accuracy).toBeCloseTo(validationMetrics(copied, 0.9).accuracy, 12);
    expect(validationMetrics(weighted, 0.9).coverage).toBeCloseTo(400 / 600, 12);
    expect(expectedCalibrationError(weighted)).toBeCloseTo(expectedCalibrationError(copied), 12);
  });

  it('judges the precision bound on the effective sample size, not on the summed weights', () => {
    // 20 right answers standing for 50 each look like 1,000 to the point estimate, not to the bound.
    const few = Array.from({ length: 20 }, (_, i) => ({ confidence: 0.9 + i / 1000, correct: true, weight: 50 }));
    const many = Array.from({ length: 1000 }, (_, i) => ({ confidence: 0.9 + i / 100_000, correct: true }));
    expect(chooseThreshold(many, 0.95, 1.645).threshold).toBeLessThan(1);
    expect(chooseThreshold(few, 0.95, 1.645).threshold).toBe(Infinity);
  });
});

describe('Wilson bounds and metrics', () => {
  it('matches the textbook interval', () => {
    const { low, high } = wilsonBounds(95, 100, 1.96);
    expect(low).toBeCloseTo(0.8882, 3);
    expect(high).toBeCloseTo(0.9785, 3);
    expect(wilsonBounds(0, 0, 1.96)).toEqual({ low: 0, high: 1 });
  });

  it('measures calibration error and figures at a threshold', () => {
    const perfect = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.8, correct: i < 80 }));
    expect(expectedCalibrationError(perfect)).toBeCloseTo(0, 10);
    expect(expectedCalibrationError(perfect.map((o) => ({ ...o, confidence: 1 })))).toBeCloseTo(0.2, 10);
    expect(validationMetrics(perfect, 0.9)).toMatchObject({ accuracy: 0.8, coverage: 0, precision: 1, examples: 100 });
  });
});

describe('a model trained on real rows (banking77, 8 confusable intents)', () => {
  // 1,000 rows, 10% held out: 100 validation answers, about what a small route has.
  const model = trainClassifier(banking77('train', EIGHT_LABELS, 125), { seed: 2, crossFitBelow: 0 });

  it('serves the threshold fixed-sequence testing gives on its validation outcomes, never below the lowest passing one', () => {
    const { threshold } = model.info;
    expect(threshold).toBeLessThan(1);
    expect(threshold).toBe(chooseThreshold(model.validation, 0.95, model.info.precisionZ).threshold);
    expect(threshold).toBeGreaterThanOrEqual(lowestPassing(model.validation, 0.95, model.info.precisionZ));
    for (const target of [0.8, 0.9, 0.98]) expect(model.thresholdFor(target)).toBeGreaterThanOrEqual(lowestPassing(model.validation, target, model.info.precisionZ));
  });

  it('records how the threshold was certified, and says it in a sentence', () => {
    expect(model.info.training.thresholdTest).toBe('fixed-sequence');
    expect(certificationNote(model.info)).toBe(
      "threshold certified on the newest 10% of each label (the last in the order given), held out; exact copies of a text kept on one side, near-paraphrases not (a file written in batches of paraphrases reads easier held out than new phrasings will); thresholds tested from the most confident answers down, one per 2% of coverage, stopping at the first whose precision's one-sided Wilson bound (z 1.645) is under the target",
    );
    // A file from before fixed-sequence testing, grouped and cross-fitted, is described as it was trained.
    const older = { precisionZ: 1.645, training: { crossFitFolds: 5, nearDuplicateJaccard: 0.5 } };
    expect(certificationNote(older)).toMatch(/^threshold certified on every example scored by a model trained on the other 4 of 5 folds; each text kept on one side with its near-paraphrases \(same label, ≥ 50% of words shared\).*; the lowest threshold whose precision's one-sided Wilson bound \(z 1\.645\) reaches the target$/);
    expect(model.forPrecision(0.9).info.training.thresholdTest).toBe('fixed-sequence');
    // A file from before the newest share was held out at random, and says so.
    expect(certificationNote({ precisionZ: 1.645, training: { crossFitFolds: 1, validationShare: 0.1 } })).toMatch(/^threshold certified on a random 10% of each label, held out; /);
    expect(certificationNote({ precisionZ: 1.645, training: { crossFitFolds: 5, validationOrder: 'newest' } })).toMatch(/^threshold certified on every example scored by a model trained on the other 4 of 5 folds \(each fold a run of consecutive examples of each label\); /);
  });
});

describe('a threshold every tested step passes', () => {
  it('is the lowest confidence certified, not 0, when the last answers escalate anyway (unfamiliar, out of scope)', () => {
    // A two-label model right on every familiar answer: confidences 0.55–0.99, then 3 unfamiliar requests.
    const familiar = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.99 - i * 0.0044, correct: true }));
    const escalating = Array.from({ length: 3 }, () => ({ confidence: -1, correct: true }));
    const choice = chooseThreshold([...familiar, ...escalating], 0.95, 1.645);
    expect(choice.threshold).toBeCloseTo(0.99 - 99 * 0.0044, 10);
    // Nothing that escalates anyway: the same lowest confidence.
    expect(chooseThreshold(familiar, 0.95, 1.645).threshold).toBeCloseTo(0.99 - 99 * 0.0044, 10);
  });

  it('is none (escalate all) when every answer escalates anyway, however right (every label too thin to answer)', () => {
    const escalating = Array.from({ length: 200 }, () => ({ confidence: -1, correct: true }));
    expect(chooseThreshold(escalating, 0.95, 1.645).threshold).toBe(Infinity);
  });
});

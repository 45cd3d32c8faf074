import { describe, expect, it } from 'vitest';
import { labelShortfalls } from './label-shortfalls.js';
import type { ScoredOutcome } from './threshold.js';

describe('labelShortfalls', () => {
  // 95 requests of "common", all right; 10 of "rare", 3 right: the whole is 93.3% right.
  const truth = [...Array.from({ length: 95 }, () => 0), ...Array.from({ length: 10 }, () => 1)];
  const outcomes: ScoredOutcome[] = truth.map((label, i) => ({ confidence: 0.9, correct: label === 0 || i % 10 < 3 }));

  it("names a label whose own requests answered locally are credibly under the target, though the whole's are not", () => {
    expect(labelShortfalls(outcomes, truth, ['common', 'rare'], 0.5, 0.9, 1.645)).toEqual([{ label: 'rare', answered: 10, right: 3 }]);
  });

  it('counts only what is answered: under the threshold, or escalating anyway (confidence -1), is not', () => {
    expect(labelShortfalls(outcomes, truth, ['common', 'rare'], 0.95, 0.9, 1.645)).toEqual([]);
    const escalating = outcomes.map((o, i) => (truth[i] === 1 ? { ...o, confidence: -1 } : o));
    expect(labelShortfalls(escalating, truth, ['common', 'rare'], 0, 0.9, 1.645)).toEqual([]);
  });

  it('leaves out a label whose few answers cannot show it is under the target', () => {
    // 4 of 5 right: 80%, but the upper bound of 5 answers is over 90%.
    const few = [0, 0, 0, 0, 0];
    const fewOutcomes = few.map((_, i) => ({ confidence: 0.9, correct: i !== 0 }));
    expect(labelShortfalls(fewOutcomes, few, ['only', 'other'], 0, 0.9, 1.645)).toEqual([]);
  });

  it('lists the worst first, at most five', () => {
    const labels = Array.from({ length: 8 }, (_, i) => `l${i}`);
    const t = labels.flatMap((_, l) => Array.from({ length: 20 }, () => l));
    const o = t.map((l, i) => ({ confidence: 0.9, correct: i % 20 < l * 2 }));
    expect(labelShortfalls(o, t, labels, 0, 0.95, 1.645).map((s) => [s.label, s.right])).toEqual([
      ['l0', 0],
      ['l1', 2],
      ['l2', 4],
      ['l3', 6],
      ['l4', 8],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { agreementOf, interval, krippendorffAlpha, nominal } from './agreement.js';

describe('reviewer agreement', () => {
  it('computes Krippendorff alpha for nominal data', () => {
    // 8 values: three 1s, five 0s; one disagreeing unit → 1 − 0.25 / (30/56).
    expect(krippendorffAlpha([[1, 1], [0, 0], [1, 0], [0, 0]], nominal)).toBeCloseTo(1 - 0.25 / (30 / 56), 10);
  });

  it('is 1 for perfect agreement and about 0 for chance', () => {
    expect(krippendorffAlpha([[1, 1], [5, 5], [3, 3]], interval)).toBe(1);
    const chance = krippendorffAlpha([[1, 5], [5, 1], [1, 1], [5, 5]], interval) as number;
    expect(Math.abs(chance)).toBeLessThan(0.2);
    expect(krippendorffAlpha([[4], [3]], interval)).toBeNull(); // no item with two reviews
    expect(krippendorffAlpha([[4, 4]], interval)).toBeNull(); // no variation: undefined
  });

  it('handles any number of reviewers and missing verdicts', () => {
    const agreement = agreementOf([
      [{ score: 4, pass: true }, { score: 5, pass: true }, { score: null, pass: true }],
      [{ score: 2, pass: false }, { score: 2, pass: true }],
      [{ score: 1, pass: null }],
    ]);
    expect(agreement.items).toBe(2);
    expect(agreement.scoreWithinOne).toBe(1);
    expect(agreement.passMatch).toBeCloseTo(3 / 4);
    expect(agreement.scoreAlpha).toBeGreaterThan(0.8);
  });
});

import { describe, expect, it } from 'vitest';
import { decidePromotion } from './decide-promotion.js';

const bar = { minPrecision: 0.95, minCoverage: 0.6 };

describe('decidePromotion', () => {
  it('promotes when held-out precision and coverage meet the bar, and says so', () => {
    expect(decidePromotion({ accuracy: 0.91, coverage: 0.88, precision: 0.962, examples: 1000 }, bar)).toEqual({
      promote: true,
      reason: 'held-out precision 96.2% ≥ 95.0% and coverage 88.0% ≥ 60.0% on 1000 examples',
    });
  });

  it('refuses with every unmet part of the bar named', () => {
    const decision = decidePromotion({ accuracy: 0.8, coverage: 0.4, precision: 0.9, examples: 20 }, bar);
    expect(decision.promote).toBe(false);
    expect(decision.reason).toBe(
      'not promoted: only 20 held-out examples (the bar needs 50); held-out precision 90.0% is below the bar of 95.0%; held-out coverage 40.0% is below the bar of 60.0%',
    );
  });

  it('treats the bar as inclusive and NaN metrics as failing', () => {
    expect(decidePromotion({ accuracy: 0.9, coverage: 0.6, precision: 0.95, examples: 50 }, bar).promote).toBe(true);
    expect(decidePromotion({ accuracy: 0.9, coverage: 0.9, precision: Number.NaN, examples: 500 }, bar).promote).toBe(false);
    expect(decidePromotion({ accuracy: 0.9, coverage: 0.9, precision: 0.99, examples: 10 }, { ...bar, minExamples: 10 }).promote).toBe(true);
  });
});

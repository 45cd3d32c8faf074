import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { routellmRecords } from './__fixtures__/routellm.js';
import { normalQuantile } from './normal-quantile.js';
import { apgr, chooseThreshold, cpt, type Outcome, qualityCurve, shareToReach } from './quality-curve.js';

const o = (weakScore: number, strongScore: number): Outcome => ({ weakScore, strongScore });

describe('qualityCurve', () => {
  it('sends the most doubtful requests to the strong target first', () => {
    const curve = qualityCurve([0.9, 0.1, 0.5, 0.7], [o(1, 1), o(0, 1), o(0, 1), o(1, 0)]);
    expect(curve.map(({ se, ...point }) => point)).toEqual([
      { strongShare: 0, quality: 0.5, threshold: 0.1 },
      { strongShare: 0.25, quality: 0.75, threshold: 0.5 },
      { strongShare: 0.5, quality: 1, threshold: 0.7 },
      { strongShare: 0.75, quality: 0.75, threshold: 0.9 },
      { strongShare: 1, quality: 0.75, threshold: Number.POSITIVE_INFINITY },
    ]);
    // Quality given up per request while cheap: [1, 1, -1, 0] → sd √(3/4 − 1/16), over √4.
    expect(curve[0]?.se).toBeCloseTo(Math.sqrt((3 / 4 - 1 / 16) / 4), 12);
    expect(curve[4]?.se).toBe(0);
  });

  it('moves tied scores as one group, so a constant router scores exactly 0.5', () => {
    const outcomes = [o(1, 1), o(0, 1), o(0, 0), o(1, 0), o(0, 1)];
    const curve = qualityCurve([0.3, 0.3, 0.3, 0.3, 0.3], outcomes);
    expect(curve).toHaveLength(2);
    expect(apgr(curve)).toBeCloseTo(0.5, 12);
  });

  it('refuses mismatched inputs', () => {
    expect(() => qualityCurve([1], [])).toThrow('one score per outcome');
  });
});

describe('APGR and CPT on the RouteLLM MMLU outcomes', () => {
  const records = routellmRecords('mmlu');

  it('gives about 0.5 for random routing and far more for an oracle', () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => {
      const random = seededRandom(seed);
      return apgr(qualityCurve(records.map(() => random()), records));
    });
    const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const oracle = apgr(qualityCurve(records.map((r) => r.weakScore - r.strongScore), records));
    expect(oracle).toBeGreaterThan(1.2);
  });

  it('reproduces the published prompt-length baseline (about 0.58)', () => {
    const curve = qualityCurve(records.map((r) => -r.prompt.length), records);
    expect(apgr(curve)).toBeGreaterThan(0.57);
    expect(apgr(curve)).toBeLessThan(0.6);
    const half = cpt(curve, 0.5) as number;
    expect(half).toBeGreaterThan(0.3);
    expect(half).toBeLessThan(0.45);
  });
});

describe('chooseThreshold with confidence', () => {
  const records = routellmRecords('gsm8k');
  const random = seededRandom(9);
  // A noisy but informative router: the true gap plus noise.
  const scores = records.map((r) => r.weakScore - r.strongScore + 1.5 * random());

  it('leaves a margin that makes the lower bound, not the measured point, meet the target', () => {
    const measured = chooseThreshold(scores, records, 0.95);
    const sure = chooseThreshold(scores, records, 0.95, 0.9);
    expect(measured.qualityRatioLow).toBe(measured.qualityRatio);
    expect(sure.strongShare).toBeGreaterThan(measured.strongShare);
    expect(sure.qualityRatioLow).toBeGreaterThanOrEqual(0.95);
    expect(sure.qualityRatio).toBeGreaterThan(sure.qualityRatioLow);
  });
});

describe('normalQuantile', () => {
  it('matches tabulated values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815516, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(() => normalQuantile(1)).toThrow('0 < p < 1');
  });
});

describe('shareToReach and cpt', () => {
  const curve = qualityCurve([0.1, 0.2, 0.3, 0.4], [o(0, 1), o(0, 1), o(1, 1), o(1, 1)]);

  it('interpolates between curve points', () => {
    // Quality goes 0.5 → 0.75 → 1 over strong shares 0 → 0.25 → 0.5.
    expect(shareToReach(curve, 0.5)).toBe(0);
    expect(shareToReach(curve, 0.875)).toBeCloseTo(0.375, 12);
    expect(cpt(curve, 0.5)).toBeCloseTo(0.25, 12);
    expect(shareToReach(curve, 1.01)).toBeUndefined();
  });
});

describe('chooseThreshold', () => {
  it('keeps the quality target with the fewest strong calls', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
    const outcomes = [o(0, 1), o(0, 1), o(1, 0), o(0, 1), o(1, 1), o(1, 1), o(1, 1), o(0, 1), o(1, 1), o(1, 1)];
    // Strong quality 0.9. Cheap only when score >= threshold; strong for the rest.
    const choice = chooseThreshold(scores, outcomes, 0.8);
    expect(choice).toMatchObject({ threshold: 0.3, strongShare: 0.2 });
    expect(choice.qualityRatio).toBeCloseTo(0.8 / 0.9, 12);
    const routed = outcomes.reduce((sum, out, i) => sum + ((scores[i] as number) >= choice.threshold ? out.weakScore : out.strongScore), 0) / outcomes.length;
    expect(routed / 0.9).toBeGreaterThanOrEqual(0.8);
    expect(chooseThreshold(scores, outcomes, 1)).toMatchObject({ threshold: 0.9, strongShare: 0.8 });
  });

  it('sends everything to the strong target when the target cannot be met otherwise', () => {
    expect(chooseThreshold([0.2, 0.8], [o(0, 1), o(0, 1)], 1)).toEqual({ threshold: Number.POSITIVE_INFINITY, strongShare: 1, qualityRatio: 1, qualityRatioLow: 1 });
  });
});

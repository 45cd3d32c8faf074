import { describe, expect, it } from 'vitest';
import { agreementSummary, confusionMatrix, quadraticWeightedKappa } from './agreement.js';
import { bootstrapMean, quantileSorted } from './bootstrap.js';
import { normalCdf, normalQuantile } from './interval.js';
import { mcnemar } from './mcnemar.js';
import { pairedMeanInterval, qualityMeanInterval, ruleOfThreeReason } from './paired-mean.js';
import { paretoFrontier } from './pareto.js';
import { percentiles } from './percentile.js';
import { seededRandom } from '../../core/seeded-random.js';
import { averageRanks, spearman } from './spearman.js';
import { wilsonInterval } from './wilson.js';

const repeat = (value: number, times: number) => new Array<number>(times).fill(value);

describe('Wilson interval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i matches Newcombe', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('says 5 of 5 is 57–100%, the small-sample warning the judge report gives', () => {
    const interval = wilsonInterval(5, 5);
    expect(interval.low).toBeCloseTo(0.5655, 4);
    expect(interval.high).toBe(1);
  });
});

describe('quadratic-weighted Cohen κ', () => {
  it('equals unweighted κ on the two-category worked example (Wikipedia, "Cohen\'s kappa": κ = 0.4)', () => {
    // 50 proposals: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    const a = [...repeat(1, 25), ...repeat(0, 25)];
    const b = [...repeat(1, 20), ...repeat(0, 5), ...repeat(1, 10), ...repeat(0, 15)];
    expect(quadraticWeightedKappa(confusionMatrix(a, b, [0, 1]))).toBeCloseTo(0.4, 10);
  });

  it('matches the closed form 2·cov / (var + var + (mean diff)²) computed independently', () => {
    // Values from numpy with population moments (Fleiss & Cohen 1973 identity).
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 52), ...repeat(1, 32), ...repeat(2, 16)];
    expect(quadraticWeightedKappa(confusionMatrix(a, b, [0, 1, 2]))).toBeCloseTo(0.8776508972, 9);
    const human = [1, 2, 3, 4, 5, 3, 4, 2, 5, 1, 4, 4];
    const judge = [1, 3, 3, 5, 4, 3, 4, 2, 5, 2, 3, 5];
    expect(quadraticWeightedKappa(confusionMatrix(human, judge, [1, 2, 3, 4, 5]))).toBeCloseTo(0.8524590164, 9);
  });

  it('is NaN when every score sits in one category, and rejects scores off the scale', () => {
    expect(quadraticWeightedKappa(confusionMatrix([3, 3], [3, 3], [1, 2, 3, 4, 5]))).toBeNaN();
    expect(() => confusionMatrix([1], [6], [1, 2, 3, 4, 5])).toThrow(/not on the scale/);
  });

  it('summarises exact, ±1 agreement and leniency', () => {
    expect(agreementSummary([1, 2, 3, 4], [1, 3, 5, 4])).toEqual({ n: 4, exact: 0.5, withinOne: 0.75, bias: 0.75 });
  });
});

describe('Spearman with ties', () => {
  it('uses average ranks', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
  });

  it('matches an independent numpy computation on tied data', () => {
    expect(spearman([1, 2, 2, 3, 5, 5, 5, 4], [2, 1, 3, 3, 4, 5, 4, 4])).toBeCloseTo(0.8924050633, 9);
  });

  it('reproduces the no-ties textbook example (Wikipedia: IQ vs TV hours, ρ = −29/165)', () => {
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 10);
  });
});

describe('McNemar', () => {
  it('gives the continuity-corrected χ² and the exact p below 25 discordant pairs', () => {
    const result = mcnemar(6, 16);
    expect(result.statistic).toBeCloseTo(3.6818, 4);
    expect(result.method).toBe('exact');
    expect(result.pValue).toBeCloseTo(0.0524788, 6);
  });

  it('uses χ² for many discordant pairs; p(χ²=3.841) = 0.05', () => {
    // (|a-b|-1)²/(a+b) with a=40, b=20: 361/60 = 6.0167 → p = 0.01418 (chi2.sf(6.0167, 1))
    const result = mcnemar(40, 20);
    expect(result.method).toBe('chi-square');
    expect(result.statistic).toBeCloseTo(6.016667, 5);
    expect(result.pValue).toBeCloseTo(0.014171, 4);
    expect(mcnemar(0, 0).pValue).toBe(1);
  });
});

describe('bootstrap, quantiles and normal helpers', () => {
  it('is reproducible with a seed and brackets the mean', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const a = bootstrapMean(values, { random: seededRandom(1) });
    const b = bootstrapMean(values, { random: seededRandom(1) });
    expect(a).toEqual(b);
    expect(a.estimate).toBe(0.75);
    // Normal-theory half-width is 1.96·sqrt(.75·.25/200) ≈ 0.060; the bootstrap should be close.
    expect(a.high - a.low).toBeGreaterThan(0.09);
    expect(a.high - a.low).toBeLessThan(0.15);
    expect(a.low).toBeLessThan(0.75);
    expect(a.high).toBeGreaterThan(0.75);
  });

  it('gives a zero-width interval for constant data', () => {
    const interval = bootstrapMean([0.5, 0.5, 0.5], { random: seededRandom(3) });
    expect([interval.low, interval.high]).toEqual([0.5, 0.5]);
  });

  it('gives a quality where every case scored the same the rule of three\'s interval inside [0, 1], as a paired difference gets inside [−1, 1]', () => {
    const random = seededRandom(3);
    expect(qualityMeanInterval(repeat(1, 5), { random })).toEqual({ estimate: 1, low: 0.4, high: 1, level: 0.95, ruleOfThree: true });
    expect(qualityMeanInterval(repeat(0, 8), { random })).toEqual({ estimate: 0, low: 0, high: 3 / 8, level: 0.95, ruleOfThree: true });
    expect(qualityMeanInterval(repeat(0.5, 10), { random })).toMatchObject({ low: 0.2, high: 0.8, ruleOfThree: true });
    expect(pairedMeanInterval(repeat(0, 5), { random })).toMatchObject({ low: -0.6, high: 0.6, ruleOfThree: true });
    expect(ruleOfThreeReason(qualityMeanInterval(repeat(1, 5), { random }), 'quality')).toBe("every case scored 100.0%, so the interval is the rule of three's ±3/n");
    // Anything else is the bootstrap's, unchanged.
    const mixed = [1, 0, 1, 1, 0.5];
    expect(qualityMeanInterval(mixed, { random: seededRandom(9) })).toEqual(bootstrapMean(mixed, { random: seededRandom(9) }));
  });

  it('interpolates quantiles like numpy (type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    const [p50, p95] = percentiles([10, 1, 5, 7, 3], [0.5, 0.95]);
    expect(p50).toBe(5);
    expect(p95).toBeCloseTo(9.4, 12);
  });

  it('inverts the normal CDF', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });
});

describe('Pareto frontier', () => {
  it('keeps a cheaper variant unless another is at most as costly and confidently better', () => {
    const points = [
      { name: 'small', cost: 1, q: 0.7 },
      { name: 'big', cost: 10, q: 0.9 },
      { name: 'worse', cost: 12, q: 0.6 },
      { name: 'noisy', cost: 11, q: 0.88 },
    ];
    // "Confidently better" here: a margin of more than 0.05.
    const frontier = paretoFrontier(points, (a, b) => a.q - b.q > 0.05);
    expect([...frontier].sort()).toEqual(['big', 'noisy', 'small']);
  });
});

import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { agreementSummary, confusionMatrix, quadraticWeightedKappa } from './agreement.js';
import { agreementInterval } from './agreement-interval.js';
import { bootstrapStatistic } from './bootstrap.js';
import { qualityMeanInterval } from './paired-mean.js';
import { spearman } from './spearman.js';
import { cpuMs } from '../../test-support/cpu-clock.js';

const scale = [1, 2, 3, 4, 5];
const kappaOf = (h: number[], j: number[]) => quadraticWeightedKappa(confusionMatrix(h, j, scale));
const biasOf = (h: number[], j: number[]) => agreementSummary(h, j).bias;
/** n items spread over the 1–5 scale, the judge agreeing with people on every one. */
const agreeing = (n: number) => Array.from({ length: n }, (_, i) => (i % 5) + 1);
const kappaInterval = (h: number[], j: number[]) => agreementInterval(h, j, kappaOf, kappaOf(h, j), scale, { random: seededRandom(5) });

describe('agreementInterval', () => {
  it('gives a judge that agrees with people on four items an interval, not the bootstrap point [1, 1]', () => {
    const scores = agreeing(4);
    // What the bootstrap alone says: every resample of four agreeing items agrees too.
    const bootstrap = bootstrapStatistic(4, (pick) => kappaOf([0, 1, 2, 3].map((i) => scores[pick(i)] as number), [0, 1, 2, 3].map((i) => scores[pick(i)] as number)), 1, { random: seededRandom(5) });
    expect(bootstrap).toMatchObject({ low: 1, high: 1 });
    const interval = kappaInterval(scores, scores);
    expect(interval).toMatchObject({ estimate: 1, high: 1, level: 0.95, ruleOfThree: true });
    // Three of the four items re-scored as far apart as 1–5 allows: κ can be below chance.
    expect(interval.low).toBeLessThan(0);
  });

  it('re-scores every item when there are three or fewer: three agreeing items bound κ nowhere', () => {
    const interval = kappaInterval(agreeing(3), agreeing(3));
    expect(interval).toMatchObject({ high: 1, ruleOfThree: true });
    expect(interval.low).toBeCloseTo(-1, 12);
  });

  it('narrows as agreeing items accumulate, since 3 of n is a smaller share of them', () => {
    const low = (n: number) => kappaInterval(agreeing(n), agreeing(n)).low;
    expect(low(10)).toBeLessThan(low(15));
    expect(low(15)).toBeLessThan(low(30));
    expect(low(30)).toBeLessThan(low(100));
    expect(low(100)).toBeGreaterThan(0.85);
    expect(low(100)).toBeLessThan(1);
  });

  it('bounds the mean difference exactly: three items off by the whole scale, either way', () => {
    const scores = agreeing(10);
    // Three of ten items re-scored (1, 5) or (5, 1) move the mean by ±3·4/10.
    const bias = agreementInterval(scores, scores, biasOf, 0, scale, { random: seededRandom(1) });
    expect(bias.low).toBeCloseTo(-1.2, 12);
    expect(bias.high).toBeCloseTo(1.2, 12);
    expect(bias.ruleOfThree).toBe(true);
  });

  it("is the quality rule's 1 − 3/n for a mean of 0–1 scores that all read 1 (one rule of three in the code)", () => {
    const ones = [1, 1, 1, 1, 1];
    const meanOfJudge = (_h: number[], j: number[]) => j.reduce((a, b) => a + b, 0) / j.length;
    const interval = agreementInterval(ones, ones, meanOfJudge, 1, [0, 1], { random: seededRandom(1) });
    const quality = qualityMeanInterval(ones, { random: seededRandom(1) });
    expect(interval.low).toBeCloseTo(quality.low, 12);
    expect(interval.high).toBe(quality.high);
  });

  it('applies to Spearman ρ, which a judge one point more lenient on every item also holds at 1', () => {
    const people = agreeing(8).map((s) => Math.min(s, 4));
    const lenient = people.map((s) => s + 1);
    const rho = agreementInterval(people, lenient, spearman, spearman(people, lenient), scale, { random: seededRandom(2) });
    expect(rho).toMatchObject({ estimate: 1, high: 1, ruleOfThree: true });
    expect(rho.low).toBeLessThan(0.5);
  });

  it('keeps the bootstrap where items disagree in different ways (same seed, same interval)', () => {
    const human = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
    const judge = [1, 2, 3, 4, 4, 2, 2, 3, 5, 5];
    const interval = kappaInterval(human, judge);
    const pick = (p: (i: number) => number) => kappaOf(human.map((_, i) => human[p(i)] as number), human.map((_, i) => judge[p(i)] as number));
    expect(interval).toEqual(bootstrapStatistic(10, pick, kappaOf(human, judge), { random: seededRandom(5), resamples: 1_000 }));
    expect(interval).not.toHaveProperty('ruleOfThree');
  });

  it('leaves an undefined κ (every score the same) undefined rather than bounding it', () => {
    const flat = [3, 3, 3, 3, 3];
    const interval = kappaInterval(flat, flat);
    expect(Number.isNaN(interval.estimate)).toBe(true);
    expect(interval).not.toHaveProperty('ruleOfThree');
  });

  it('handles a thousand agreeing items in well under a second (one candidate per distinct pair of scores)', () => {
    const scores = agreeing(1_000);
    const started = cpuMs();
    const interval = kappaInterval(scores, scores);
    expect(cpuMs() - started).toBeLessThan(3_000);
    expect(interval.low).toBeGreaterThan(0.98);
  });
});

import { describe, expect, it } from 'vitest';
import { bootstrapMean } from '../stats/bootstrap.js';
import { casesToDecide, pairedMeanInterval } from '../stats/paired-mean.js';
import { seededRandom } from '../../core/seeded-random.js';
import { ciGate } from './ci-gate.js';
import type { RunComparison } from './compare-runs.js';

function comparison(estimate: number, low: number, high: number, n: number): RunComparison {
  return {
    runA: 'run_base',
    unanswered: [],
    runB: 'run_cand',
    variants: [{ variantA: 'bot', variantB: 'bot', n, onlyInA: 0, onlyInB: 0, meanA: 0.8, meanB: 0.8 + estimate, difference: { estimate, low, high, level: 0.95 }, mcnemar: { onlyA: 0, onlyB: 0, pValue: 1 } as never }],
  };
}

describe('the CI gate', () => {
  it('fails, by default, a 32-point drop whose interval reaches +2.5 (the inconclusive case that used to pass), saying how many cases would settle it', () => {
    const verdict = ciGate(comparison(-0.32, -0.5, 0.025, 5), 0.02);
    expect(verdict.passed).toBe(false);
    expect(verdict.lines[0]).toMatch(/^FAIL bot: candidate − baseline = -32\.0 pts \(95% CI -50\.0 pts … 2\.5 pts, 5 paired cases\): inconclusive: a drop beyond −2\.0 pts cannot be ruled out; about 1 more paired case \(6 in all\)/);
  });

  it('fails runs that share no case, in both modes, saying how many each had instead of NaN points', () => {
    for (const mode of ['non-inferiority', 'regression'] as const) {
      const none = comparison(Number.NaN, Number.NaN, Number.NaN, 0);
      Object.assign(none.variants[0] as object, { onlyInA: 30, onlyInB: 28 });
      const verdict = ciGate(none, 0.02, mode);
      expect(verdict.passed).toBe(false);
      expect(verdict.lines).toEqual(['FAIL bot: no paired cases to compare: 30 cases only in the baseline and 28 only in the candidate, none in both (runs of another dataset or version share no case id)']);
    }
  });

  it('lets an inconclusive result through only with --gate regression, and says so', () => {
    const verdict = ciGate(comparison(-0.32, -0.5, 0.025, 5), 0.02, 'regression');
    expect(verdict.passed).toBe(true);
    expect(verdict.lines[0]).toMatch(/inconclusive: .*passes only because --gate regression was asked for; about \d+ more paired case/);
  });

  it('passes a candidate shown no worse, and fails one shown worse, in both modes', () => {
    for (const mode of ['non-inferiority', 'regression'] as const) {
      expect(ciGate(comparison(0.01, -0.01, 0.03, 200), 0.02, mode).passed).toBe(true);
      expect(ciGate(comparison(-0.3, -0.4, -0.2, 50), 0.02, mode).passed).toBe(false);
    }
  });

  it('estimates the cases a decision needs from how intervals narrow with √n', () => {
    // Half-width 0.1 at n = 100; the estimate is 0.05 from the line: (0.1 / 0.05)² × 100 = 400.
    expect(casesToDecide(100, { estimate: 0.03, low: -0.07, high: 0.13, level: 0.95 }, 0.02)).toBe(400);
    expect(casesToDecide(100, { estimate: -0.02, low: -0.1, high: 0.06, level: 0.95 }, 0.02)).toBeNull();
  });

  it('does not pass four equal cases and one better, where five equal ones are inconclusive: no case went down, so the low end is the rule of three\'s', () => {
    const better = [0, 0, 0, 0, 0.1];
    // What the bootstrap alone says: no resample holds a drop, so its low end is 0 and the gate passed.
    expect(bootstrapMean(better, { random: seededRandom(1) }).low).toBe(0);
    const difference = pairedMeanInterval(better, { random: seededRandom(1) });
    expect(difference).toMatchObject({ estimate: 0.02, ruleOfThree: true, ruleOfThreeSide: 'low' });
    expect(difference.low).toBeCloseTo(0.02 - 0.6, 12);
    expect(difference.high).toBe(bootstrapMean(better, { random: seededRandom(1) }).high);
    const verdict = ciGate({ runA: 'a', runB: 'b', unanswered: [], variants: [{ variantA: 'bot', variantB: 'bot', n: 5, onlyInA: 0, onlyInB: 0, meanA: 0.9, meanB: 0.92, difference, mcnemar: { onlyA: 0, onlyB: 0, pValue: 1 } as never }] }, 0.02);
    expect(verdict.passed).toBe(false);
    // 3 / (0.02 + 0.02) = 75 cases would bound an unseen drop above −2 points.
    expect(verdict.lines[0]).toMatch(/^FAIL bot: candidate − baseline = 2\.0 pts \(95% CI -58\.0 pts … [\d.]+ pts, 5 paired cases; no case scored lower, so the low end is the rule of three's: the estimate − 3\/n\): inconclusive: .*about 70 more paired cases \(75 in all\)/);
    // The mirror: no case went up, so the high end is the rule of three's and a drop is not "shown".
    const worse = pairedMeanInterval([0, 0, 0, 0, -0.1], { random: seededRandom(1) });
    expect(worse).toMatchObject({ ruleOfThreeSide: 'high' });
    expect(worse.high).toBeCloseTo(-0.02 + 0.6, 12);
  });

  it('keeps the bootstrap where cases went both ways, or where it already reaches past the rule of three', () => {
    const mixed = [0.1, -0.1, 0, 0.2, 0];
    expect(pairedMeanInterval(mixed, { random: seededRandom(4) })).toEqual(bootstrapMean(mixed, { random: seededRandom(4) }));
    // 300 cases, a third of them better by a full point: the bootstrap's low end (≈ 0.28) is below 1/3 − 3/300.
    const many = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    expect(pairedMeanInterval(many, { random: seededRandom(4) })).toEqual(bootstrapMean(many, { random: seededRandom(4) }));
  });

  it('does not claim 95% confidence from a handful of cases that all agree: 5 equal pairs are inconclusive, about 150 settle it', () => {
    const difference = pairedMeanInterval([0, 0, 0, 0, 0], { random: seededRandom(1) });
    expect(difference).toEqual({ estimate: 0, low: -0.6, high: 0.6, level: 0.95, ruleOfThree: true });
    const verdict = ciGate({ runA: 'a', runB: 'b', unanswered: [], variants: [{ variantA: 'bot', variantB: 'bot', n: 5, onlyInA: 0, onlyInB: 0, meanA: 1, meanB: 1, difference, mcnemar: { onlyA: 0, onlyB: 0, pValue: 1 } as never }] }, 0.02);
    expect(verdict.passed).toBe(false);
    expect(verdict.lines[0]).toMatch(/inconclusive: a drop beyond −2\.0 pts cannot be ruled out; about 145 more paired cases \(150 in all\)/);
    // 150 agreeing cases bound any unseen drop at 3/150 = 2 points: enough.
    const many = pairedMeanInterval(new Array(200).fill(0), { random: seededRandom(1) });
    expect(many.low).toBeCloseTo(-0.015, 10);
    // Cases that differ keep the bootstrap's interval.
    expect(pairedMeanInterval([0, 0, 0, -1, 0, 1], { random: seededRandom(1) }).ruleOfThree).toBeUndefined();
  });

  it('fails, saying why, when the baseline answered no case', () => {
    const verdict = ciGate({ ...comparison(0, -0.01, 0.01, 200), variants: [], unanswered: [{ run: 'run_base', variant: 'small', cases: 5, firstError: 'cannot connect to provider "sim"' }] }, 0.02, 'regression');
    expect(verdict.passed).toBe(false);
    expect(verdict.lines).toEqual(['FAIL small: run run_base answered no case (5 of 5 cases failed; first error: cannot connect to provider "sim")']);
  });
});

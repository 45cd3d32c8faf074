import { describe, expect, it } from 'vitest';
import { casesToDecide, ciGate } from './ci-gate.js';
import type { RunComparison } from './compare-runs.js';

function comparison(estimate: number, low: number, high: number, n: number): RunComparison {
  return {
    runA: 'run_base',
    runB: 'run_cand',
    variants: [{ variantA: 'bot', variantB: 'bot', n, onlyInA: 0, onlyInB: 0, meanA: 0.8, meanB: 0.8 + estimate, difference: { estimate, low, high, level: 0.95 }, mcnemar: { onlyA: 0, onlyB: 0, pValue: 1 } as never }],
  };
}

describe('the CI gate', () => {
  it('fails, by default, a 32-point drop whose interval reaches +2.5 (the inconclusive case that used to pass), saying how many cases would settle it', () => {
    const verdict = ciGate(comparison(-0.32, -0.5, 0.025, 5), 0.02);
    expect(verdict.passed).toBe(false);
    expect(verdict.lines[0]).toMatch(/^FAIL bot: candidate − baseline = -32\.0 pts \(95% CI -50\.0 pts … 2\.5 pts, 5 paired cases\): inconclusive: a drop beyond −2\.0 pts cannot be ruled out; about 1 more paired case\(s\) \(6 in all\)/);
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
    expect(casesToDecide(100, 0.03, -0.07, 0.13, 0.02)).toBe(400);
    expect(casesToDecide(100, -0.02, -0.1, 0.06, 0.02)).toBeNull();
  });
});

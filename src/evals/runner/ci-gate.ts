import { countOf } from '../../core/plural.js';
import { casesToDecide, ruleOfThreeReason } from '../stats/paired-mean.js';
import type { RunComparison } from './compare-runs.js';

/**
 * `non-inferiority` (the default) passes only when the candidate is shown to be no worse than
 * the baseline by more than the tolerance (the 95% interval's low end above −tolerance): a
 * drop the data cannot rule out fails, with how many more cases would settle it.
 * `regression` is lenient: it fails only when the candidate is worse by more than the
 * tolerance with 95% confidence, so an inconclusive comparison passes (and says so, with the
 * number of cases that would make it conclusive).
 */
export type GateMode = 'regression' | 'non-inferiority';
export const GATE_MODES: readonly GateMode[] = ['non-inferiority', 'regression'];

export interface GateVerdict {
  passed: boolean;
  /** One line per variant saying what was decided and why. */
  lines: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} pts`;

/**
 * Decides a CI gate from a comparison of baseline (A) and candidate (B).
 *
 * @example const verdict = ciGate(compareRuns(runs, baseline, candidate), 0.02); process.exitCode = verdict.passed ? 0 : 1;
 */
export function ciGate(comparison: RunComparison, tolerance: number, mode: GateMode = 'non-inferiority'): GateVerdict {
  // A side that answered no case is no measurement: the gate fails rather than pass on nothing.
  const lines: string[] = comparison.unanswered.map((u) => `FAIL ${u.variant}: run ${u.run} answered no case (${u.cases} of ${u.cases} cases failed${u.firstError ? `; first error: ${u.firstError}` : ''})`);
  let passed = lines.length === 0;
  for (const v of comparison.variants) {
    const d = v.difference;
    const reason = ruleOfThreeReason(d);
    const agree = reason ? `; ${reason}` : '';
    const span = `candidate − baseline = ${pct(d.estimate)} (95% CI ${pct(d.low)} … ${pct(d.high)}, ${v.n} paired cases${agree})`;
    const name = v.variantA === v.variantB ? v.variantA : `${v.variantA} → ${v.variantB}`;
    const shownWorse = d.high < -tolerance;
    const shownNoWorse = d.low > -tolerance;
    const needed = casesToDecide(v.n, d, tolerance);
    const more = needed === null ? 'no number of cases settles it at this estimate' : `about ${countOf(needed - v.n, 'more paired case', 'more paired cases')} (${needed} in all) would settle it if the difference holds`;
    let ok: boolean;
    let why: string;
    if (shownWorse) {
      ok = false;
      why = `worse than the baseline by more than ${pct(tolerance)} with 95% confidence`;
    } else if (shownNoWorse) {
      ok = true;
      why = `shown no worse than −${pct(tolerance)} with 95% confidence`;
    } else if (mode === 'regression') {
      ok = true;
      why = `inconclusive: a drop beyond −${pct(tolerance)} is neither shown nor ruled out; passes only because --gate regression was asked for; ${more}`;
    } else {
      ok = false;
      why = `inconclusive: a drop beyond −${pct(tolerance)} cannot be ruled out; ${more} (or pass --gate regression to fail only on a shown regression)`;
    }
    if (Number.isNaN(d.estimate)) {
      // No difference to show: 'NaN pts (95% CI NaN pts … NaN pts)' said nothing of why.
      passed = false;
      lines.push(`FAIL ${name}: no paired cases to compare: ${v.onlyInA} cases only in the baseline and ${v.onlyInB} only in the candidate, none in both (runs of another dataset or version share no case id)`);
      continue;
    }
    if (!ok) passed = false;
    lines.push(`${ok ? 'PASS' : 'FAIL'} ${name}: ${span}: ${why}`);
  }
  return { passed, lines };
}

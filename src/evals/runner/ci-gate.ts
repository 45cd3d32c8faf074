import type { RunComparison } from './compare-runs.js';

/**
 * `regression` fails only when the candidate is worse than the baseline by more than the
 * tolerance with 95% confidence (the interval's high end below −tolerance), so a noisy judge
 * cannot make CI flaky. `non-inferiority` is stricter: it fails unless the candidate is shown
 * to be no worse than −tolerance (the interval's low end above it).
 */
export type GateMode = 'regression' | 'non-inferiority';

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
export function ciGate(comparison: RunComparison, tolerance: number, mode: GateMode = 'regression'): GateVerdict {
  const lines: string[] = [];
  let passed = true;
  for (const v of comparison.variants) {
    const d = v.difference;
    const span = `candidate − baseline = ${pct(d.estimate)} (95% CI ${pct(d.low)} … ${pct(d.high)}, ${v.n} paired cases)`;
    const name = v.variantA === v.variantB ? v.variantA : `${v.variantA} → ${v.variantB}`;
    let ok: boolean;
    let why: string;
    if (mode === 'regression') {
      ok = !(d.high < -tolerance);
      why = ok
        ? d.low < -tolerance
          ? `not shown worse than −${pct(tolerance)}: the interval reaches above it (inconclusive, passes)`
          : `no regression beyond −${pct(tolerance)}`
        : `worse than the baseline by more than ${pct(tolerance)} with 95% confidence`;
    } else {
      ok = d.low > -tolerance;
      why = ok ? `shown no worse than −${pct(tolerance)} with 95% confidence` : `not shown to be within −${pct(tolerance)} of the baseline`;
    }
    if (Number.isNaN(d.estimate)) {
      ok = false;
      why = 'no paired cases to compare';
    }
    if (!ok) passed = false;
    lines.push(`${ok ? 'PASS' : 'FAIL'} ${name}: ${span}: ${why}`);
  }
  return { passed, lines };
}

import type { PairedInterval } from '../stats/paired-mean.js';
import { SwitchyardError } from '../../core/errors.js';
import { type McNemarResult, mcnemar } from '../stats/mcnemar.js';
import { seededRandom } from '../../core/seeded-random.js';
import type { RunStore } from '../store/run-store.js';
import { variantTotals } from './case-outcomes.js';
import { pairedDifference } from './paired-difference.js';
import { percentiles } from '../stats/percentile.js';
import type { VariantTotals } from './case-outcomes.js';
import { changedScorers } from './changed-scorers.js';

export interface VariantComparison {
  /** Variant in run A and in run B (usually the same name). */
  variantA: string;
  variantB: string;
  /** Cases both runs scored. */
  n: number;
  onlyInA: number;
  onlyInB: number;
  meanA: number;
  meanB: number;
  /** B − A, per case, with a 95% interval (paired bootstrap, or the rule of three when every case differs alike). */
  difference: PairedInterval;
  /** On per-case pass (a case passes when most of its repeats pass). */
  mcnemar: McNemarResult;
  /** What each side cost and how long it took, beside its quality: an experiment trades them. */
  spendA?: SideSpend;
  spendB?: SideSpend;
}

/** One side's spend: priced dollars per case (see `unpriced`) and latency percentiles over its calls. */
export interface SideSpend {
  costPerCaseUsd: number;
  /** Results answered by a model with no price: their cost is unknown, so `costPerCaseUsd` is a lower bound. */
  unpriced: number;
  results: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

/** A side of a pair whose every call failed: no difference is measured against it. */
export interface UnansweredSide {
  /** The run and variant that answered no case. */
  run: string;
  variant: string;
  /** Its cases, all failed. */
  cases: number;
  firstError: string | null;
}

export interface RunComparison {
  runA: string;
  runB: string;
  /** The pairs compared; a pair with a side in `unanswered` is not among them. */
  variants: VariantComparison[];
  /**
   * Sides that answered no case (every call failed: the simulator not started, a wrong key). A
   * delta against a table of zeros would read as a result, so such a pair is reported here and
   * the CLI's compare and CI gate fail on it.
   */
  unanswered: UnansweredSide[];
  /** The scorers of each run's suite, when they differ: the quality difference is then partly the scorers'. */
  scorersChanged?: { a: string[]; b: string[] };
}

/**
 * Paired comparison of two runs, case by case: for each variant both runs have (or the pairs
 * given), the mean quality difference with its bootstrap interval and McNemar's test on pass.
 *
 * @example await compareRuns(runs, 'run_a', 'run_b') // { variants: [{ variantA: 'small', difference: { estimate: -0.04, … } }] }
 */
export async function compareRuns(runs: Pick<RunStore, 'get' | 'variantsOf' | 'results'>, runA: string, runB: string, options: { pairs?: [string, string][]; seed?: number } = {}): Promise<RunComparison> {
  const a = await runs.get(runA);
  const b = await runs.get(runB);
  const variantsA = await runs.variantsOf(a.id);
  const variantsB = await runs.variantsOf(b.id);
  let pairs = options.pairs ?? variantsA.filter((v) => variantsB.includes(v)).map((v): [string, string] => [v, v]);
  // Two single-variant runs compare their one variant each, whatever it is called.
  if (pairs.length === 0 && variantsA.length === 1 && variantsB.length === 1) pairs = [[variantsA[0] as string, variantsB[0] as string]];
  if (pairs.length === 0) {
    throw new SwitchyardError('invalid_request', `runs ${a.id} (${variantsA.join(', ') || 'no results'}) and ${b.id} (${variantsB.join(', ') || 'no results'}) share no variant; name the pair with --variants A:B`);
  }
  const variants: VariantComparison[] = [];
  const unanswered: UnansweredSide[] = [];
  for (const [i, [va, vb]] of pairs.entries()) {
    const totalsA = await variantTotals(runs, a.id, va);
    const totalsB = await variantTotals(runs, b.id, vb);
    const ca = totalsA.cases;
    const cb = totalsB.cases;
    if (ca.size === 0) throw new SwitchyardError('not_found', `run ${a.id} has no scored results for variant "${va}" (variants: ${variantsA.join(', ')})`);
    if (cb.size === 0) throw new SwitchyardError('not_found', `run ${b.id} has no scored results for variant "${vb}" (variants: ${variantsB.join(', ')})`);
    const failedA = totalsA.errors === totalsA.results;
    const failedB = totalsB.errors === totalsB.results;
    if (failedA) unanswered.push({ run: a.id, variant: va, cases: ca.size, firstError: totalsA.firstError });
    if (failedB) unanswered.push({ run: b.id, variant: vb, cases: cb.size, firstError: totalsB.firstError });
    if (failedA || failedB) continue;
    const paired = pairedDifference(ca, cb, { random: seededRandom((options.seed ?? 1) + i) });
    let onlyA = 0;
    let onlyB = 0;
    for (const [caseId, outcomeA] of ca) {
      const outcomeB = cb.get(caseId);
      if (!outcomeB) continue;
      const passA = outcomeA.pass >= 0.5;
      const passB = outcomeB.pass >= 0.5;
      if (passA && !passB) onlyA++;
      if (passB && !passA) onlyB++;
    }
    variants.push({
      variantA: va,
      variantB: vb,
      n: paired.n,
      onlyInA: ca.size - paired.n,
      onlyInB: cb.size - paired.n,
      meanA: paired.meanA,
      meanB: paired.meanB,
      difference: paired.difference,
      mcnemar: mcnemar(onlyA, onlyB),
      spendA: spendOf(totalsA),
      spendB: spendOf(totalsB),
    });
  }
  const scorersChanged = changedScorers(a.suite, b.suite);
  return { runA: a.id, runB: b.id, variants, unanswered, ...(scorersChanged ? { scorersChanged } : {}) };
}

function spendOf(totals: VariantTotals): SideSpend {
  const [p50, p95] = totals.latencies.length > 0 ? percentiles(totals.latencies, [0.5, 0.95]) : [null, null];
  return { costPerCaseUsd: totals.cases.size === 0 ? 0 : totals.costUsd / totals.cases.size, unpriced: totals.unpriced, results: totals.results, latencyP50Ms: p50 ?? null, latencyP95Ms: p95 ?? null };
}

import type { Interval } from '../stats/interval.js';
import { qualityMeanInterval, type PairedInterval } from '../stats/paired-mean.js';
import { paretoFrontier } from '../stats/pareto.js';
import { percentiles } from '../stats/percentile.js';
import { seededRandom } from '../../core/seeded-random.js';
import { wilsonInterval } from '../stats/wilson.js';
import type { RunStore } from '../store/run-store.js';
import { type VariantTotals, variantTotals } from './case-outcomes.js';
import { pairedDifference } from './paired-difference.js';

export interface VariantSummary {
  variant: string;
  model: string;
  cases: number;
  results: number;
  errors: number;
  scorerErrors: number;
  cached: number;
  /** Mean quality in [0, 1] over cases, with a 95% interval (bootstrap, or the rule of three when every case scored the same: `qualityMeanInterval`). */
  quality: Interval & { ruleOfThree?: true };
  /** Share of results passing every scorer, with a 95% Wilson interval. */
  passRate: Interval;
  scorers: { scorer: string; mean: number; passRate: number; n: number }[];
  /** Dollars of the priced results; see `unpricedResults`. */
  costUsd: number;
  costPerCaseUsd: number;
  /**
   * Results answered by a model with no price: their cost is unknown and not in `costUsd` (a
   * report says "unpriced" or "n of m unpriced" rather than a $0 that reads as free). Absent
   * from the summaries of runs made before it was counted.
   */
  unpricedResults?: number;
  /** The upstream models with no price that answered them. */
  unpricedModels?: string[];
  scorerCostUsd: number;
  inputTokens: number;
  outputTokens: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  /** On the cost–quality frontier: no variant is at most as costly and confidently better. */
  pareto: boolean;
}

export interface RunSummary {
  variants: VariantSummary[];
  /** Paired quality difference (b − a) for every pair of variants. */
  pairs: { a: string; b: string; n: number; difference: PairedInterval }[];
}

/**
 * Per-variant statistics of a run, read from the store: quality with a bootstrap interval, pass
 * rate with a Wilson interval, cost, tokens, latency percentiles and the Pareto frontier.
 * Seeded, so the same results always print the same intervals.
 *
 * @example const summary = await summarizeRun(runs, run.id, { small: 'small', claude: 'claude' }, 1);
 */
export async function summarizeRun(runs: RunStore, runId: string, models: Readonly<Record<string, string>>, seed: number): Promise<RunSummary> {
  const names = [...new Set([...Object.keys(models), ...(await runs.variantsOf(runId))])];
  const totals = new Map<string, VariantTotals>();
  for (const name of names) totals.set(name, await variantTotals(runs, runId, name));
  const summaries = names.map((name) => describe(name, models[name] ?? '?', totals.get(name) as VariantTotals, seed));
  const pairs: RunSummary['pairs'] = [];
  const diff = new Map<string, Interval>();
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i] as string;
      const b = names[j] as string;
      const paired = pairedDifference((totals.get(a) as VariantTotals).cases, (totals.get(b) as VariantTotals).cases, { random: seededRandom(seed + i * 31 + j) });
      pairs.push({ a, b, n: paired.n, difference: paired.difference });
      diff.set(`${a}\u0000${b}`, paired.difference);
    }
  }
  // q is confidently better than p when the paired interval of (q − p) lies above zero.
  const better = (q: VariantSummary, p: VariantSummary) => {
    const forward = diff.get(`${p.variant}\u0000${q.variant}`);
    if (forward) return forward.low > 0;
    const backward = diff.get(`${q.variant}\u0000${p.variant}`);
    return backward ? backward.high < 0 : false;
  };
  // A variant with unpriced results has an unknown cost: it cannot be the cheap end of the
  // frontier on a $0 that reads as free, so it counts as the most costly (it stays on the
  // frontier only when no other variant is as good).
  const frontier = paretoFrontier(summaries.map((s) => ({ ...s, name: s.variant, cost: (s.unpricedResults ?? 0) > 0 ? Number.POSITIVE_INFINITY : s.costPerCaseUsd })), better);
  // A variant whose every call failed was never measured: its $0 and zeros are no point of the
  // frontier (the dashboard showed it "Pareto", the cheapest), whatever the others scored.
  for (const s of summaries) s.pareto = frontier.has(s.variant) && !(s.results > 0 && s.errors === s.results);
  return { variants: summaries, pairs };
}

function describe(variant: string, model: string, t: VariantTotals, seed: number): VariantSummary {
  const qualities = Float64Array.from([...t.cases.values()].map((c) => c.quality));
  const [p50, p95] = t.latencies.length ? percentiles(t.latencies, [0.5, 0.95]) : [Number.NaN, Number.NaN];
  return {
    variant,
    model,
    cases: t.cases.size,
    results: t.results,
    errors: t.errors,
    scorerErrors: t.scorerErrors,
    cached: t.cached,
    quality: qualityMeanInterval(qualities, { random: seededRandom(seed) }),
    passRate: wilsonInterval(t.passes, t.judged),
    scorers: [...t.byScorer].map(([scorer, s]) => ({ scorer, mean: s.sum / s.n, passRate: s.passes / s.n, n: s.n })),
    costUsd: t.costUsd,
    costPerCaseUsd: t.results ? t.costUsd / t.results : 0,
    unpricedResults: t.unpriced,
    unpricedModels: [...t.unpricedModels],
    scorerCostUsd: t.scorerCostUsd,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    latencyP50Ms: p50 as number,
    latencyP95Ms: p95 as number,
    pareto: false,
  };
}

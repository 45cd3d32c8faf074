import type { RunStore } from '../store/run-store.js';

/** Per case: quality and pass averaged over repeats (the unit the bootstrap resamples). */
export interface CaseOutcome {
  quality: number;
  /** Share of repeats that passed. */
  pass: number;
}

export interface VariantTotals {
  cases: Map<string, CaseOutcome>;
  results: number;
  passes: number;
  /** Results with a pass verdict (a call that failed counts as a fail). */
  judged: number;
  errors: number;
  /** The first failed call's message, in store order (what a report quotes when nothing was answered). */
  firstError: string | null;
  scorerErrors: number;
  cached: number;
  costUsd: number;
  /** Results answered by a model with no price: their $0 in `costUsd` is unknown, not free. */
  unpriced: number;
  /** Those models, in the order first met. */
  unpricedModels: Set<string>;
  scorerCostUsd: number;
  inputTokens: number;
  outputTokens: number;
  latencies: number[];
  byScorer: Map<string, { sum: number; n: number; passes: number }>;
}

/**
 * Streams one variant's results out of the store into per-case outcomes and totals. Memory is
 * a few numbers per case, whatever the number of repeats or scorers.
 *
 * @example const totals = await variantTotals(runs, runId, 'small'); totals.cases.size // 2000
 */
export async function variantTotals(runs: Pick<RunStore, 'results'>, runId: string, variant: string): Promise<VariantTotals> {
  const totals: VariantTotals = {
    cases: new Map(),
    results: 0,
    passes: 0,
    judged: 0,
    errors: 0,
    firstError: null,
    scorerErrors: 0,
    cached: 0,
    costUsd: 0,
    unpriced: 0,
    unpricedModels: new Set(),
    scorerCostUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    latencies: [],
    byScorer: new Map(),
  };
  const sums = new Map<string, { q: number; p: number; n: number }>();
  for await (const r of runs.results(runId, variant)) {
    totals.results++;
    if (r.error !== null) {
      totals.errors++;
      totals.firstError ??= r.error;
    }
    if (r.cached) totals.cached++;
    totals.costUsd += r.costUsd;
    if (r.unpriced) {
      totals.unpriced++;
      totals.unpricedModels.add(r.unpriced);
    }
    totals.scorerCostUsd += r.scorerCostUsd;
    totals.inputTokens += r.inputTokens;
    totals.outputTokens += r.outputTokens;
    if (r.latencyMs !== null) totals.latencies.push(r.latencyMs);
    if (r.pass !== null) {
      totals.judged++;
      if (r.pass) totals.passes++;
    }
    for (const s of r.scores) {
      if (s.error !== undefined) {
        totals.scorerErrors++;
        continue;
      }
      const entry = totals.byScorer.get(s.scorer) ?? { sum: 0, n: 0, passes: 0 };
      entry.sum += s.score;
      entry.n++;
      if (s.pass) entry.passes++;
      totals.byScorer.set(s.scorer, entry);
    }
    if (r.quality === null) continue;
    const sum = sums.get(r.caseId) ?? { q: 0, p: 0, n: 0 };
    sum.q += r.quality;
    sum.p += r.pass ? 1 : 0;
    sum.n++;
    sums.set(r.caseId, sum);
  }
  for (const [caseId, s] of sums) totals.cases.set(caseId, { quality: s.q / s.n, pass: s.p / s.n });
  return totals;
}

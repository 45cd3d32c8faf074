import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TraceSummary } from '../core/trace.js';
import { listDatasets, showDataset } from '../evals/cli/datasets-actions.js';
import { formatLadder } from '../evals/ladder/format-ladder.js';
import type { LadderReport } from '../evals/ladder/ladder-report.js';
import { formatComparison } from '../evals/report/format-comparison.js';
import { formatRun } from '../evals/report/format-run.js';
import type { RunSummary, VariantSummary } from '../evals/runner/summarize-run.js';
import type { RunRecord } from '../evals/types.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { traceTable } from './print-traces.js';

/**
 * Piped (no terminal, no COLUMNS), every table keeps each row on one line, every value whole, as
 * `routes`, `keys` and `models` do: `| grep` finds a row and `| cut` its columns. On a terminal
 * the same columns wrap at their words to fit (their own tests).
 */
describe('tables piped keep each row on one line', () => {
  const saved = process.env.COLUMNS;
  beforeEach(() => {
    delete process.env.COLUMNS;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });
  /** The table's lines holding `text`: one when its row was not broken. */
  const linesWith = (table: string, text: string | RegExp) => table.split('\n').filter((l) => (typeof text === 'string' ? l.includes(text) : text.test(l)));

  // Already one line to a pipe before (too wide for 100 columns even wrapped, so values stayed
  // whole): kept so, now by declaring the wrapping columns terminal-only as the rest do.
  it('the trace list: a long model name and error message stay on their trace’s line', () => {
    const error = 'every target for model "support-triage-with-a-long-name" failed after 3 attempts';
    const trace = sampleTrace({ id: 'tr_piped', requestedModel: 'support-triage-with-a-long-name', status: 502, errorMessage: error, provider: 'simulated-anthropic', upstreamModel: 'claude-sonnet-4-6' }) as TraceSummary;
    const text = traceTable([trace, sampleTrace({ id: 'tr_ok' }) as TraceSummary]);
    expect(linesWith(text, 'tr_piped')).toHaveLength(1);
    expect(linesWith(text, 'tr_piped')[0]).toMatch(/│ support-triage-with-a-long-name │ simulated-anthropic\/claude-sonnet-4-6 │ 502 every target for model/);
  });

  it('eval results: a variant’s model, quality and interval on one line; the scorer table too', () => {
    const JUDGE = 'judge: is the answer helpful, correct and polite, as the support rubric v2 asks';
    const interval = (estimate: number) => ({ estimate, low: 0.475, high: 1, level: 0.95 });
    const variant = (name: string): VariantSummary => ({
      variant: name, model: `${name}-with-a-long-model-name-2026-11-01`, cases: 5, results: 5, errors: 0, scorerErrors: 0, cached: 0,
      quality: interval(0.825), passRate: interval(0.8),
      scorers: [{ scorer: 'contains', mean: 0.8, passRate: 0.8, n: 5 }, { scorer: JUDGE, mean: 0.7, passRate: 0.6, n: 5 }],
      costUsd: 0.001722, costPerCaseUsd: 0.000344, scorerCostUsd: 0, inputTokens: 124, outputTokens: 90, latencyP50Ms: 68, latencyP95Ms: 77, pareto: true,
    });
    const run = { id: 'run_1', status: 'completed', name: 'support', dataset: 'support-5', datasetVersion: 1, datasetHash: '31c2cbd979a9ffff', gitCommit: null, variants: { small: { targets: [{ simulated: true }] } } } as unknown as RunRecord;
    const text = formatRun(run, { variants: [variant('small'), variant('claude')], pairs: [] } as RunSummary);
    expect(linesWith(text, 'small-with')).toHaveLength(1);
    expect(linesWith(text, 'small-with')[0]).toMatch(/│ small-with-a-long-model-name-2026-11-01 \(simulated\) │ 82\.5% \[47\.5–100\.0\] +│ 80\.0% /);
    // A scorer named in words (a judge's rubric) wrapped at 100 columns: its rows broke in two.
    expect(linesWith(text, JUDGE)).toHaveLength(2);
    expect(text).not.toContain('not shown');
  });

  it('eval compare: a variant’s difference and its interval on one line (on a terminal the interval goes under it)', () => {
    const text = formatComparison({
      runA: 'run_a', runB: 'run_b',
      variants: [{ variantA: 'claude', variantB: 'claude', n: 5, onlyInA: 0, onlyInB: 0, meanA: 0.825, meanB: 0.825, difference: { estimate: 0, low: -0.6, high: 0.6, level: 0.95 }, mcnemar: { onlyA: 0, onlyB: 0, statistic: 0, pValue: 1, method: 'exact' } }],
    });
    expect(linesWith(text, /^│ claude /)).toHaveLength(1);
    expect(linesWith(text, /^│ claude /)[0]).toMatch(/│ \+0\.0 pts \[-60\.0, \+60\.0\] +│ 0 \/ 0 +│/);
  });

  it('datasets: the list’s last change and the items’ texts stay on their row’s line', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const input = 'My card was charged twice for the same order last week and I would like the second charge reversed please';
    await store.commit('support', [{ id: 'c1', input, expected: 'refund_request: reverse the duplicate card charge' }], 'imported from exports/support-tickets-2026-11-with-a-long-path.jsonl by the nightly job');
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => void out.push(String(text)));
    await listDatasets({}, store);
    expect(linesWith(out.join('\n'), /^│ support /)).toHaveLength(1);
    expect(linesWith(out.join('\n'), /^│ support /)[0]).toContain('imported from exports/support-tickets-2026-11-with-a-long-path.jsonl by the nightly job');
    out.length = 0;
    await showDataset('support', {}, store);
    expect(linesWith(out.join('\n'), /^│ c1 /)).toHaveLength(1);
    expect(linesWith(out.join('\n'), /^│ c1 /)[0]).toContain(`│ ${input} │ refund_request: reverse the duplicate card charge │`);
  });

  it('the ladder: a rung’s notes stay on its line', () => {
    const rung = { name: 'local', kind: 'local', description: 'local', cases: 8, errors: 2, quality: { estimate: 0.9, low: 0.8, high: 0.95, level: 0.95 }, costPer1kUsd: 0.033, monthlyCostUsd: 0.99, latencyP50Ms: 44.8, latencyP95Ms: 66.4, retrievalMs: { p50: 20, p95: 30 }, groundedShare: 1, localShare: 0.85 };
    const report = {
      route: 'handbook-qa', dataset: 'questions', datasetVersion: 1, runId: 'run_1', tolerance: 0.02, scorer: 'contains', requestsPerMonth: 30_000, trafficSource: 'the route’s requests over the last 30 days',
      rungs: [rung], missing: [], pays: 'local', best: 'local', verdicts: [{ name: 'local', versusBest: { estimate: 0, low: 0, high: 0, level: 0.95 }, nonInferior: true }], reason: 'only rung',
    } as unknown as LadderReport;
    const text = formatLadder(report);
    expect(linesWith(text, /^│ local /)).toHaveLength(1);
    expect(linesWith(text, /^│ local /)[0]).toContain('retrieval p50 20.0 ms, grounded 100.0%, local answered 85.0%, 2 errors, ← pays');
  });
});

describe('the same tables on a terminal', () => {
  const saved = process.env.COLUMNS;
  afterEach(() => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });

  it('datasets show: the texts wrap at their words to fit 80 columns, the id whole', async () => {
    process.env.COLUMNS = '80';
    const store = openSqliteStores(':memory:').datasets;
    await store.commit('support', [{ id: 'case-0001', input: 'My card was charged twice for the same order last week and I would like the second charge reversed', expected: 'refund_request' }]);
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => void out.push(String(text)));
    await showDataset('support', {}, store);
    const lines = out.join('\n').split('\n').filter((l) => l.startsWith('│'));
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(lines.some((l) => l.startsWith('│ case-0001 │ My card'))).toBe(true);
    expect(lines.filter((l) => /charged|twice|reversed/.test(l)).length).toBeGreaterThan(1);
    expect(out.join('\n')).not.toContain('…');
  });
});

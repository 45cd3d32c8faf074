import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TraceSummary } from '../core/trace.js';
import type { AlertEvent } from '../monitor/alerts/alert-state.js';
import type { RuleStatus } from '../monitor/alerts/evaluate-alerts.js';
import type { DriftReport } from '../monitor/drift/drift-types.js';
import { listDatasets, showDataset } from '../evals/cli/datasets-actions.js';
import { formatLadder } from '../evals/ladder/format-ladder.js';
import type { LadderReport } from '../evals/ladder/ladder-report.js';
import { formatComparison } from '../evals/report/format-comparison.js';
import { formatRun } from '../evals/report/format-run.js';
import type { RunSummary, VariantSummary } from '../evals/runner/summarize-run.js';
import type { RunRecord } from '../evals/types.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { KeyManager } from '../limits/manage-keys.js';
import { scanAction } from './guard/scan-action.js';
import { addAction } from './kb/kb-add.js';
import { listAction } from './kb/kb-inspect.js';
import { alertLines } from './monitor/alert-lines.js';
import { formatDrift } from './monitor/print-drift.js';
import { topicTable } from './monitor/topic-table.js';
import { listTeams } from './keys-cli.js';
import { traceTable } from './print-traces.js';
import { queueItemLines } from './review-cli.js';

// A drift report as `switchyard drift` prints it: what moved is a sentence, often past 100 columns.
const feature = (name: string, test: string, summary: string, extra: Record<string, unknown> = {}) => ({ feature: name, kind: 'numbers', test, statistic: 0.3, pValue: 0.0001, effect: 0.31, drifted: true, summary, ...extra });
const PROMPT_TERMS = 'prompts mentioning “refund”: 3.1% → 17.8%; 12 words moved beyond chance (word-mix permutation p < 0.001 over 1000 permutations, PSI 0.231)';
const DRIFT = {
  id: 'drift_1', createdAt: 0, route: 'support-triage', drifted: true, score: 0.31, pThreshold: 0.003, risingTerms: [], topicModel: null,
  reference: { since: Date.UTC(2026, 10, 1), until: Date.UTC(2026, 10, 8), count: 4_000 }, current: { since: Date.UTC(2026, 10, 8), until: Date.UTC(2026, 10, 9), count: 612 },
  headline: ['input_chars rose: mean 120 → 340 chars, p95 400 → 1,200 chars (KS D 0.310, p < 0.001)', PROMPT_TERMS],
  features: [
    feature('input_chars', 'kolmogorov-smirnov', 'input_chars rose: mean 120 → 340 chars, p95 400 → 1,200 chars (KS D 0.310, p < 0.001)', { examples: [{ traceId: 'tr_0123456789abcdef', ts: 0, note: '1,840 chars', prompt: 'My card was charged twice for the same order last week and I would like the second charge reversed please, thank you' }] }),
    feature('prompt_terms', 'chi-square', PROMPT_TERMS),
    feature('ttft_ms', 'kolmogorov-smirnov', 'ttft_ms: too few values to test (3 and 2)', { skipped: 'fewer than 30 values in a window', drifted: false }),
  ],
} as unknown as DriftReport;

// Two topics as `switchyard topics` prints them: a label of terms, and a prompt with its own line break.
const topic = (label: string, prompt: string) => ({ topic: 1, label, terms: [], requests: 1_240, share: 0.412, errors: 3, costUsd: 0.0123, quality: 0.81, scored: 40, review: 0.75, reviewed: 12, refusals: 0, series: [], costSeries: [], qualitySeries: [], examples: [{ traceId: 'tr_1', prompt }] });
const TOPICS = [
  topic('card · charged twice · refund', 'My card was charged twice for the same order last week\nand I would like the second charge reversed please'),
  topic('delivery · arrived', 'Where is my parcel? It should have arrived on Monday'),
];

// An alert rule firing and its notification, as `switchyard alerts` prints them.
const RULE = { name: 'support-error-rate', metric: 'error_rate', when: 'above', threshold: 0.05, window_minutes: 15, route: 'support-triage', key: undefined, team: undefined } as unknown as RuleStatus['rule'];
const STATUSES: RuleStatus[] = [{ rule: RULE, state: { rule: RULE.name, status: 'firing', since: 0, value: 0.3123, notifiedAt: 0 } }];
const EVENTS = [{ id: 'ev_1', rule: RULE.name, status: 'firing', at: Date.UTC(2026, 10, 9, 12), metric: 'error_rate', value: 0.31, threshold: 0.05, when: 'above', windowMinutes: 15, route: 'support-triage', message: 'error_rate 0.31 > 0.05 over 15 min (route support-triage, 48 requests)', deliveries: [{ webhook: 'ops-pager', ok: false, attempts: 3, error: 'HTTP 502 from https://hooks.example.com/pager' }] }] as unknown as AlertEvent[];

// A knowledge base named at length, as `kb list` prints it, and a mail `guard scan` reads as a
// document: their rows were narrow enough to wrap at 100 columns, and did.
const dir = mkdtempSync(join(tmpdir(), 'sy-piped-'));
const KB_DB = join(dir, 'kb.db');
const KB = 'customer-support-handbook-2026-edition';
const MAIL = join(dir, 'mail.txt');
beforeAll(async () => {
  writeFileSync(MAIL, 'Hello, this is Ana Lopez (ana.lopez@example.com). Please refund card 4111 1111 1111 1111.');
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  await addAction(KB, ['src/knowledge/__fixtures__/docs'], { db: KB_DB });
  vi.restoreAllMocks();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `action` printed with console.log. */
async function printed(action: () => Promise<void>): Promise<string> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((text: unknown) => void out.push(String(text)));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await action();
  } finally {
    log.mockRestore();
    vi.restoreAllMocks();
  }
  return out.join('\n');
}

/** A store with a team named at length, with a budget and rate limits, as `teams list` prints it. */
async function teamsStore() {
  const stores = openSqliteStores(':memory:');
  await new KeyManager(stores.keys).putTeam('customer-support-emea-tier-2-escalations', { usd: 2500, period: 'monthly' }, { requestsPerMinute: 600, tokensPerMinute: 100_000 });
  return stores;
}

const REVIEW_ITEM = { id: 'ri_0mx5e1k2p9a7', source: 'flag', traceId: 'tr_0mx5dwglrc063fbcc5781d10e', datasetId: null, datasetItemId: null, reason: 'groundedness 0.40 below 0.60: the answer cites a refund window of 60 days\nthat no retrieved chunk of the handbook mentions' } as const;

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
      runA: 'run_a', runB: 'run_b', unanswered: [],
      variants: [{ variantA: 'claude', variantB: 'claude', n: 5, onlyInA: 0, onlyInB: 0, meanA: 0.825, meanB: 0.825, difference: { estimate: 0, low: -0.6, high: 0.6, level: 0.95 }, mcnemar: { onlyA: 0, onlyB: 0, statistic: 0, pValue: 1, method: 'exact' } }],
    });
    expect(linesWith(text, /^│ claude /)).toHaveLength(1);
    expect(linesWith(text, /^│ claude /)[0]).toMatch(/│ \+0\.0 pts \[-60\.0, \+60\.0\] +│ 0 \/ 0 +│/);
  });

  it('eval compare: a variant with cases only in one run keeps its counts on its line', () => {
    const text = formatComparison({
      runA: 'run_a', runB: 'run_b', unanswered: [],
      variants: [{ variantA: 'claude', variantB: 'claude-sonnet-4-6', n: 48, onlyInA: 2, onlyInB: 1, meanA: 0.825, meanB: 0.8, difference: { estimate: -0.025, low: -0.1, high: 0.05, level: 0.95 }, mcnemar: { onlyA: 3, onlyB: 2, statistic: 0, pValue: 1, method: 'exact' } }],
    });
    // Before: "(+2 only A, +1 only B)" wrapped at 100 columns, the row over two lines.
    expect(linesWith(text, /^│ claude /)).toEqual([expect.stringMatching(/^│ claude → claude-sonnet-4-6 │ 48 \(\+2 only A, \+1 only B\) │ 82\.5% +│ 80\.0% +│ -2\.5 pts \[-10\.0, \+5\.0\] +│ 3 \/ 2 +│ 1\.000 \(exact\) +│$/)]);
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
    expect(linesWith(text, /^│ local /)[0]).toContain('retrieval p50 20 ms, grounded 100.0%, local answered 85.0%, 2 errors, ← pays');
  });

  it('drift: each feature’s row with what moved, each sentence and example on one line', () => {
    const text = formatDrift(DRIFT);
    // Before: "what moved" wrapped at 100 columns, a feature's row over four lines.
    expect(linesWith(text, /^│ prompt_terms /)).toEqual([expect.stringContaining(`│ ${PROMPT_TERMS} │`)]);
    expect(linesWith(text, /^│ ttft_ms /)[0]).toMatch(/│ fewer than 30 values in a window +│$/);
    expect(text.split('\n').filter((l) => l.startsWith('│ ') && l.slice(2, 14).trim() === '')).toEqual([]);
    expect(text.split('\n')[0]).toMatch(/^DRIFT on route support-triage: current .* \(4000\)$/);
    expect(linesWith(text, '[input_chars] tr_0123456789abcdef')[0]).toContain('the second charge reversed');
  });

  it('topics: each topic one line, its example prompt’s line break folded', () => {
    const text = topicTable({ topics: TOPICS });
    // Before: the 80-character example wrapped at 100 columns and its own line break split the row.
    expect(linesWith(text, /^│ card · charged twice · refund /)).toEqual([expect.stringMatching(/│ 1240 +│ 41\.2% +│ 3 +│ \$0\.0123 │ 0\.81 +│ 0\.75 \(12\) │ My card was charged twice for the same order last week and I would like the… │$/)]);
    expect(text.split('\n').filter((l) => l.startsWith('│ ')).length).toBe(3);
  });

  it('topics: a cost is written as every dollar amount is (usd), a tiny one not as 0.0000', () => {
    const text = topicTable({ topics: [{ ...topic('tiny', 'hello'), costUsd: 0.000042 }, { ...topic('none', 'hi'), costUsd: 0 }] });
    expect(linesWith(text, /^│ tiny /)[0]).toContain('│ $0.0000420 │');
    expect(linesWith(text, /^│ none /)[0]).toMatch(/│ \$0 +│/);
  });

  it('alerts: a rule and a notification each on one line', () => {
    const text = alertLines(STATUSES, EVENTS).join('\n');
    expect(linesWith(text, 'support-error-rate')).toEqual(['FIRING support-error-rate: error_rate above 0.05 over 15 min (route support-triage); last value 0.312']);
    expect(linesWith(text, 'ops-pager')).toEqual([expect.stringMatching(/^2026-11-09 12:00:00 {2}error_rate 0\.31 > 0\.05 .* \[ops-pager failed: HTTP 502 from https:\/\/hooks\.example\.com\/pager\]$/)]);
  });

  it('kb list: a base’s embedding model and creation time stay on its line', async () => {
    const text = await printed(() => listAction({ db: KB_DB }));
    // Before: the time wrapped under its date.
    expect(linesWith(text, KB)).toEqual([expect.stringMatching(new RegExp(`^│ ${KB} │ 1 +│ 4 +│ \\d+ +│ — +│ \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d │$`))]);
  });

  it('guard scan: each finding on one line with the input it is in', async () => {
    const text = await printed(() => scanAction(MAIL, { checks: 'pii,injection', as: 'document' }));
    // Before: "(document)" and "(not flagged)" wrapped onto a second line of every row; the input
    // is the file's name, not its folders (which were all an 80-column terminal kept of a long path).
    const rows = text.split('\n').filter((l) => l.startsWith('│ '));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((row) => row.startsWith('│ mail.txt (document) │ ') || row.startsWith('│ input '))).toBe(true);
    expect(linesWith(text, 'CREDIT_CARD')[0]).toContain('│ 4111 1111 1111 1111 ');
    expect(linesWith(text, /injection score \(not flagged\)/)).toHaveLength(1);
  });

  it('teams list: a team’s budget, rate limit and creation time stay on its line', async () => {
    const store = await teamsStore();
    const text = await printed(() => listTeams({}, store));
    // Before: the budget, limits and time each wrapped at their words.
    expect(linesWith(text, 'customer-support-emea')).toEqual([expect.stringMatching(/^│ customer-support-emea-tier-2-escalations │ \$0 \/ \$2500 monthly │ 600 rpm, 100000 tpm │ \d{4}-\d\d-\d\d \d\d:\d\d │$/)]);
  });

  it('review: a queued item’s reason on one line under its id, its own line breaks folded', () => {
    expect(queueItemLines(REVIEW_ITEM).split('\n')).toEqual([
      'ri_0mx5e1k2p9a7 · flag · trace tr_0mx5dwglrc063fbcc5781d10e',
      '  groundedness 0.40 below 0.60: the answer cites a refund window of 60 days that no retrieved chunk of the handbook mentions',
    ]);
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

  const linesWith = (table: string, text: RegExp) => table.split('\n').filter((l) => text.test(l));
  /** The lines of `text` wider than `columns`: none, on a terminal of that width. */
  const overflowing = (text: string, columns = 80) => text.split('\n').filter((l) => [...l].length > columns);

  it('drift at 80 columns: what moved wraps beside the whole feature name, sentences wrap at their words', () => {
    process.env.COLUMNS = '80';
    const text = formatDrift(DRIFT);
    expect(overflowing(text)).toEqual([]);
    expect(linesWith(text, /^│ prompt_terms +│ χ² +│ <0\.001 │/)).toHaveLength(1);
    expect(text.split('\n').filter((l) => l.startsWith('│') && l.includes('permutation')).length).toBeGreaterThan(0);
    // A bullet's continuation is indented under its text, not at the margin.
    const lines = text.split('\n');
    const bullet = lines.findIndex((l) => l.startsWith('  • input_chars rose'));
    expect(lines[bullet + 1]).toMatch(/^ {4}\S/);
    expect(lines[1]).toMatch(/^ {2}\(612 traces\) vs reference/);
    expect(text).not.toContain('…');
  });

  it('topics at 80 columns: cost gives way, the label and example wrap at their words beside whole figures', () => {
    process.env.COLUMNS = '80';
    const text = topicTable({ topics: TOPICS });
    expect(overflowing(text)).toEqual([]);
    expect(text).toContain('(not shown to fit 80 columns: cost)');
    expect(text).toMatch(/^│ card · +│ 1240 +│ 41\.2% │ 3 +│ 0\.81 +│ 0\.75 \(12\) │ My card was/m);
    expect(text).not.toContain('…\n(… marks');
  });

  it('alerts at 80 columns: a long rule or notification wraps, indented past its state or time', () => {
    process.env.COLUMNS = '80';
    const lines = alertLines(STATUSES, EVENTS).join('\n').split('\n');
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    expect(lines[0]).toMatch(/^FIRING support-error-rate: /);
    expect(lines[1]).toMatch(/^ {7}\S/);
    const at = lines.findIndex((l) => l.startsWith('2026-11-09 12:00:00'));
    expect(lines[at + 1]).toMatch(/^ {21}\S/);
  });

  it('kb list at 80 columns: the name whole, the time then the chunks give way', async () => {
    process.env.COLUMNS = '80';
    const text = await printed(() => listAction({ db: KB_DB }));
    expect(overflowing(text)).toEqual([]);
    expect(text).toMatch(new RegExp(`^│ ${KB} │ 1 +│ 4 +│ — +│$`, 'm'));
    expect(text).toContain('(not shown to fit 80 columns: created, chunks)');
    expect(text).not.toContain('…');
  });

  it('guard scan at 80 columns: the finding and value wrap beside the whole span and score', async () => {
    process.env.COLUMNS = '80';
    const text = await printed(() => scanAction(MAIL, { checks: 'pii,injection', as: 'document' }));
    expect(overflowing(text)).toEqual([]);
    // The input is the file's name: a long path took the width and kept only its first folders.
    expect(text).toMatch(/│ mail\.txt +│ CREDIT_CARD +│ \d+–\d+ +│ 1\.00 +│ 4111 1111 1111/);
    expect(text).toMatch(/│ mail\.txt +│ injection score +│ - +│ \d\.\d\d +│ - +│/);
  });

  it('teams list at 80 columns: the name whole, the limits and time wrap', async () => {
    process.env.COLUMNS = '80';
    const store = await teamsStore();
    const text = await printed(() => listTeams({}, store));
    expect(overflowing(text)).toEqual([]);
    expect(text).toMatch(/^│ customer-support-emea-tier-2-escalations │ \$0 \/ +│ 600 rpm, +│ \d{4}-\d\d-\d\d +│$/m);
    expect(text).toMatch(/^│ +│ \$2500 +│ 100000 +│ \d\d:\d\d +│$/m);
    expect(text).not.toContain('…');
  });

  it('eval compare at 80 columns: names and counts wrap, the qualities and wins stay whole', () => {
    process.env.COLUMNS = '80';
    const text = formatComparison({
      runA: 'run_a', runB: 'run_b', unanswered: [],
      variants: [{ variantA: 'claude', variantB: 'claude-sonnet-4-6', n: 48, onlyInA: 2, onlyInB: 1, meanA: 0.825, meanB: 0.8, difference: { estimate: -0.025, low: -0.1, high: 0.05, level: 0.95 }, mcnemar: { onlyA: 3, onlyB: 2, statistic: 0, pValue: 1, method: 'exact' } }],
    });
    expect(overflowing(text)).toEqual([]);
    expect(text).toMatch(/^│ claude → +│ 48 \(\+2 +│ 82\.5% +│ 80\.0% +│ -2\.5 +│ 3 \/ 2 +│ 1\.000 +│$/m);
    expect(text).not.toContain('…');
  });

  it('review at 80 columns: the reason wraps at its words, indented under the id', () => {
    process.env.COLUMNS = '80';
    const lines = queueItemLines(REVIEW_ITEM).split('\n');
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    expect(lines[0]).toBe('ri_0mx5e1k2p9a7 · flag · trace tr_0mx5dwglrc063fbcc5781d10e');
    expect(lines.slice(1).every((l) => /^ {2}\S/.test(l))).toBe(true);
    expect(lines.length).toBe(3);
  });
});

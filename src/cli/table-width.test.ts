import { afterEach, describe, expect, it } from 'vitest';
import type { TraceSummary } from '../core/trace.js';
import { TerminalTable } from '../core/terminal-table.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { traceTable } from './print-traces.js';
import { formatRun } from '../evals/report/format-run.js';
import type { RunSummary, VariantSummary } from '../evals/runner/summarize-run.js';
import type { RunRecord } from '../evals/types.js';

/**
 * Columns a line takes on a terminal, counted independently of the renderer: the emoji and CJK
 * characters these tests use take two, everything else one.
 */
const cells = (line: string) => [...line].reduce((sum, c) => sum + (/[🙈漢界字]/u.test(c) ? 2 : 1), 0);
const widest = (text: string) => Math.max(...text.split('\n').map(cells));

// What a client or a config can put in a trace: a 10,000-character model name, a multi-line error
// with emoji and CJK, a key name with a terminal escape and a tab.
const HOSTILE = [
  sampleTrace({ id: 'tr_hostile_long', requestedModel: 'm'.repeat(10_000), upstreamModel: 'u'.repeat(300), status: 502, errorMessage: 'upstream said\nline two 🙈🙈🙈 漢字漢字漢字 and a long tail of words', inputTokens: 123_456, outputTokens: 654_321, costUsd: 12.345678, latencyMs: 98_765.4 }),
  sampleTrace({ id: 'tr_hostile_wide', requestedModel: `${'🙈'.repeat(60)}${'漢'.repeat(40)}\nsecond line`, keyName: `k\u001b[31m\t${'界'.repeat(30)}`, inputTokens: 7, outputTokens: 3, latencyMs: 41 }),
] as TraceSummary[];

describe('tables fit the terminal', () => {
  const saved = process.env.COLUMNS;
  afterEach(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });

  for (const columns of [80, 120]) {
    it(`traces at ${columns} columns: every line fits, names are cut with "…", ids and figures whole`, () => {
      process.env.COLUMNS = String(columns);
      const text = traceTable(HOSTILE);
      expect(widest(text)).toBeLessThanOrEqual(columns);
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      const row = (id: string) => text.split('\n').find((l) => l.includes(`│ ${id} `)) ?? '';
      expect(row('tr_hostile_long')).toMatch(/│ m+… +│ 502 .*│ 98\.8 s +│$/);
      expect(row('tr_hostile_wide')).toMatch(/│ 🙈+… +│ 200 .*│ 41 ms +│$/u);
      expect(text).toContain(`(… marks values cut to fit ${columns} columns; --json or a pipe shows them whole)`);
      // A cut model name does not cost the row its figures: at 120 the tokens and cost stay.
      if (columns === 120) expect(row('tr_hostile_long')).toMatch(/│ 123456\/654321 +│ \$12\.35?\d* +│/);
    });
  }

  it('to a pipe, every value whole on its row (for grep and cut), control characters escaped', () => {
    delete process.env.COLUMNS;
    if (process.stdout.isTTY) return;
    const text = traceTable(HOSTILE);
    expect(text).toContain('m'.repeat(10_000));
    expect(text).toContain('k\\u001b[31m 界界');
    expect(text.split('\n').filter((l) => l.includes('tr_hostile_long'))).toHaveLength(1);
  });

  it('fits a column of wide characters by its width on screen, not its characters', () => {
    process.env.COLUMNS = '80';
    const table = new TerminalTable({ head: ['id', 'preview'], shrinks: ['preview'] });
    table.push(['c1', '漢'.repeat(50)], ['c2', '🙈'.repeat(50)]);
    const text = table.toString();
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).toMatch(/^│ c1 │ 漢+… +│$/m);
  });

  it('never cuts a free-text column below its header', () => {
    process.env.COLUMNS = '40';
    const table = new TerminalTable({ head: ['a rather long header', 'n'], shrinks: ['a rather long header'] });
    table.push(['x'.repeat(200), '1234567890123']);
    const text = table.toString();
    expect(widest(text)).toBeLessThanOrEqual(40);
    expect(text).toContain('│ a rather long header │ n ');
    expect(text).toMatch(/^│ x{19}… │ 1234567890123 │$/m);
  });
});

describe('eval results fit the terminal', () => {
  const saved = process.env.COLUMNS;
  afterEach(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });
  const interval = (estimate: number) => ({ estimate, low: 0.475, high: 1, level: 0.95 });
  const variant = (name: string): VariantSummary => ({
    variant: name, model: `${name}-${'x'.repeat(200)}`, cases: 5, results: 5, errors: 0, scorerErrors: 0, cached: 0, quality: interval(0.825), passRate: interval(0.8),
    scorers: [{ scorer: 'contains', mean: 0.8, passRate: 0.8, n: 5 }], costUsd: 0.001722, costPerCaseUsd: 0.000344, scorerCostUsd: 0, inputTokens: 124, outputTokens: 90, latencyP50Ms: 68, latencyP95Ms: 77, pareto: true,
  });
  const run = { id: 'run_1', status: 'completed', name: 'support', dataset: 'support-5', datasetVersion: 1, datasetHash: '31c2cbd979a9ffff', gitCommit: null, variants: {} } as unknown as RunRecord;

  for (const columns of [80, 120]) {
    it(`at ${columns} columns a 200-character model name is cut, the figures stay`, () => {
      process.env.COLUMNS = String(columns);
      const text = formatRun(run, { variants: [variant('small')], pairs: [] } as unknown as RunSummary);
      expect(widest(text)).toBeLessThanOrEqual(columns);
      expect(text).toMatch(/^│ small +│ small-x+… +│ 82\.5%/m);
      expect(text).toContain('$0.000344');
      if (columns === 120) expect(text).toMatch(/│ \$0\.001722 │ \$0\.000344 │ 124\/90 +│ 68 ms │/);
    });
  }
});

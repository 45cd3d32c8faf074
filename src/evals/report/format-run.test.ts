import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary, VariantSummary } from '../runner/summarize-run.js';
import type { RunRecord } from '../types.js';
import { formatComparison } from './format-comparison.js';
import { formatRun } from './format-run.js';

const interval = (estimate: number, low: number, high: number) => ({ estimate, low, high, level: 0.95 });

// The README's eval walkthrough: two simulated variants of five cases.
function variant(name: string, quality: number): VariantSummary {
  return {
    variant: name, model: name, cases: 5, results: 5, errors: 0, scorerErrors: 0, cached: 0,
    quality: interval(quality, 0.475, 1), passRate: interval(0.8, 0.376, 0.964),
    scorers: [{ scorer: 'contains', mean: 0.8, passRate: 0.8, n: 5 }],
    costUsd: 0.001722, costPerCaseUsd: 0.000344, scorerCostUsd: 0, inputTokens: 124, outputTokens: 90,
    latencyP50Ms: 68, latencyP95Ms: 77, pareto: true,
  };
}
const run = {
  id: 'run_0mx52knnb7e99702ddecc380e', status: 'completed', name: 'support', dataset: 'support-5', datasetVersion: 1,
  datasetHash: '31c2cbd979a9ffff', gitCommit: null,
  variants: { small: { targets: [{ simulated: true }] }, claude: { targets: [{ simulated: true }] } },
} as unknown as RunRecord;
const summary: RunSummary = { variants: [variant('small', 0.825), variant('claude', 1)], pairs: [] };

/** The lines of the tables (borders, rows and the note under a table), not the prose around them. */
const tableLines = (text: string) => text.split('\n').filter((line) => /^[┌│└]|^\(not shown|columns?\)$|\w\)$/.test(line));

describe('eval tables in an 80-column terminal', () => {
  const saved = process.env.COLUMNS;
  beforeEach(() => {
    process.env.COLUMNS = '80';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });

  it('eval run leaves out p95, pass, tokens and total cost, names them, and keeps one row per variant', () => {
    const text = formatRun(run, summary);
    const lines = tableLines(text);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(text).toContain('(not shown to fit 80 columns: p95, pass (Wilson 95%), tokens in/out, cost)');
    const rows = lines.filter((l) => /^│ (small|claude) /.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/│ claude +│ claude +│ 100\.0% +│ \$0\.000344 │ 68 ms │ 0 +│ yes +│/);
    expect(text).toContain('[47.5–100.0]');
  });

  it('eval run fits the figures the README walk prints (232 ms, five perfect cases\' [40.0–100.0]): zero errors leave as a line', () => {
    const walk: RunSummary = { variants: [{ ...variant('small', 0.825), latencyP50Ms: 232 }, { ...variant('claude', 1), quality: { ...interval(1, 0.4, 1), ruleOfThree: true }, latencyP50Ms: 247 }], pairs: [] };
    const text = formatRun(run, walk);
    expect(Math.max(...tableLines(text).map((l) => [...l].length))).toBeLessThanOrEqual(80);
    // The note under the table is wrapped to the terminal too.
    expect(text).toContain('(not shown to fit 80 columns: p95, pass (Wilson 95%), tokens in/out, cost,\nerrors)');
    expect(text).toContain('errors: none (every call and every scorer answered)');
    expect(tableLines(text).find((l) => l.startsWith('│ claude'))).toMatch(/│ claude +│ claude +│ 100\.0% +│ \$0\.000344 │ 247 ms │ yes +│/);
    expect(text).toContain('[40.0–100.0]');
    // What the interval is, said once, wrapped to the terminal like the other notes; small's bootstrap needs no line.
    expect(text.replace(/\n\s*/g, ' ')).toContain("quality of claude: every case scored 100.0%, so the interval is the rule of three's ±3/n over 5 cases, not a bootstrap");
    expect(text).not.toContain('quality of small');
    expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('eval run keeps a column of errors when there are some, and leaves out a long model name before it', () => {
    const real = (name: string, model: string): VariantSummary => ({ ...variant(name, 1), model, errors: 1, latencyP50Ms: 1232, quality: interval(1, 1, 1) });
    const text = formatRun({ ...run, variants: {} } as unknown as RunRecord, { variants: [real('sonnet', 'claude-sonnet-4-6'), real('haiku', 'claude-haiku-4-5')], pairs: [] });
    expect(Math.max(...tableLines(text).map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(text).toContain('(not shown to fit 80 columns: p95, pass (Wilson 95%), tokens in/out, cost,\nmodel)');
    expect(text).toMatch(/│ 1 call, 0 scores │ yes +│/);
    expect(text).not.toContain('errors: none');
  });

  it('eval run shows every column when the terminal is wide enough', () => {
    process.env.COLUMNS = '160';
    const text = formatRun(run, summary);
    expect(text).not.toContain('not shown');
    expect(text).toMatch(/│ 124\/90 +│ 68 ms │ 77 ms │/);
  });

  it('eval compare fits, with its short headers on at most two lines and the interval under the difference', () => {
    const text = formatComparison({
      runA: 'run_0mx52knnb7e99702ddecc380e', runB: 'run_0mx52kpo2e759d6a31b445f77', unanswered: [],
      variants: ['claude', 'small'].map((name) => ({
        variantA: name, variantB: name, n: 5, onlyInA: 0, onlyInB: 0, meanA: 0.825, meanB: 0.825,
        difference: interval(0, -0.6, 0.6), mcnemar: { onlyA: 0, onlyB: 0, statistic: 0, pValue: 1, method: 'exact' as const },
      })),
    });
    const lines = tableLines(text);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    // Header lines: from the top border to the first row.
    const header = lines.slice(1, lines.findIndex((l) => l.startsWith('│ claude')));
    expect(header.length).toBeLessThanOrEqual(2);
    const claude = lines.findIndex((l) => l.startsWith('│ claude'));
    expect(lines[claude]).toMatch(/│ claude +│ 5 +│ 82\.5% +│ 82\.5% +│ \+0\.0 pts +│ 0 \/ 0 +│ 1\.000 \(exact\) │/);
    expect(lines[claude + 1]).toContain('│ [-60.0, +60.0] │');
  });
});

describe('eval run with a variant that answered no case', () => {
  it('leaves it off the frontier and out of the paired differences, saying why', () => {
    // The newcomer's walk, the simulator not started: both variants "0.0% … frontier yes" and
    // "claude − small: +0.0 pts [-60.0, +60.0] over 5 cases", differences of zeros nobody measured.
    const failed = (name: string) => ({ ...variant(name, 0), errors: 5, quality: interval(0, 0, 0), costUsd: 0, costPerCaseUsd: 0 });
    const pair = { a: 'small', b: 'claude', n: 5, difference: interval(0, -0.6, 0.6) };
    const none = formatRun(run, { variants: [failed('small'), failed('claude')], pairs: [pair] });
    expect(none).toContain('  claude − small: not compared: claude and small answered no case (every call failed; the errors are below)');
    expect(none).not.toContain('+0.0 pts');
    expect(none.split('\n').filter((l) => /^│ (small|claude) /.test(l)).every((l) => /│ – +│$/.test(l))).toBe(true);
    expect(none).toContain('(– where no case was answered)');
    // One side down (a missing key): its zeros are not a significant drop of the other's quality.
    const one = formatRun(run, { variants: [variant('small', 0.825), failed('claude')], pairs: [{ ...pair, difference: interval(-0.825, -1, -0.5) }] });
    expect(one).toContain('  claude − small: not compared: claude answered no case');
    expect(one).not.toContain('(significant)');
    expect(one).toMatch(/^│ small .*│ yes +│$/m);
    // Both answered: as before.
    expect(formatRun(run, { ...summary, pairs: [{ ...pair, difference: interval(0.175, 0, 0.525) }] })).toContain('  claude − small: +17.5 pts [+0.0, +52.5] over 5 cases');
  });
});

describe('eval compare under its table', () => {
  it('gives each pair\'s cost per case and latency, A → B, with the cost ratio, and a lower bound where answers were unpriced', () => {
    const spend = (costPerCaseUsd: number, p50: number, unpriced = 0) => ({ costPerCaseUsd, unpriced, results: 5, latencyP50Ms: p50, latencyP95Ms: p50 * 2 });
    const pair = (a: string, b: string, spendA: ReturnType<typeof spend>, spendB: ReturnType<typeof spend>) => ({
      variantA: a, variantB: b, n: 5, onlyInA: 0, onlyInB: 0, meanA: 0.8, meanB: 1, difference: interval(0.2, 0.05, 0.35),
      mcnemar: { onlyA: 0, onlyB: 1, statistic: 0, pValue: 1, method: 'exact' as const }, spendA, spendB,
    });
    const text = formatComparison({ runA: 'run_a', runB: 'run_b', unanswered: [], variants: [pair('small', 'claude', spend(0.0000483, 135), spend(0.000344, 151)), pair('local', 'local', spend(0.001, 0.4, 2), spend(0, 0.3, 5))] });
    expect(text).toContain('cost and latency, A → B:\n  small → claude: $0.0000483 → $0.000344 a case (7.12×), p50 135 ms → 151 ms, p95 270 ms → 302 ms\n  local: ≥ $0.001000 → unpriced a case, p50 0.40 ms → 0.30 ms, p95 0.80 ms → 0.60 ms');
  });

  it('says why two runs that agree on every case get a ±60-point interval, once per reason', () => {
    const variant = (name: string, estimate: number) => ({
      variantA: name, variantB: name, n: 5, onlyInA: 0, onlyInB: 0, meanA: 0.825, meanB: 0.825 + estimate,
      difference: { ...interval(estimate, estimate - 0.6, Math.min(1, estimate + 0.6)), ruleOfThree: true as const },
      mcnemar: { onlyA: 0, onlyB: 0, statistic: 0, pValue: 1, method: 'exact' as const },
    });
    const text = formatComparison({ runA: 'run_a', runB: 'run_b', unanswered: [], variants: [variant('claude', 0), variant('small', 0), variant('judge', 0.1)] });
    expect(text).toContain("claude, small: both runs score every case the same, so the interval is the rule of three's ±3/n over 5 cases; more cases narrow it");
    expect(text).toContain("judge: every case differs by the same amount, so the interval is the rule of three's ±3/n over 5 cases");
    // One end the rule of three's: no case went down (or up), and the line says which end.
    const up = formatComparison({ runA: 'run_a', runB: 'run_b', unanswered: [], variants: [{ ...variant('claude', 0.02), difference: { ...interval(0.02, -0.58, 0.06), ruleOfThree: true, ruleOfThreeSide: 'low' } }] });
    expect(up).toContain("claude: no case scored lower, so the low end is the rule of three's: the estimate − 3/n over 5 cases; more cases narrow it");
    const down = formatComparison({ runA: 'run_a', runB: 'run_b', unanswered: [], variants: [{ ...variant('claude', -0.02), difference: { ...interval(-0.02, -0.06, 0.58), ruleOfThree: true, ruleOfThreeSide: 'high' } }] });
    expect(down).toContain("claude: no case scored higher, so the high end is the rule of three's: the estimate + 3/n over 5 cases; more cases narrow it");
    // A bootstrap interval needs no such line.
    const bootstrapped = formatComparison({ runA: 'run_a', runB: 'run_b', unanswered: [], variants: [{ ...variant('claude', 0), difference: interval(0.1, -0.2, 0.4) }] });
    expect(bootstrapped).not.toContain('rule of three');
  });
});

describe('the prose under an eval report in an 80-column terminal', () => {
  it('wraps the header and the notes at words, every line within 80 columns', () => {
    const saved = process.env.COLUMNS;
    process.env.COLUMNS = '80';
    try {
      const text = formatRun({ ...run, gitCommit: '2a52a51fa7b5c0ffee' } as RunRecord, { ...summary, variants: summary.variants.map((v) => ({ ...v, cached: 1 })) });
      expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
      expect(text).toContain('run run_0mx52knnb7e99702ddecc380e · completed · support\ndataset support-5@1 (31c2cbd979a9) · git 2a52a51fa7b5');
      expect(text).toContain('2 answers came from the response cache');
      // A hit keeps the call's own latency, as it keeps its cost: the note says both.
      expect(text.replace(/\s+/g, ' ')).toContain('cost and latency shown are what they took when made');
      expect(text).toMatch(/\(simulated\): answered by the built-in simulator, not a real model; scores say\n {2}nothing about the real model/);
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });
});

describe('eval costs of calls to a model with no price', () => {
  it('say "unpriced" or "$x + n of m unpriced" and name the models under the table, not $0', () => {
    const saved = process.env.COLUMNS;
    process.env.COLUMNS = '200';
    try {
      const local = { ...variant('local', 0.9), costUsd: 0, costPerCaseUsd: 0, unpricedResults: 5, unpricedModels: ['my-vllm-model'] };
      const mixed = { ...variant('mixed', 0.9), costUsd: 0.0006, costPerCaseUsd: 0.00012, unpricedResults: 2, unpricedModels: ['my-vllm-model'] };
      const text = formatRun(run, { variants: [variant('small', 0.825), local, mixed], pairs: [] });
      const row = (name: string) => text.split('\n').find((line) => line.includes(`│ ${name} `)) ?? '';
      expect(row('local')).toMatch(/│ unpriced\s+│ unpriced\s+│/);
      expect(row('mixed')).toContain('$0.000600 + 2 of 5 unpriced');
      expect(row('mixed')).toContain('≥ $0.000120');
      expect(row('small')).toContain('$0.001722');
      expect(text).toContain('unpriced: 7 of 15 results answered by my-vllm-model, which has no price: their cost is unknown, not $0');
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });
});

describe('eval show of a run stored with intervals of no width', () => {
  // A run summarised before the rule of three stored [100.0–100.0] for five perfect cases, and a
  // paired difference of +17.5 [+17.5, +17.5] when every case differed alike.
  const old: RunSummary = {
    variants: [variant('small', 0.825), { ...variant('claude', 1), quality: interval(1, 1, 1) }],
    pairs: [{ a: 'small', b: 'claude', n: 5, difference: interval(0.175, 0.175, 0.175) }],
  };

  it('shows the estimate with "n too small", not a false [x, x], and says why under the table', () => {
    const text = formatRun(run, old);
    expect(text).not.toContain('[100.0–100.0]');
    expect(text).toMatch(/│ claude +│ claude \(simulated\) +│ 100\.0% \(n too small\) +│/);
    expect(text).toContain('[47.5–100.0]');
    expect(text.replace(/\n\s*/g, ' ')).toContain(
      'quality of claude: n too small for the interval stored with this run, which has no width (summarised before the rule of three, or over one case): a certainty 5 cases cannot give, so none is shown; switchyard eval rerun makes a run with one',
    );
  });

  it('does not call a difference with a zero-width interval significant', () => {
    const text = formatRun(run, old);
    expect(text).toContain('claude − small: +17.5 pts (n too small) over 5 cases');
    expect(text).not.toMatch(/significant/);
    const shown: RunSummary = { ...old, pairs: [{ a: 'small', b: 'claude', n: 5, difference: interval(0.175, 0.05, 0.3) }] };
    expect(formatRun(run, shown)).toContain('claude − small: +17.5 pts [+5.0, +30.0] over 5 cases (significant)');
  });
});

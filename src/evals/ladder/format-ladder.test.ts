import { describe, expect, it } from 'vitest';
import { formatLadder } from './format-ladder.js';
import type { LadderReport, RungReport } from './ladder-report.js';

const rung = (name: string, over: Partial<RungReport>): RungReport => ({
  name, kind: 'prompt', description: name, cases: 8, errors: 0, quality: { estimate: 1, low: 1, high: 1, level: 0.95 },
  costPer1kUsd: 0.033, monthlyCostUsd: 0.000033, latencyP50Ms: 44.8, latencyP95Ms: 66.4, ...over,
});

const report = (requestsPerMonth: number): LadderReport => ({
  route: 'handbook-qa', dataset: 'questions', datasetVersion: 1, runId: 'run_1', tolerance: 0.02, scorer: 'contains',
  requestsPerMonth, trafficSource: 'the route’s requests over the last 30 days',
  rungs: [rung('prompt', { monthlyCostUsd: requestsPerMonth * 0.000033 })], missing: [],
  pays: 'prompt', best: 'prompt', verdicts: [{ name: 'prompt', versusBest: { estimate: 0, low: 0, high: 0, level: 0.95 }, nonInferior: true }], reason: 'only rung',
});

describe('formatLadder', () => {
  it('says "1 request/month" and its cost as every report writes money (usd) for a route with one request, not "1 requests/month" and "$0.0000"', () => {
    const one = formatLadder(report(1));
    expect(one).toContain(', 1 request/month (the route’s requests over the last 30 days)');
    expect(one).toMatch(/^│ prompt +│ 100\.0 \(100\.0–100\.0\) +│ best +│ \$0\.0330 +│ \$0\.0000330 /m);
    const many = formatLadder(report(30_000));
    expect(many).toContain(', 30,000 requests/month (');
    expect(many).toMatch(/^│ prompt .* \$0\.9900 /m);
  });

  it('fits an 80-column terminal: the notes wrap, p95 and the monthly cost are left out and named', () => {
    const columns = process.env.COLUMNS;
    process.env.COLUMNS = '80';
    try {
      const lines = formatLadder({ ...report(30_000), rungs: [rung('prompt', { monthlyCostUsd: 0.99, retrievalMs: { p50: 20, p95: 30 }, groundedShare: 1 })] }).split('\n');
      const table = lines.filter((l) => /^[┌│└]|^\(not shown/.test(l));
      expect(Math.max(...table.map((l) => [...l].length))).toBeLessThanOrEqual(80);
      expect(table).toContain('(not shown to fit 80 columns: p95, per month)');
      expect(table.join('\n')).toMatch(/^│ prompt +│ 100\.0 \(100\.0–100\.0\) +│ best +│ \$0\.0330 +│ 45 ms +│ retrieval/m);
      expect(table.join(' ')).toMatch(/grounded[│ ]+100\.0%, ←[│ ]+pays|grounded 100\.0%/);
    } finally {
      if (columns === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = columns;
    }
  });

  it('says under the table which rungs have the rule of three\'s interval (every case scored the same), and none for a bootstrap\'s', () => {
    const perfect = { estimate: 1, low: 1 - 3 / 8, high: 1, level: 0.95, ruleOfThree: true as const };
    const text = formatLadder({ ...report(30_000), rungs: [rung('prompt', { quality: perfect }), rung('rag', { quality: perfect }), rung('local', { quality: { estimate: 0.75, low: 0.5, high: 1, level: 0.95 } })] });
    expect(text).toMatch(/^│ prompt +│ 100\.0 \(62\.5–100\.0\) /m);
    expect(text).toContain("quality of prompt, rag: every case scored 100.0%, so the interval is the rule of three's ±3/n over 8 cases, not a bootstrap");
    expect(text).not.toContain('quality of local');
    expect(formatLadder(report(1))).not.toContain('rule of three');
  });

  it('writes latencies as the dashboard does, each with its unit: 1.21 s, not 1207 under "p50 ms"', () => {
    const text = formatLadder({ ...report(30_000), rungs: [rung('prompt', { latencyP50Ms: 1207, latencyP95Ms: 12_345, retrievalMs: { p50: 0.42, p95: 1 } })] });
    expect(text).toMatch(/^│ rung +│ .* │ p50 +│ p95 +│ notes/m);
    expect(text).toMatch(/│ 1\.21 s │ 12\.3 s │ retrieval p50 0\.42 ms/);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Distribution, LoadReport } from '../loadtest/load-report.js';
import { printLoadReport } from './loadtest-output.js';

const spread: Distribution = { p50: 120.25, p90: 180, p99: 240, max: 300 };
const report: LoadReport = {
  runId: 'lt_1', model: 'support', target: 'in-process', rps: 50, durationMs: 60_000, arrivals: 'poisson',
  requests: { due: 3_000, sent: 3_000, ok: 2_998, failed: 2 }, throughputRps: 49.9,
  latencyMs: spread, ttftMs: spread, sendLagMs: { p50: 0.1, p90: 0.2, p99: 1, max: 2 },
  errors: { rate_limited: 2 }, cache: {},
  tokens: { input: 1_234_567, output: 45_678, perRequestInput: 411.8, perRequestOutput: 15.2 },
  cost: { totalUsd: 0.412345, perRequestUsd: 0.000137, perHourUsd: 24.66, perMonthUsd: 18_001.8, known: 2_998 },
  gateway: { overheadMs: spread, upstreamMs: spread, cpuMsPerRequest: 0.4, traced: 2_998 },
  projection: { users: 1_000, requestsPerUserPerDay: 20, requestsPerMonth: 608_333, costPerMonthUsd: 1_724.31, averageRps: 0.23, peakRps: 0.69 },
  bottleneck: { kind: 'provider latency', reason: 'the provider took 95% of the time' },
};

afterEach(() => vi.restoreAllMocks());

describe('the load test report in a terminal', () => {
  it('says "unpriced", and "n of m calls unpriced" beside a lower bound, instead of a $0 that reads as free', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const projection = { ...(report.projection as NonNullable<LoadReport['projection']>), costPerMonthUsd: null };
    printLoadReport({ ...report, projection, cost: { totalUsd: null, perRequestUsd: null, perHourUsd: null, perMonthUsd: null, known: 0, unpriced: 2_998, unpricedModels: ['my-vllm-model'] } });
    const all = String(log.mock.calls[0]?.[0]);
    expect(all).toContain('cost: unpriced (2,998 of 2,998 calls answered by a model with no price: no price for my-vllm-model; add price: to the model in the gateway config)');
    expect(all).toContain('608,333 requests per month, cost unknown (unpriced)');
    printLoadReport({ ...report, cost: { ...report.cost, known: 2_000, unpriced: 998, unpricedModels: ['my-vllm-model'] } });
    const some = String(log.mock.calls[1]?.[0]);
    expect(some).toContain('cost: $0.4123 for this run + 998 of 2,998 calls unpriced (no price for my-vllm-model; add price: to the model in the gateway config), at least $0.000137 per request');
    expect(some).toContain('at least $1,724.3100 per month');
  });

  it('separates thousands in counts, and writes dollars as every report does (usd)', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printLoadReport(report);
    const text = String(log.mock.calls[0]?.[0]);
    expect(text).toContain('requests: 3,000 due, 3,000 sent, 2,998 ok, 2 failed');
    expect(text).toContain('tokens: 1,234,567 in, 45,678 out');
    expect(text).toContain('cost: $0.4123 for this run, $0.000137 per request; at this rate $24.6600 per hour, $18,001.8000 per month');
    expect(text).toContain('at 1,000 users × 20 requests/day: 608,333 requests per month, $1,724.3100 per month');
    // The latency table without terminal colour codes.
    expect(text).toMatch(/latency\s+│?\s*120 ms/);
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('writes each latency with its unit as the dashboard does: seconds from one, two decimals below a millisecond', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printLoadReport({ ...report, latencyMs: { p50: 1207.3, p90: 2500, p99: 12_345, max: 60_000 } });
    const text = String(log.mock.calls[0]?.[0]);
    // Before: a column headed "ms" over 1207.3, 2500.0, 12345.0 and 60000.0.
    expect(text).toMatch(/│ latency +│ 1\.21 s +│ 2\.50 s +│ 12\.3 s +│ 60\.0 s +│/);
    expect(text).toMatch(/│ send lag +│ 0\.10 ms +│ 0\.20 ms +│ 1 ms +│ 2 ms +│/);
  });

  it("says how many calls the run's cost sums when some traces were gone (retention deleted them during a long run)", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // The operator walk's hour at 20 rps, traces kept 20 minutes: 28,056 of 72,416 costs read.
    printLoadReport({ ...report, requests: { due: 72_416, sent: 72_416, ok: 72_416, failed: 0 }, cost: { totalUsd: 6.257294, perRequestUsd: 0.00022303, perHourUsd: 16.0581, perMonthUsd: 11_722.39, known: 28_056, unpriced: 0, unpricedModels: [] } });
    const text = String(log.mock.calls[0]?.[0]);
    expect(text).toContain("cost: $6.2573 for the 28,056 of 72,416 calls whose cost was read (the others' traces were deleted by retention, or are not readable), $0.000223 per request; at this rate $16.0581 per hour");
    expect(text).not.toContain('for this run');
  });

  it('says the cost and projections rest on too few answers when fewer than 5 were answered (a Ctrl-C, failures)', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printLoadReport({ ...report, requests: { due: 40, sent: 40, ok: 3, failed: 37 } });
    expect(String(log.mock.calls[0]?.[0])).toContain('unreliable: 3 of 40 requests answered; the cost per request and the projections rest on fewer than 5 answers');
    printLoadReport(report);
    expect(String(log.mock.calls[1]?.[0])).not.toContain('unreliable');
  });

  it('puts the provider and gateway shares of the latency under the latency row, not under time to first byte', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printLoadReport(report);
    const rows = String(log.mock.calls[0]?.[0])
      .split('\n')
      // The first column has no heading: each cell carries its unit.
      .map((line) => /^│\s+([^│\s].*?)\s+│/.exec(line)?.[1]?.trim())
      .filter((name): name is string => name !== undefined);
    expect(rows).toEqual(['latency', 'at the provider', 'in the gateway', 'time to first byte', 'send lag']);
  });
});

import { expect, it } from 'vitest';
import type { LoadReport } from '../../loadtest/load-report.js';
import type { LoadtestStore } from '../../loadtest/loadtest-store.js';

function report(runId: string, model: string, p50: number): LoadReport {
  const d = { p50, p90: p50 * 2, p99: p50 * 3, max: p50 * 4 };
  return {
    runId,
    model,
    target: 'in-process gateway',
    rps: 10,
    durationMs: 1_000,
    arrivals: 'poisson',
    requests: { due: 10, sent: 10, ok: 10, failed: 0 },
    throughputRps: 9.5,
    latencyMs: d,
    ttftMs: d,
    sendLagMs: d,
    errors: {},
    cache: { miss: 10 },
    tokens: { input: 100, output: 200, perRequestInput: 10, perRequestOutput: 20 },
    cost: { totalUsd: 0.01, perRequestUsd: 0.001, perHourUsd: 36, perMonthUsd: 26_280, known: 10 },
    gateway: { overheadMs: d, upstreamMs: d, cpuMsPerRequest: 0.5, traced: 10 },
    projection: null,
    bottleneck: { kind: 'provider latency', reason: 'ünïcode reason' },
  };
}

/** The behaviour every LoadtestStore must have. */
export function loadtestStoreContract(fresh: () => Promise<LoadtestStore>): void {
  it('keeps reports whole and lists them newest first, per model when asked', async () => {
    const store = await fresh();
    await store.save(report('lt_a', 'small', 100), 1_000);
    await store.save(report('lt_b', 'large', 200), 3_000);
    await store.save(report('lt_c', 'small', 300), 2_000);
    expect((await store.list()).map((r) => r.id)).toEqual(['lt_b', 'lt_c', 'lt_a']);
    expect((await store.list({ model: 'small', limit: 1 })).map((r) => r.id)).toEqual(['lt_c']);
    expect(await store.get('lt_b')).toEqual({ id: 'lt_b', at: 3_000, model: 'large', report: report('lt_b', 'large', 200) });
    expect(await store.get('lt_missing')).toBeUndefined();
  });

  it('replaces a report saved again under the same run id', async () => {
    const store = await fresh();
    await store.save(report('lt_same', 'small', 100), 1_000);
    await store.save(report('lt_same', 'small', 150), 2_000);
    const all = await store.list({ model: 'small' });
    expect(all).toHaveLength(1);
    expect(all[0]?.report.latencyMs.p50).toBe(150);
  });
}

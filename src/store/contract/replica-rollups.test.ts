import { expect, it } from 'vitest';
import type { TraceRecord } from '../../core/trace.js';
import { computeOverview, computeRecentOverview } from '../../monitor/overview.js';
import { makeTrace } from '../../monitor/test-traces.js';
import type { Stores } from '../stores.js';
import { forEachBackend } from './backends.js';

// The overview's byReplica, on every store: each gateway process's calls side by side, so the one
// that errs more or stopped serving stands out, bounded however many names the rollups hold.
const T0 = Date.UTC(2026, 0, 1, 12);
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Writes traces as the trace writer does: the store first, then the rollups. */
async function record(stores: Stores, traces: readonly TraceRecord[]): Promise<void> {
  await stores.traces.insertTraces(traces);
  await stores.rollups.apply(traces);
}

forEachBackend((backend) => {
  it('sets replicas side by side: requests, error rate, latency, cost and when each last served', async () => {
    const stores = await backend.fresh();
    await record(stores, [
      // eu-1: four calls over the hour, all fine and quick.
      ...[0, 1, 2, 3].map((i) => makeTrace({ id: `a${i}`, ts: T0 + i * 15 * 60_000 + 5_000, replica: 'eu-1', latencyMs: 100, costUsd: 0.25 })),
      // eu-2: three calls, two failing slowly, the last 20 minutes in (then it stopped).
      makeTrace({ id: 'b0', ts: T0 + 60_000, replica: 'eu-2', latencyMs: 100, costUsd: 0.125 }),
      makeTrace({ id: 'b1', ts: T0 + 10 * 60_000, replica: 'eu-2', status: 502, latencyMs: 30_000, costUsd: 0 }),
      makeTrace({ id: 'b2', ts: T0 + 20 * 60_000 + 59_000, replica: 'eu-2', status: 502, latencyMs: 30_000, costUsd: 0 }),
      // Written before replicas were recorded: counted in the totals, in no replica's row.
      makeTrace({ id: 'old', ts: T0 + 30_000 }),
    ]);
    const o = await computeOverview(stores.rollups, { since: T0, until: T0 + HOUR, by: 'model', replicas: 20 });
    expect(o.totals.requests).toBe(8);
    const rows = o.byReplica?.replicas ?? [];
    expect(rows.map((r) => [r.name, r.requests, r.errors, r.costUsd, r.lastSeen])).toEqual([
      ['eu-1', 4, 0, 1, T0 + 45 * 60_000],
      ['eu-2', 3, 2, 0.125, T0 + 20 * 60_000],
    ]);
    expect(rows[1]?.errorRate).toBeCloseTo(2 / 3);
    expect(rows[0]?.latency.p95).toBeLessThan(200);
    expect(rows[1]?.latency.p95).toBeGreaterThan(20_000);
    expect(o.byReplica?.more).toEqual({ replicas: 0, requests: 0, errors: 0, costUsd: 0 });
    expect(o.byReplica?.unnamed).toBe(1);
    // Asked for nothing, the answer carries nothing (the routes page's overviews read no replicas).
    expect(await computeOverview(stores.rollups, { since: T0, until: T0 + HOUR, by: 'model' })).not.toHaveProperty('byReplica');
  });

  it("counts applications' traffic apart from eval runs', and knows when a replica last served from hour rows past the minutes' 14 days", async () => {
    const stores = await backend.fresh();
    const run = { eval_run: 'run_1', case: 'c1' };
    await record(stores, [
      makeTrace({ id: 'app', ts: T0 + 1_000, replica: 'eu-1', costUsd: 0.5 }),
      makeTrace({ id: 'ev1', ts: T0 + 2_000, replica: 'eu-1', costUsd: 0.25, metadata: run }),
      makeTrace({ id: 'ev2', ts: T0 + 3 * 60_000, replica: 'eu-2', costUsd: 0.25, metadata: run, status: 500 }),
    ]);
    const range = { since: T0, until: T0 + HOUR, by: 'model' as const, replicas: 10 };
    const apps = await computeOverview(stores.rollups, { ...range, traffic: 'apps' });
    expect(apps.byReplica?.replicas.map((r) => [r.name, r.requests, r.costUsd])).toEqual([['eu-1', 1, 0.5]]);
    const evals = await computeOverview(stores.rollups, { ...range, traffic: 'evals' });
    expect(evals.byReplica?.replicas.map((r) => [r.name, r.requests, r.errors])).toEqual([['eu-1', 1, 0], ['eu-2', 1, 1]]);
    expect(evals.byReplica?.unnamed).toBe(0);
    // Twenty days on, the minute rows of that hour are pruned: the month's view dates the last call to its hour.
    await record(stores, [makeTrace({ id: 'late', ts: T0 + 20 * DAY, replica: 'eu-3' })]);
    const month = await computeOverview(stores.rollups, { since: T0 - DAY, until: T0 + 21 * DAY, by: 'model', replicas: 10 });
    expect(month.byReplica?.replicas.map((r) => [r.name, r.requests, r.lastSeen])).toEqual([
      ['eu-1', 2, T0],
      ['eu-2', 1, T0],
      ['eu-3', 1, T0 + 20 * DAY],
    ]);
  });

  it('lists the busiest replicas of thousands and counts the rest; a name past 100 characters is no replica', async () => {
    const stores = await backend.fresh();
    const now = T0 + HOUR;
    // 1,500 names (a restart under the host-pid default is a new one): replica i served i % 7 + 1 calls.
    const many = Array.from({ length: 1_500 }, (_, i) => Array.from({ length: (i % 7) + 1 }, (_, j) => makeTrace({ id: `r${i}_${j}`, ts: T0 + j * 1_000, replica: `web-${i}-${1000 + i}`, costUsd: 0.001 }))).flat();
    // The longest name a gateway takes, every character it allows; and one an edited journal could carry.
    const longest = `A${'z9._:-'.repeat(16)}abc`;
    const edited = 'x'.repeat(100_000);
    await record(stores, [...many, ...Array.from({ length: 9 }, (_, i) => makeTrace({ id: `l${i}`, ts: T0 + 2_000, replica: longest })), makeTrace({ id: 'edited', ts: T0 + 3_000, replica: edited })]);
    expect(longest).toHaveLength(100);
    const o = await computeRecentOverview(stores.rollups, { until: now, by: 'model', replicas: 5 });
    const listed = o.byReplica?.replicas ?? [];
    expect(listed.map((r) => [r.name, r.requests])).toEqual([[longest, 9], ...['web-1000-2000', 'web-1007-2007', 'web-1014-2014', 'web-1021-2021'].map((name) => [name, 7])]);
    const total = many.length + 9;
    expect(o.byReplica?.more).toMatchObject({ replicas: 1_500 + 1 - 5, requests: total - 9 - 4 * 7, errors: 0 });
    expect(o.byReplica?.more.costUsd).toBeCloseTo((total - 9 - 4 * 7) * 0.001);
    expect(o.byReplica?.unnamed).toBe(1);
    expect(JSON.stringify(o.byReplica).length).toBeLessThan(10_000);
  });
});

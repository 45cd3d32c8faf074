import { expect, it } from 'vitest';
import type { TraceRecord } from '../../core/trace.js';
import { parseConfig } from '../../config/load-config.js';
import { branchAliases, withBranchAliases } from '../../monitor/branch-aliases.js';
import { computeCacheReport } from '../../monitor/cache-report.js';
import { computeOverview, computeRecentOverview, stepFor } from '../../monitor/overview.js';
import { routeReports } from '../../monitor/route-report.js';
import { makeTrace } from '../../monitor/test-traces.js';
import type { Stores } from '../stores.js';
import type { StoreBackend } from './backends.js';
import { type AloneFigures, extractCascadeDecisions } from '../../test-support/cascade-decisions.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const DAY = 86_400_000;

/** Writes traces as the trace writer does: the store first, then the rollups. */
async function record(stores: Stores, traces: readonly TraceRecord[]): Promise<void> {
  await stores.traces.insertTraces(traces);
  await stores.rollups.apply(traces);
}

/**
 * What every RollupStore must do; the overview is computed from its answers.
 *
 * @example forEachBackend((backend) => describe('rollupStoreContract', () => rollupStoreContract(backend)));
 */
export function rollupStoreContract(backend: StoreBackend): void {
  it('sums traces into totals, a time series and a split by model', async () => {
    const stores = await backend.fresh();
    await record(stores, [
      makeTrace({ id: 'a', ts: T0, requestedModel: 'gpt-4o', costUsd: 0.5, latencyMs: 100, ttftMs: 40, stream: true }),
      makeTrace({ id: 'b', ts: T0 + 61_000, requestedModel: 'gpt-4o', costUsd: 0.25, latencyMs: 300, status: 502 }),
      makeTrace({ id: 'c', ts: T0 + 3_000, requestedModel: 'claude', keyName: null, latencyMs: 200 }),
    ]);
    const o = await computeOverview(stores.rollups, { since: T0, until: T0 + 3_600_000, by: 'model' });
    expect(o.stepMs).toBe(60_000);
    expect(o.totals).toMatchObject({ requests: 3, errors: 1, inputTokens: 30, outputTokens: 60 });
    expect(o.totals.costUsd).toBeCloseTo(0.751);
    expect(o.totals.errorRate).toBeCloseTo(1 / 3);
    expect(o.series.requests.slice(0, 3)).toEqual([2, 1, 0]);
    expect(o.series.ttftP50[0]).toBeGreaterThan(30);
    expect(o.breakdown.map((b) => [b.name, b.requests])).toEqual([['gpt-4o', 2], ['claude', 1]]);
    expect(o.split.names).toEqual(['gpt-4o', 'claude']);
    expect(o.split.requests[0]?.slice(0, 2)).toEqual([1, 1]);
    const byKey = await computeOverview(stores.rollups, { since: T0, until: T0 + 3_600_000, by: 'key' });
    expect(byKey.breakdown.map((b) => [b.name, b.requests])).toEqual([['app', 2], ['(none)', 1]]);
    expect(byKey.totals.requests).toBe(3);
  });

  it("times first tokens of streamed calls only: a whole answer's arrives with its last, and would make the chart a second latency chart", async () => {
    const stores = await backend.fresh();
    await record(stores, [
      makeTrace({ id: 's1', ts: T0, requestedModel: 'gpt-4o', stream: true, ttftMs: 180, latencyMs: 2_000 }),
      makeTrace({ id: 's2', ts: T0 + 1_000, requestedModel: 'gpt-4o', stream: true, ttftMs: 220, latencyMs: 2_400 }),
      // Whole answers: the gateway records their time to the answer as their "first token".
      ...['w1', 'w2', 'w3', 'w4'].map((id, i) => makeTrace({ id, ts: T0 + 2_000 + i, requestedModel: i < 2 ? 'gpt-4o' : 'claude', stream: false, ttftMs: 3_000, latencyMs: 3_000 })),
    ]);
    const o = await computeOverview(stores.rollups, { since: T0, until: T0 + 3_600_000, by: 'model' });
    expect(o.totals.requests).toBe(6);
    expect(o.totals.ttft.p95).toBeLessThan(300);
    expect(o.series.ttftP95[0]).toBeLessThan(300);
    expect(o.series.p50[0]).toBeGreaterThan(2_000);
    // A name with no streamed call has no first-token figure at all, not its whole answers' time.
    expect(o.breakdown.map((b) => [b.name, b.ttft.p50 === null ? null : b.ttft.p50 < 300])).toEqual([['gpt-4o', true], ['claude', null]]);
  });

  it('sums what the response cache did per name: hit rate (exact and semantic), savings, bypasses and skips', async () => {
    const stores = await backend.fresh();
    // A hit spends no tokens; its decision says what its answer took (none said before 2026-12-06: h3).
    const hit = (savedUsd: number, similarity?: number, saved?: [number, number]) => ({
      provider: 'cache',
      costUsd: 0,
      inputTokens: 0,
      outputTokens: 0,
      cachedTokens: 0,
      decisions: { cache: { status: 'hit', savedUsd, ...(saved ? { savedTokens: { input: saved[0], output: saved[1], cached: 0 } } : {}), ...(similarity ? { semantic: { similarity } } : {}) } },
    });
    await record(stores, [
      makeTrace({ id: 'm1', ts: T0, requestedModel: 'faq', costUsd: 0.004, decisions: { cache: { status: 'miss', stored: true } } }),
      makeTrace({ id: 'h1', ts: T0 + 60_000, requestedModel: 'faq', ...hit(0.004, undefined, [300, 50]) }),
      makeTrace({ id: 'h2', ts: T0 + 61_000, requestedModel: 'faq', ...hit(0.004, 0.97, [280, 40]) }),
      makeTrace({ id: 'e1', ts: T0 + 62_000, requestedModel: 'faq', costUsd: 0.003, decisions: { cache: { status: 'error', error: 'the cache store failed' } } }),
      makeTrace({ id: 'b1', ts: T0 + 63_000, requestedModel: 'faq', decisions: { cache: { status: 'bypass', reason: 'no-store' } } }),
      makeTrace({ id: 'h3', ts: T0 + 120_000, requestedModel: 'small', ...hit(0.001) }),
      makeTrace({ id: 's1', ts: T0 + 121_000, requestedModel: 'small', decisions: { cache: { status: 'skip', reason: 'temperature' } } }),
      // A name that does not opt in: no cache row, whatever else it decided.
      makeTrace({ id: 'x1', ts: T0 + 122_000, requestedModel: 'other', decisions: { route: { steps: [] } } }),
      // An eval run's hit, left out of applications' traffic.
      makeTrace({ id: 'v1', ts: T0 + 123_000, requestedModel: 'small', metadata: { eval_run: 'run_1' }, ...hit(0.001, undefined, [100, 10]) }),
    ]);
    const r = await computeCacheReport(stores.rollups, { since: T0, until: T0 + 3_600_000 });
    expect(r.totals).toMatchObject({ exact: 3, semantic: 1, misses: 2, bypass: 1, skip: 1 });
    expect(r.totals.hitRate).toBeCloseTo(4 / 6);
    expect(r.totals.savedUsd).toBeCloseTo(0.004 + 0.004 + 0.001 + 0.001, 10);
    expect(r.totals.missUsd).toBeCloseTo(0.007, 10);
    // Tokens saved: the hits' answers' input and output, not the misses' (which were spent).
    expect(r.totals.savedTokens).toBe(350 + 320 + 110);
    expect(r.names.map((n) => [n.name, n.savedTokens])).toEqual([['faq', 670], ['small', 110]]);
    expect(r.stepMs).toBe(60_000);
    const at = r.series.ts.indexOf(T0);
    expect(r.series.hitRate.slice(at, at + 3)).toEqual([0, 2 / 3, 1]);
    expect(r.series.exact.slice(at, at + 3)).toEqual([0, 1, 2]);
    expect(r.series.semantic.slice(at, at + 3)).toEqual([0, 1, 0]);
    expect(r.series.savedTokens.slice(at, at + 3)).toEqual([0, 670, 110]);
    // A minute whose lookups all missed saved $0; a minute with no lookup has no figure, as it has no rate.
    expect(r.series.savedUsd[at]).toBe(0);
    expect([r.series.hitRate[at + 3], r.series.savedUsd[at + 3], r.series.savedTokens[at + 3]]).toEqual([null, null, null]);
    expect(r.names.map((n) => [n.name, n.exact + n.semantic, n.misses, n.hitRate])).toEqual([
      ['faq', 2, 2, 0.5],
      ['small', 2, 0, 1],
    ]);
    expect(r.moreNames).toBe(0);
    const apps = await computeCacheReport(stores.rollups, { since: T0, until: T0 + 3_600_000, traffic: 'apps' });
    expect(apps.totals).toMatchObject({ exact: 2, semantic: 1, misses: 2 });
    expect(apps.totals.savedUsd).toBeCloseTo(0.009, 10);
    expect(apps.totals.savedTokens).toBe(670);
  });

  it('sums requests, tokens and spend per UTC day, team, key and model in a range, eval runs included', async () => {
    const stores = await backend.fresh();
    const day = Date.UTC(2026, 11, 1);
    await record(stores, [
      makeTrace({ id: 'tr_a', ts: day + 1, costUsd: 1, team: 'red', keyName: 'compat', requestedModel: 'small', inputTokens: 10, outputTokens: 3 }),
      makeTrace({ id: 'tr_b', ts: day + 86_399_999, costUsd: 2, team: 'red', keyName: 'compat', requestedModel: 'small', inputTokens: 20, outputTokens: 4, metadata: { eval_run: 'run_1' } }),
      makeTrace({ id: 'tr_c', ts: day + 86_400_000, costUsd: 4, team: 'red', keyName: 'compat', requestedModel: 'small', inputTokens: 10, outputTokens: 5 }),
      makeTrace({ id: 'tr_d', ts: day + 5, costUsd: 8, team: null, keyName: null, requestedModel: 'big', inputTokens: 10, outputTokens: 5 }),
      makeTrace({ id: 'tr_e', ts: day - 1, costUsd: 16, team: 'red', keyName: 'compat', requestedModel: 'small' }),
      makeTrace({ id: 'tr_f', ts: day + 2 * 86_400_000, costUsd: 32, team: 'red', keyName: 'compat', requestedModel: 'small' }),
      // A name that is JSON's own punctuation, and one with a quote: the row's value is JSON, read back exactly.
      makeTrace({ id: 'tr_g', ts: day + 9, costUsd: 64, team: '","', keyName: 'k"ey', requestedModel: '["x"]', inputTokens: 1, outputTokens: 1 }),
    ]);
    const rows = await stores.spend.spendRows(day, day + 2 * 86_400_000);
    const sorted = [...rows].sort((a, b) => a.day - b.day || String(a.team).localeCompare(String(b.team)));
    expect(sorted).toEqual([
      { day, team: '","', key: 'k"ey', model: '["x"]', requests: 1, inputTokens: 1, outputTokens: 1, costUsd: 64 },
      { day, team: null, key: null, model: 'big', requests: 1, inputTokens: 10, outputTokens: 5, costUsd: 8 },
      { day, team: 'red', key: 'compat', model: 'small', requests: 2, inputTokens: 30, outputTokens: 7, costUsd: 3 },
      { day: day + 86_400_000, team: 'red', key: 'compat', model: 'small', requests: 1, inputTokens: 10, outputTokens: 5, costUsd: 4 },
    ]);
    // Not a dimension the overview's filters offer.
    expect(Object.values(await stores.rollups.dimensionValues(day - DAY)).flat()).not.toContain('["red","compat","small"]');
  });

  it('keeps the spend of calls whose traces retention deleted', async () => {
    const stores = await backend.fresh();
    const day = Date.UTC(2026, 10, 3);
    await record(stores, [
      makeTrace({ id: 'old_1', ts: day + 1_000, costUsd: 0.25, team: 'red', keyName: 'app', requestedModel: 'small', inputTokens: 100, outputTokens: 10 }),
      makeTrace({ id: 'old_2', ts: day + 2_000, costUsd: 0.5, team: 'red', keyName: 'app', requestedModel: 'small', inputTokens: 200, outputTokens: 20 }),
      makeTrace({ id: 'new_1', ts: day + 40 * DAY, costUsd: 1, team: 'red', keyName: 'app', requestedModel: 'small', inputTokens: 1, outputTokens: 1 }),
    ]);
    // Retention deletes the old day's traces (no budget keeps them).
    expect(await stores.traces.pruneTraces({ deleteBefore: day + 30 * DAY, limit: 100 })).toMatchObject({ deleted: 2 });
    expect((await stores.traces.listTraces({ limit: 10 })).traces.map((t) => t.id)).toEqual(['new_1']);
    expect(await stores.spend.spendRows(day, day + 41 * DAY)).toEqual(
      expect.arrayContaining([
        { day, team: 'red', key: 'app', model: 'small', requests: 2, inputTokens: 300, outputTokens: 30, costUsd: 0.75 },
        { day: day + 40 * DAY, team: 'red', key: 'app', model: 'small', requests: 1, inputTokens: 1, outputTokens: 1, costUsd: 1 },
      ]),
    );
  });

  it('keeps the gateway’s own refusals out of latency and counts them apart', async () => {
    const stores = await backend.fresh();
    const refusal = { provider: null, upstreamModel: null, attempts: [], costUsd: 0, latencyMs: 0.4 };
    const timedOut = { provider: null, upstreamModel: null, status: 504, attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 0, latencyMs: 30_000 }] };
    await record(stores, [
      ...[100, 200, 300].map((latencyMs, i) => makeTrace({ id: `ok${i}`, ts: T0 + i, latencyMs })),
      ...Array.from({ length: 12 }, (_, i) => makeTrace({ id: `no${i}`, ts: T0 + 10 + i, status: [400, 401, 429, 403][i % 4], ...refusal })),
      makeTrace({ id: 'cache', ts: T0 + 30, provider: 'cache', latencyMs: 2 }),
      makeTrace({ id: 'slow', ts: T0 + 31, latencyMs: 30_000, ...timedOut }),
      // The client gave up before any model was called (a slow guard): a wait, not a refusal.
      makeTrace({ id: 'gone', ts: T0 + 32, status: 499, ...refusal, latencyMs: 4_000 }),
    ]);
    const o = await computeOverview(stores.rollups, { since: T0, until: T0 + 3_600_000, by: 'model' });
    // 18 calls, 14 failed; 12 of them refused before any model and left out of latency.
    expect(o.totals).toMatchObject({ requests: 18, errors: 14, refused: 12 });
    expect(o.totals.latency.p50).toBeGreaterThan(90);
    expect(o.totals.latency.p99).toBeGreaterThan(20_000); // the time-out is time a caller waited
    expect(o.totals.meanLatencyMs).toBeCloseTo((100 + 200 + 300 + 2 + 30_000 + 4_000) / 6, 0);
    expect(o.series.refused[0]).toBe(12);
    expect(o.breakdown[0]).toMatchObject({ name: 'gpt-4o-mini', requests: 18, refused: 12 });
    const day = await computeOverview(stores.rollups, { since: T0, until: T0 + 7 * DAY, by: 'model' });
    expect(day.totals).toMatchObject({ requests: 18, refused: 12 });
    expect(day.totals.latency.p50).toBeGreaterThan(90);
  });

  it('tells eval runs’ traffic apart from applications’ traffic', async () => {
    const stores = await backend.fresh();
    const run = { eval_run: 'run_1', case: 'card', variant: 'small' };
    await record(stores, [
      makeTrace({ id: 'app1', ts: T0, requestedModel: 'support', costUsd: 0.5, latencyMs: 100 }),
      makeTrace({ id: 'app2', ts: T0 + 61_000, requestedModel: 'support', costUsd: 0.25, latencyMs: 120, status: 500 }),
      makeTrace({ id: 'ev1', ts: T0 + 1_000, requestedModel: 'support', costUsd: 0.125, latencyMs: 5_000, metadata: run }),
      makeTrace({ id: 'ev2', ts: T0 + 2_000, requestedModel: 'judge', costUsd: 0.0625, latencyMs: 6_000, metadata: { ...run, scorer: 'judge' } }),
      makeTrace({ id: 'ev3', ts: T0 + 3_000, requestedModel: 'support', provider: 'eval-cache', costUsd: 0, latencyMs: 1, metadata: { ...run, cache: 'hit' } }),
    ]);
    const range = { since: T0, until: T0 + 3_600_000, by: 'model' as const };
    const all = await computeOverview(stores.rollups, range);
    expect(all.totals.requests).toBe(5);
    const apps = await computeOverview(stores.rollups, { ...range, traffic: 'apps' });
    expect(apps.totals).toMatchObject({ requests: 2, errors: 1, costUsd: 0.75 });
    expect(apps.totals.latency.p99).toBeLessThan(1_000); // the eval calls' slow latencies are gone from the histogram too
    expect(apps.series.requests.slice(0, 2)).toEqual([1, 1]);
    expect(apps.breakdown.map((b) => [b.name, b.requests])).toEqual([['support', 2]]);
    expect(apps.split.requests).toEqual([expect.arrayContaining([1])]);
    const evals = await computeOverview(stores.rollups, { ...range, traffic: 'evals', by: 'provider' });
    expect(evals.totals).toMatchObject({ requests: 3, errors: 0, costUsd: 0.1875 });
    expect(evals.breakdown.map((b) => b.name).sort()).toEqual(['eval-cache', 'openai']);
    // Filters list the values once, eval traffic or not.
    expect((await stores.rollups.dimensionValues(T0 - DAY)).model).toEqual(['judge', 'support']);
  });

  it('keeps hour and day rollups consistent with minutes', async () => {
    const stores = await backend.fresh();
    const batch = Array.from({ length: 200 }, (_, i) => makeTrace({ id: `t${i}`, ts: T0 + i * 600_000, latencyMs: 10 + i }));
    await record(stores, batch.slice(0, 120));
    await record(stores, batch.slice(120));
    const week = await computeOverview(stores.rollups, { since: T0, until: T0 + 7 * DAY, by: 'model' });
    const day = await computeOverview(stores.rollups, { since: T0, until: T0 + DAY, by: 'model' });
    expect(stepFor(7 * DAY).resolutionMs).toBe(3_600_000);
    expect(week.totals.requests).toBe(200);
    expect(day.totals.requests).toBe(144);
    expect(week.totals.latency.p50).toBeCloseTo(110, -1.5);
    expect(week.series.requests.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('sums the same whatever mix of tables serves the range', async () => {
    const stores = await backend.fresh();
    const batch = Array.from({ length: 300 }, (_, i) => makeTrace({ id: `s${i}`, ts: T0 + i * 997_000, requestedModel: i % 3 ? 'a' : 'b', latencyMs: 50 + i }));
    await record(stores, batch);
    const since = T0 + 7 * 60_000;
    const until = T0 + 290 * 997_000 - 13 * 60_000;
    const inRange = batch.filter((t) => t.ts - (t.ts % 60_000) >= since && t.ts - (t.ts % 60_000) < until);
    const values = await stores.rollups.values({ resolutionMs: 60_000, since, until }, 'model');
    expect(values.reduce((n, v) => n + v.requests, 0)).toBe(inRange.length);
    expect(values.find((v) => v.value === 'b')?.requests).toBe(inRange.filter((t) => t.requestedModel === 'b').length);
    const costs = values.reduce((n, v) => n + v.costUsd, 0);
    expect(costs).toBeCloseTo(inRange.length * 0.001, 9);
  });

  it('adds batches that touch the same rows, and lists dimension values for filters', async () => {
    const stores = await backend.fresh();
    await record(stores, [makeTrace({ id: 'x1', ts: T0, provider: 'openai', team: 'cx' })]);
    await record(stores, [makeTrace({ id: 'x2', ts: T0 + 1, provider: 'vllm', keyName: 'batch' }), makeTrace({ id: 'x3', ts: T0 + 2, requestedModel: 'claude', provider: null }), makeTrace({ id: 'x4', ts: T0 + 3, requestedModel: 'support', provider: 'local', decisions: { local: { label: 'x' } } })]);
    const o = await computeOverview(stores.rollups, { since: T0, until: T0 + 60_000, by: 'provider' });
    expect(o.totals.requests).toBe(4);
    expect(o.breakdown.map((b) => [b.name, b.requests]).sort()).toEqual([['(none)', 1], ['local', 1], ['openai', 1], ['vllm', 1]]);
    expect(await stores.rollups.dimensionValues(T0 - DAY)).toEqual({ model: ['claude', 'gpt-4o-mini', 'support'], provider: ['local', 'openai', 'vllm'], key: ['app', 'batch'], team: ['cx'], route: ['support > (local)'] });
  });

  it('reads a route branch stored under its upstream model (before 2026-12-04) as the target it stands for, once per branch', async () => {
    const stores = await backend.fresh();
    const { models, routes } = parseConfig(`
providers: { openai: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models:
  small: { provider: openai, model: gpt-4o-mini }
  large: { provider: openai, model: gpt-4o }
  cheap: { provider: openai, model: gpt-4.1-mini }
  also-cheap: { provider: openai, model: gpt-4.1-mini }
routes:
  support: { policy: split, arms: [ { target: small, weight: 1 }, { target: large, weight: 1 } ] }
  triage: { policy: split, arms: [ { target: cheap, weight: 1 }, { target: also-cheap, weight: 1 } ] }`);
    // Before: the branch was the upstream model (no route step on the trace named a target then).
    const before = (id: string, route: string, upstreamModel: string) => makeTrace({ id, ts: T0 + 1, requestedModel: route, upstreamModel, costUsd: 0.25, decisions: { route: { policy: 'split' } } });
    const after = (id: string, route: string, target: string, upstreamModel: string) =>
      makeTrace({ id, ts: T0 + 2, requestedModel: route, upstreamModel, costUsd: 0.25, decisions: { route: { steps: [{ route, policy: 'split', target, reason: 'arm' }], model: target } } });
    await record(stores, [
      before('o1', 'support', 'gpt-4o-mini'), before('o2', 'support', 'gpt-4o-mini'), before('o3', 'support', 'gpt-4o'),
      after('n1', 'support', 'small', 'gpt-4o-mini'), after('n2', 'support', 'large', 'gpt-4o'),
      before('o4', 'triage', 'gpt-4.1-mini'), after('n3', 'triage', 'cheap', 'gpt-4.1-mini'),
    ]);
    const range = { since: T0, until: T0 + 60_000 };
    const stored = (await stores.rollups.values({ resolutionMs: 60_000, ...range }, 'route')).map((v) => v.value).sort();
    expect(stored).toEqual(['support > gpt-4o', 'support > gpt-4o-mini', 'support > large', 'support > small', 'triage > cheap', 'triage > gpt-4.1-mini']);
    const reader = withBranchAliases(stores.rollups, () => branchAliases(models, routes));
    const [support, triage] = await routeReports(reader, { support: 'split', triage: 'split' }, range, {});
    expect(support?.branches.map((b) => [b.branch, b.requests, b.costUsd])).toEqual([['small', 3, 0.75], ['large', 2, 0.5]]);
    expect(support?.requests).toBe(5);
    // gpt-4.1-mini serves both arms of triage: which one answered before is unknown, so it stays apart.
    expect(triage?.branches.map((b) => [b.branch, b.requests])).toEqual([['cheap', 1], ['gpt-4.1-mini', 1]]);
    // The overview's split by route and the filter choices read the same names; the store keeps what it recorded.
    const overview = await computeOverview(reader, { ...range, by: 'route' });
    expect(overview.breakdown.map((b) => [b.name, b.requests])).toEqual([['support > small', 3], ['support > large', 2], ['triage > cheap', 1], ['triage > gpt-4.1-mini', 1]]);
    expect(overview.breakdown[0]?.latency.p50).toBeGreaterThan(0);
    expect(overview.split.names[0]).toBe('support > small');
    expect(overview.split.requests[0]?.reduce((a, b) => a + b, 0)).toBe(3);
    expect((await reader.dimensionValues(T0 - DAY)).route).toEqual(['support > large', 'support > small', 'triage > cheap', 'triage > gpt-4.1-mini']);
    const [raw] = await routeReports(stores.rollups, { support: 'split' }, range, {});
    expect(raw?.branches.map((b) => b.branch).sort()).toEqual(['gpt-4o', 'gpt-4o-mini', 'large', 'small']);
  });

  it("sums a cascade's calls across all their steps against its last target alone, per route and time bucket (the cascade dimension)", async () => {
    const stores = await backend.fresh();
    // extract: mini, then large. Each call's `decisions.route.alone` says what large cost it (its step) or would have (its price).
    const cascadeCall = (id: string, ts: number, steps: number[], alone: AloneFigures) =>
      makeTrace({ id, ts, requestedModel: 'extract', costUsd: steps.reduce((a, b) => a + b, 0), latencyMs: 1_000, decisions: extractCascadeDecisions(steps, alone) });
    await record(stores, [
      cascadeCall('e1', T0, [0.00022, 0.0005], { costUsd: 0.0005, latencyMs: 800, from: 'step' }),
      cascadeCall('e2', T0 + 1_000, [0.00022, 0.0005], { costUsd: 0.0005, latencyMs: 600, from: 'step' }),
      cascadeCall('s1', T0 + 120_000, [0.0001], { costUsd: 0.003, latencyMs: null, from: 'price' }),
      cascadeCall('u1', T0 + 121_000, [0.0001], { costUsd: null, latencyMs: null, from: 'price' }),
      makeTrace({ id: 'j1', ts: T0 + 122_000, requestedModel: 'grader', costUsd: 0.00006, decisions: { internal: { feature: 'cascade-judge', for: 's1', route: 'extract' } } }),
    ]);
    const rows = await stores.rollups.values({ resolutionMs: 60_000, since: T0, until: T0 + 3_600_000 }, 'cascade');
    const byValue = Object.fromEntries(rows.map((r) => [r.value, [r.requests, Number(r.costUsd.toFixed(8)), r.latencyMsSum]]));
    expect(byValue).toEqual({
      'extract > (steps)': [3, 0.00154, 3_000],
      'extract > (last)': [2, 0.001, 1_400],
      'extract > (priced)': [1, 0.003, 0],
      'extract > (unpriced)': [1, 0.0001, 1_000],
      'extract > (judge)': [1, 0.00006, 100],
    });
    // Hour rows say the same (the report over a day reads them), and the route report is exact.
    const hours = await stores.rollups.values({ resolutionMs: 3_600_000, since: T0, until: T0 + 3_600_000 }, 'cascade');
    expect(hours.map((r) => [r.value, r.requests]).sort()).toEqual(rows.map((r) => [r.value, r.requests]).sort());
    const [report] = await routeReports(stores.rollups, { extract: { policy: 'cascade', cascade: ['mini', 'large'] } }, { since: T0, until: T0 + 3_600_000 }, {});
    const saving = report?.cascadeSaving;
    expect(saving?.exact).toBe(true);
    expect(saving?.savedUsd).toBeCloseTo(0.001 + 0.003 - 0.00154 - 0.00006, 12);
    expect([saving?.calls, saving?.pricedCalls, saving?.unpricedCalls, saving?.since]).toEqual([3, 1, 1, null]);
    expect(saving?.savedLatencyMsPerCall).toBeCloseTo(700 - 1_000, 9);
    // The running total: the two escalated calls' minute, then the early stop's and the judge's (it ends at the figure).
    const at = saving?.series?.ts.indexOf(T0) ?? -1;
    expect(saving?.series?.savedUsd.slice(at, at + 3).map((v) => Number(v.toFixed(8)))).toEqual([-0.00044, -0.00044, 0.0024]);
  });

  it('drops minute rows 14 days behind the newest, keeping hour and day totals whole', async () => {
    const stores = await backend.fresh();
    for (let day = 0; day < 20; day++) await record(stores, [makeTrace({ id: `d${day}`, ts: T0 + day * DAY + 90_000 })]);
    // A one-hour range is drawn from minute rows: gone for day 0, kept for day 19.
    const early = await computeOverview(stores.rollups, { since: T0, until: T0 + 3_600_000, by: 'model' });
    const late = await computeOverview(stores.rollups, { since: T0 + 19 * DAY, until: T0 + 19 * DAY + 3_600_000, by: 'model' });
    expect(early.totals.requests).toBe(0);
    expect(late.totals.requests).toBe(1);
    const month = await computeOverview(stores.rollups, { since: T0 - DAY, until: T0 + 21 * DAY, by: 'model' });
    expect(month.totals.requests).toBe(20);
    // A week ending a day after day 0's request would zoom to that day in 15-minute steps, read
    // from minute rows that are gone: the week's own hourly steps, from hour rows, stand.
    const week = await computeOverview(stores.rollups, { since: T0 - 6 * DAY, until: T0 + DAY, by: 'model' });
    expect([week.totals.requests, week.stepMs, week.series.requests.reduce((a, b) => a + b, 0)]).toEqual([1, 3_600_000, 1]);
  });

  it('opens on the last hour when all of the day’s traffic is in it (range=auto), else on the day, in one answer', async () => {
    const stores = await backend.fresh();
    const now = T0 + DAY;
    await record(stores, [makeTrace({ id: 'new1', ts: now - 600_000 }), makeTrace({ id: 'new2', ts: now - 300_000 })]);
    const recent = await computeRecentOverview(stores.rollups, { until: now, by: 'model' });
    expect([recent.range, recent.since, recent.until, recent.totals.requests]).toEqual(['1h', now - 3_600_000, now, 2]);
    // One request five hours back: the day stands.
    await record(stores, [makeTrace({ id: 'old', ts: now - 5 * 3_600_000 })]);
    const day = await computeRecentOverview(stores.rollups, { until: now, by: 'model' });
    expect([day.range, day.since, day.totals.requests]).toEqual(['24h', now - DAY, 3]);
    expect((await computeRecentOverview((await backend.fresh()).rollups, { until: now, by: 'model' })).range).toBe('24h');
  });

  it('draws a long range over minutes-old traffic at a finer step from where the traffic starts', async () => {
    const stores = await backend.fresh();
    const now = T0 + DAY;
    // Twenty requests over the last ten minutes of a day: at the day's 15-minute steps they were
    // one point at the right edge of a flat line.
    await record(stores, Array.from({ length: 20 }, (_, i) => makeTrace({ id: `r${i}`, ts: now - 600_000 + i * 30_000, requestedModel: i % 2 ? 'a' : 'b' })));
    const day = await computeOverview(stores.rollups, { since: now - DAY, until: now, by: 'model' });
    expect([day.since, day.seriesSince, day.stepMs]).toEqual([now - DAY, now - 900_000, 60_000]);
    expect(day.series.ts).toHaveLength(15);
    expect(day.series.requests.filter((n) => n > 0)).toHaveLength(10);
    expect([day.totals.requests, day.series.requests.reduce((a, b) => a + b, 0), day.split.requests.flat().reduce((a, b) => a + b, 0)]).toEqual([20, 20, 20]);
    expect(day.breakdown.map((b) => [b.name, b.requests]).sort()).toEqual([['a', 10], ['b', 10]]);
    // An hour is drawn in minutes already, the finest rollups: five minutes of it start where they
    // start rather than fill the last twelfth of sixty points.
    const hour = await computeOverview(stores.rollups, { since: now - 3_600_000, until: now, by: 'model' });
    expect([hour.seriesSince, hour.stepMs, hour.series.ts.length, hour.totals.requests]).toEqual([now - 600_000, 60_000, 10, 20]);
    // Traffic that fills more than a quarter of the range keeps the range's own steps.
    await record(stores, [makeTrace({ id: 'early', ts: now - 20 * 3_600_000 })]);
    const fuller = await computeOverview(stores.rollups, { since: now - DAY, until: now, by: 'model' });
    expect([fuller.seriesSince, fuller.stepMs, fuller.totals.requests]).toEqual([now - DAY, 900_000, 21]);
  });
}

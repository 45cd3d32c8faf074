import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/sqlite/open-database.js';
import { ROLLUP_MIGRATIONS } from '../store/sqlite/rollup-migrations.js';
import { SqliteRollups } from '../store/sqlite/sqlite-rollups.js';
import { SqliteTraceStore } from '../store/sqlite/sqlite-trace-store.js';
import { TRACE_MIGRATIONS } from '../store/sqlite/migrations.js';
import { histogramOf, quantile } from './histogram.js';
import { computeOverview, stepFor } from './overview.js';
import { makeTrace } from './test-traces.js';

const T0 = Date.UTC(2026, 0, 1, 12);

function stores() {
  const db = openDatabase(':memory:', [TRACE_MIGRATIONS, ROLLUP_MIGRATIONS]);
  const rollups = new SqliteRollups(db);
  const traces = new SqliteTraceStore(db, { afterInsert: [(batch) => rollups.apply(batch)] });
  return { db, rollups, traces };
}

describe('latency histogram', () => {
  it('reports percentiles within the bucket error', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    const h = histogramOf(values);
    for (const [q, exact] of [[0.5, 500], [0.95, 950], [0.99, 990]] as const) {
      const got = quantile(h, q) as number;
      expect(Math.abs(got - exact) / exact).toBeLessThan(0.13);
    }
    expect(quantile(histogramOf([]), 0.5)).toBeNull();
    expect(quantile(histogramOf([0.2, 0.4]), 0.5)).toBeLessThan(1);
  });
});

describe('overview from rollups', () => {
  it('sums traces into totals, a time series and a split by model', async () => {
    const { rollups, traces } = stores();
    await traces.insertTraces([
      makeTrace({ id: 'a', ts: T0, requestedModel: 'gpt-4o', costUsd: 0.5, latencyMs: 100, ttftMs: 40 }),
      makeTrace({ id: 'b', ts: T0 + 61_000, requestedModel: 'gpt-4o', costUsd: 0.25, latencyMs: 300, status: 502 }),
      makeTrace({ id: 'c', ts: T0 + 3_000, requestedModel: 'claude', keyName: null, latencyMs: 200 }),
    ]);
    const o = await computeOverview(rollups, { since: T0, until: T0 + 3_600_000, by: 'model' });
    expect(o.stepMs).toBe(60_000);
    expect(o.totals).toMatchObject({ requests: 3, errors: 1, inputTokens: 30, outputTokens: 60 });
    expect(o.totals.costUsd).toBeCloseTo(0.751);
    expect(o.totals.errorRate).toBeCloseTo(1 / 3);
    expect(o.series.requests.slice(0, 3)).toEqual([2, 1, 0]);
    expect(o.series.ttftP50[0]).toBeGreaterThan(30);
    expect(o.breakdown.map((b) => [b.name, b.requests])).toEqual([['gpt-4o', 2], ['claude', 1]]);
    expect(o.split.names).toEqual(['gpt-4o', 'claude']);
    expect(o.split.requests[0]?.slice(0, 2)).toEqual([1, 1]);

    const byKey = await computeOverview(rollups, { since: T0, until: T0 + 3_600_000, by: 'key' });
    expect(byKey.breakdown.map((b) => [b.name, b.requests])).toEqual([['app', 2], ['(none)', 1]]);
    expect(byKey.totals.requests).toBe(3);
  });

  it('keeps hour and day rollups consistent with minutes', async () => {
    const { rollups, traces } = stores();
    const batch = Array.from({ length: 200 }, (_, i) => makeTrace({ id: `t${i}`, ts: T0 + i * 600_000, latencyMs: 10 + i }));
    await traces.insertTraces(batch.slice(0, 120));
    await traces.insertTraces(batch.slice(120));
    const week = await computeOverview(rollups, { since: T0, until: T0 + 7 * 86_400_000, by: 'model' });
    const day = await computeOverview(rollups, { since: T0, until: T0 + 86_400_000, by: 'model' });
    expect(stepFor(7 * 86_400_000).resolutionMs).toBe(3_600_000);
    expect(week.totals.requests).toBe(200);
    expect(day.totals.requests).toBe(144);
    expect(week.totals.latency.p50).toBeCloseTo(110, -1.5);
  });

  it('folds in traces written before rollups existed, once', async () => {
    const db = openDatabase(':memory:', [TRACE_MIGRATIONS]);
    await new SqliteTraceStore(db).insertTraces([makeTrace({ id: 'old', ts: T0 })]);
    // The same file gains the rollup feature later.
    const { migrate } = await import('../store/sqlite/open-database.js');
    migrate(db, [ROLLUP_MIGRATIONS]);
    const rollups = new SqliteRollups(db);
    new SqliteRollups(db);
    const o = await computeOverview(rollups, { since: T0, until: T0 + 60_000, by: 'model' });
    expect(o.totals.requests).toBe(1);
  });
});

describe('range segments', () => {
  it('covers a range exactly with the coarsest tables that fit', async () => {
    const { rangeSegments } = await import('../store/sqlite/sqlite-rollups.js');
    const since = Date.UTC(2026, 0, 1, 22, 30);
    const until = Date.UTC(2026, 0, 3, 1, 15);
    const parts = rangeSegments(since, until);
    expect(parts.map((p) => p.table)).toEqual(['rollup_minute', 'rollup_hour', 'rollup_day', 'rollup_hour', 'rollup_minute']);
    expect(parts[0]?.from).toBe(since);
    expect(parts.at(-1)?.to).toBe(until);
    for (let i = 1; i < parts.length; i++) expect(parts[i]?.from).toBe(parts[i - 1]?.to);
    expect(rangeSegments(since, since + 600_000)).toEqual([{ table: 'rollup_minute', from: since, to: since + 600_000 }]);
  });

  it('sums the same whatever mix of tables serves the range', async () => {
    const { rollups, traces } = stores();
    const batch = Array.from({ length: 300 }, (_, i) => makeTrace({ id: `s${i}`, ts: T0 + i * 997_000, requestedModel: i % 3 ? 'a' : 'b', latencyMs: 50 + i }));
    await traces.insertTraces(batch);
    const since = T0 + 7 * 60_000;
    const until = T0 + 290 * 997_000 - 13 * 60_000;
    const expected = batch.filter((t) => t.ts - (t.ts % 60_000) >= since && t.ts < until - (until % 60_000) + 60_000 && t.ts - (t.ts % 60_000) < until);
    const values = await rollups.values({ resolutionMs: 60_000, since, until }, 'model');
    expect(values.reduce((n, v) => n + v.requests, 0)).toBe(expected.length);
    expect(values.find((v) => v.value === 'b')?.requests).toBe(expected.filter((t) => t.requestedModel === 'b').length);
  });
});

describe('buffered hour and day rollups', () => {
  it('rebuilds hour and day rows from minutes when buffered deltas were lost', async () => {
    const db = openDatabase(':memory:', [TRACE_MIGRATIONS, ROLLUP_MIGRATIONS]);
    const first = new SqliteRollups(db);
    const traces = new SqliteTraceStore(db, { afterInsert: [(batch) => first.apply(batch)] });
    await traces.insertTraces(Array.from({ length: 50 }, (_, i) => makeTrace({ id: `c${i}`, ts: T0 + i * 60_000 })));
    // The process dies before the buffered hour/day deltas are written; a new one opens the file.
    const second = new SqliteRollups(db);
    const week = await computeOverview(second, { since: T0 - 86_400_000, until: T0 + 6 * 86_400_000, by: 'model' });
    expect(week.totals.requests).toBe(50);
    expect(week.breakdown).toEqual([expect.objectContaining({ name: 'gpt-4o-mini', requests: 50 })]);
  });
});

describe('rollups and failed transactions', () => {
  it('counts a batch once when its first transaction failed and the writer retried it', async () => {
    const db = openDatabase(':memory:', [TRACE_MIGRATIONS, ROLLUP_MIGRATIONS]);
    const rollups = new SqliteRollups(db);
    let fail = true;
    const traces = new SqliteTraceStore(db, {
      afterInsert: [
        (batch) => rollups.apply(batch),
        () => {
          if (fail) throw new Error('disk full');
        },
      ],
    });
    const batch = Array.from({ length: 20 }, (_, i) => makeTrace({ id: `f${i}`, ts: T0 + i * 1000 }));
    await expect(traces.insertTraces(batch)).rejects.toThrow('disk full');
    fail = false;
    await traces.insertTraces(batch);
    await traces.insertTraces([makeTrace({ id: 'g1', ts: T0 + 5000 })]);
    for (const range of [3_600_000, 7 * 86_400_000, 60 * 86_400_000]) {
      const o = await computeOverview(rollups, { since: T0 - 60_000, until: T0 - 60_000 + range, by: 'model' });
      expect(o.totals.requests).toBe(21);
      expect(o.breakdown[0]?.requests).toBe(21);
    }
  });
});

describe('minute rollup retention', () => {
  it('drops minute rows 14 days behind the newest, keeping hour and day totals whole', async () => {
    const { db, rollups, traces } = stores();
    const DAY = 86_400_000;
    for (let day = 0; day < 20; day++) {
      await traces.insertTraces([makeTrace({ id: `d${day}`, ts: T0 + day * DAY + 90_000 })]);
    }
    const oldest = (db.prepare("SELECT MIN(bucket) AS b FROM rollup_minute WHERE dim = '*'").get() as { b: number }).b;
    expect(oldest).toBeGreaterThanOrEqual(T0 + 19 * DAY - 14 * DAY - 60_000);
    const month = await computeOverview(rollups, { since: T0 - DAY, until: T0 + 21 * DAY, by: 'model' });
    expect(month.totals.requests).toBe(20);
  });
});

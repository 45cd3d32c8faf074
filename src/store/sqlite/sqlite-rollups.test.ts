import { describe, expect, it, vi } from 'vitest';
import { computeOverview } from '../../monitor/overview.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { TRACE_MIGRATIONS } from './migrations.js';
import { migrate, openDatabase } from './open-database.js';
import { ROLLUP_MIGRATIONS } from './rollup-migrations.js';
import { SqliteRollups } from './sqlite-rollups.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const WEEK = { since: T0 - 86_400_000, until: T0 + 6 * 86_400_000, by: 'model' as const };

describe('SQLite rollups across restarts', () => {
  it('folds in traces written before rollups existed, once', async () => {
    const db = openDatabase(':memory:', [TRACE_MIGRATIONS]);
    const refused = { status: 401, provider: null, upstreamModel: null, latencyMs: 0.3 };
    const failed = { ...refused, status: 502, attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 500, latencyMs: 900 }], latencyMs: 900 };
    await new SqliteTraceStore(db).insertTraces([makeTrace({ id: 'old', ts: T0 }), makeTrace({ id: 'key', ts: T0 + 1, ...refused }), makeTrace({ id: 'upstream', ts: T0 + 2, ...failed })]);
    // The same file gains the rollup feature later.
    migrate(db, [ROLLUP_MIGRATIONS]);
    const rollups = new SqliteRollups(db);
    new SqliteRollups(db);
    const o = await computeOverview(rollups, { since: T0, until: T0 + 60_000, by: 'model' });
    // Read back from the table, the refusal (no attempt) is told from the failed upstream call.
    expect(o.totals).toMatchObject({ requests: 3, errors: 2, refused: 1, meanLatencyMs: 500 });
  });

  it('reads whether a stored trace was streamed when it folds traces in, so whole answers add no first token', async () => {
    const db = openDatabase(':memory:', [TRACE_MIGRATIONS]);
    await new SqliteTraceStore(db).insertTraces([makeTrace({ id: 's', ts: T0, stream: true, ttftMs: 150 }), makeTrace({ id: 'w', ts: T0 + 1, stream: false, ttftMs: 4_000, latencyMs: 4_000 })]);
    migrate(db, [ROLLUP_MIGRATIONS]);
    const o = await computeOverview(new SqliteRollups(db), { since: T0, until: T0 + 60_000, by: 'model' });
    expect(o.totals.requests).toBe(2);
    expect(o.totals.ttft.p95).toBeLessThan(200);
  });

  it('rebuilds hour and day rows from minutes when buffered deltas were lost', async () => {
    const db = openDatabase(':memory:', [TRACE_MIGRATIONS, ROLLUP_MIGRATIONS]);
    const traces = new SqliteTraceStore(db);
    const first = new SqliteRollups(db);
    const batch = Array.from({ length: 50 }, (_, i) => makeTrace({ id: `c${i}`, ts: T0 + i * 60_000 }));
    await traces.insertTraces(batch);
    await first.apply(batch);
    // The process dies before the buffered hour/day deltas are written; a new one opens the file.
    const second = new SqliteRollups(db);
    const week = await computeOverview(second, WEEK);
    expect(week.totals.requests).toBe(50);
    expect(week.breakdown).toEqual([expect.objectContaining({ name: 'gpt-4o-mini', requests: 50 })]);
  });

  it('recounts recent minutes when the process died between storing a batch and rolling it up', async () => {
    const db = openDatabase(':memory:', [TRACE_MIGRATIONS, ROLLUP_MIGRATIONS]);
    const traces = new SqliteTraceStore(db);
    const rollups = new SqliteRollups(db);
    const applied = Array.from({ length: 30 }, (_, i) => makeTrace({ id: `a${i}`, ts: T0 + i * 1_000 }));
    const lost = Array.from({ length: 7 }, (_, i) => makeTrace({ id: `l${i}`, ts: T0 + 40_000 + i * 1_000, requestedModel: 'claude' }));
    await traces.insertTraces(applied);
    await rollups.apply(applied);
    await traces.insertTraces(lost); // … and the rollups never saw this batch.
    const reopened = new SqliteRollups(db);
    const hour = await computeOverview(reopened, { since: T0, until: T0 + 3_600_000, by: 'model' });
    expect(hour.totals.requests).toBe(37);
    expect(hour.breakdown.map((b) => [b.name, b.requests])).toEqual([['gpt-4o-mini', 30], ['claude', 7]]);
    expect((await computeOverview(reopened, WEEK)).totals.requests).toBe(37);
  });

  it('leaves a running writer\'s buffered hour and day deltas alone when a reader opens the file', async () => {
    const db = openDatabase(':memory:', [TRACE_MIGRATIONS, ROLLUP_MIGRATIONS]);
    const traces = new SqliteTraceStore(db);
    const writer = new SqliteRollups(db);
    const batch = Array.from({ length: 50 }, (_, i) => makeTrace({ id: `w${i}`, ts: T0 + i * 60_000 }));
    await traces.insertTraces(batch);
    await writer.apply(batch); // hour and day deltas still buffered in the writer
    const reader = new SqliteRollups(db, { upkeep: false }); // e.g. `switchyard review` next to the gateway
    writer.flushCoarse();
    expect((await computeOverview(reader, WEEK)).totals.requests).toBe(50);
  });
});

describe('SQLite rollups read by another instance', () => {
  it("writes a writer's buffered hour and day rows within two seconds though no batch follows", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const db = openDatabase(':memory:', [TRACE_MIGRATIONS, ROLLUP_MIGRATIONS]);
      const writer = new SqliteRollups(db);
      const reader = new SqliteRollups(db, { upkeep: false });
      // The filters' names come from the day rows: the last burst's route was missing until the next request.
      await writer.apply([makeTrace({ id: 'a', ts: Date.now(), requestedModel: 'support' })]);
      expect((await reader.dimensionValues(Date.now() - 86_400_000)).model).toEqual([]);
      await vi.advanceTimersByTimeAsync(2_000);
      expect((await reader.dimensionValues(Date.now() - 86_400_000)).model).toEqual(['support']);
      // Closed before its timer fires, the writer leaves no error behind.
      await writer.apply([makeTrace({ id: 'b', ts: Date.now(), requestedModel: 'small' })]);
      db.close();
      await vi.advanceTimersByTimeAsync(2_000);
    } finally {
      vi.useRealTimers();
    }
  });
});

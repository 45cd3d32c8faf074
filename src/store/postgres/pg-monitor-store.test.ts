import { describe, expect, it } from 'vitest';
import { traceSignal } from '../../monitor/signals/trace-signal.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { scratchSchema } from '../contract/scratch-schema.js';
import { migratePostgres } from './migrate.js';
import { MONITOR_TABLES, PgMonitorStore } from './pg-monitor-store.js';

describe('PostgreSQL monitoring signals written before their fields moved into columns', () => {
  const scratch = scratchSchema();
  const { schema } = scratch;

  it('moves JSONB and JSON documents into the columns, then writes and blanks large batches and small alike', async () => {
    const pool = await scratch.open();
    const signal = (id: string, ts: number, content: string, decisions: Record<string, unknown> | null = null) =>
      traceSignal(makeTrace({ id, ts, decisions, request: { messages: [{ role: 'user', content }] }, response: { choices: [{ message: { role: 'assistant', content: `answer to ${content}` } }] } }));
    const insertDocument = (column: 'doc' | 'doc_json', s: ReturnType<typeof signal>, scores: Record<string, number> | null = null) => {
      const { topic, scores: _scores, ...doc } = s;
      return pool.query(`INSERT INTO monitor_signals (trace_id, ts, route, has_prompt, ok, topic, scores, ${column}) VALUES ($1, $2, $3, true, true, $4, $5, $6)`, [s.traceId, s.ts, s.route, topic, scores, JSON.stringify(doc)]);
    };
    // A signal written when documents were JSONB, one written when they were JSON (with a local
    // model's label, a topic and scores), and one from before `servedBy` existed.
    await migratePostgres(pool, schema, [{ feature: MONITOR_TABLES.feature, steps: MONITOR_TABLES.steps.slice(0, 2) }]);
    const jsonb = signal('tr_jsonb', 1, 'Où est le café ?');
    await insertDocument('doc', jsonb);
    await migratePostgres(pool, schema, [{ feature: MONITOR_TABLES.feature, steps: MONITOR_TABLES.steps.slice(0, 4) }]);
    const json = { ...signal('tr_json', 2, 'card arrival', { local: { answered: false, label: 'card_arrival', confidence: 0.41 } }), topic: 3 };
    await insertDocument('doc_json', json, { judge: 0.5 });
    const { servedBy: _servedBy, localLabel: _localLabel, localConfidence: _localConfidence, ...older } = signal('tr_older', 3, 'an older question');
    await insertDocument('doc_json', older as ReturnType<typeof signal>);
    await migratePostgres(pool, schema, [MONITOR_TABLES]);
    // The table is rebuilt: its key and the three read indexes are made again (and the scored signals' index after), and nothing of the old table stays.
    const indexes = await pool.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname', [schema, 'monitor_signals']);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(['monitor_signals_needs_topic', 'monitor_signals_pkey', 'monitor_signals_route_ts', 'monitor_signals_scored', 'monitor_signals_ts_brin']);
    expect((await pool.query("SELECT to_regclass('monitor_signals_documents') AS old")).rows[0]).toEqual({ old: null });

    const store = new PgMonitorStore(pool);
    const moved = new Map((await store.listSignals({ since: 0, until: 10 })).map((s) => [s.traceId, s]));
    expect(moved.get('tr_jsonb')).toEqual(jsonb);
    expect(moved.get('tr_json')).toEqual({ ...json, scores: { judge: 0.5 } });
    expect(moved.get('tr_json')).toMatchObject({ localLabel: 'card_arrival', localConfidence: 0.41 });
    expect(moved.get('tr_older')).toEqual({ ...older, servedBy: null, localLabel: null, localConfidence: null });

    // 70 signals go by COPY, one by the upsert (and one of them written again).
    await store.putSignals(Array.from({ length: 70 }, (_, i) => signal(`tr_copy_${i}`, 10 + i, `question ${i}`)));
    await store.putSignals([signal('tr_small', 100, 'a small batch'), signal('tr_copy_0', 10, 'asked again')]);
    const listed = await store.listSignals({ since: 0, until: 1_000, limit: 1_000 });
    expect(listed).toHaveLength(74);
    expect(listed.find((s) => s.traceId === 'tr_copy_0')).toEqual(signal('tr_copy_0', 10, 'asked again'));
    expect(listed.find((s) => s.traceId === 'tr_copy_5')).toEqual(signal('tr_copy_5', 15, 'question 5'));
    expect(listed.find((s) => s.traceId === 'tr_small')).toEqual(signal('tr_small', 100, 'a small batch'));
    // Retention blanks the texts of moved and new rows alike, and finds nothing left to blank after.
    expect((await store.stripTexts({ from: 0, before: 12, limit: 100 })).stripped).toBe(5);
    expect((await store.stripTexts({ from: 0, before: 12, limit: 100 })).stripped).toBe(0);
    const stripped = (await store.listSignals({ since: 0, until: 12, limit: 10 })).map((s) => [s.traceId, s.prompt, s.answer, s.inputChars]);
    expect(stripped).toEqual([
      ['tr_copy_1', null, null, 'question 1'.length],
      ['tr_copy_0', null, null, 'asked again'.length],
      ['tr_older', null, null, 'an older question'.length],
      ['tr_json', null, null, 'card arrival'.length],
      ['tr_jsonb', null, null, 'Où est le café ?'.length],
    ]);
  });

  it('writes each COPY batch whole when the store reuses its rows buffer: after a larger batch, and after a batch that went as the upsert', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, schema, [MONITOR_TABLES]);
    const store = new PgMonitorStore(pool);
    const signal = (id: string, ts: number, content: string) =>
      traceSignal(makeTrace({ id, ts, request: { messages: [{ role: 'user', content }] }, response: { choices: [{ message: { role: 'assistant', content: `answer to ${content}` } }] } }));
    // ~900 kB of rows: past the first 256 kB buffer, which grows; the next batches are shorter
    // and go into the grown buffer, whose tail still holds the first batch's bytes.
    const long = Array.from({ length: 900 }, (_, i) => signal(`tr_long_${i}`, 1_000 + i, `long question ${i} ${'x'.repeat(990)}`));
    const short = Array.from({ length: 64 }, (_, i) => signal(`tr_short_${i}`, 3_000 + i, `short ${i}`));
    // A batch holding a stored id fails as COPY and goes as the upsert; the batch after it is COPY again.
    const again = [...Array.from({ length: 63 }, (_, i) => signal(`tr_again_${i}`, 4_000 + i, `again ${i}`)), signal('tr_short_0', 3_000, 'short 0, asked again')];
    const after = Array.from({ length: 65 }, (_, i) => signal(`tr_after_${i}`, 5_000 + i, `after ${i}`));
    for (const batch of [long, short, again, after]) await store.putSignals(batch);
    const stored = new Map((await store.listSignals({ since: 1_000, until: 10_000, limit: 2_000 })).map((s) => [s.traceId, s]));
    const expected = [...long, ...short.slice(1), ...again, ...after];
    expect(stored.size).toBe(expected.length);
    for (const s of expected) expect(stored.get(s.traceId)).toEqual(s);
  });

  it('stores numbers JSON cannot hold as null, through COPY and the upsert alike', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, schema, [MONITOR_TABLES]);
    const store = new PgMonitorStore(pool);
    const odd = (id: string) => ({ ...traceSignal(makeTrace({ id, ts: 500 })), latencyMs: Number.NaN, ttftMs: Number.POSITIVE_INFINITY, localConfidence: Number.NaN });
    await store.putSignals(Array.from({ length: 64 }, (_, i) => odd(`tr_many_${i}`)));
    await store.putSignals([odd('tr_one')]);
    const read = await store.listSignals({ since: 400, until: 600, limit: 100 });
    expect(read).toHaveLength(65);
    for (const s of read) expect([s.latencyMs, s.ttftMs, s.localConfidence]).toEqual([null, null, null]);
  });
});

describe('PostgreSQL monitoring signals written before the local model was served by (local)', () => {
  const scratch = scratchSchema();

  it("reads the local model's answers stored as local as (local), and a provider model named local as itself", async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, scratch.schema, [{ feature: MONITOR_TABLES.feature, steps: MONITOR_TABLES.steps.slice(0, 5) }]);
    const store = new PgMonitorStore(pool);
    const signal = (id: string, servedBy: string, localLabel: string | null) => ({ ...traceSignal(makeTrace({ id, ts: 1 })), servedBy, localLabel, localConfidence: localLabel === null ? null : 0.9 });
    // As versions up to 2026-12-06 wrote them (see the SQLite test).
    await store.putSignals([signal('tr_answered', 'local', 'pin_blocked'), signal('tr_named', 'local', null), signal('tr_other', 'gpt-4o', 'card')]);
    await migratePostgres(pool, scratch.schema, [MONITOR_TABLES]);
    const read = Object.fromEntries((await store.listSignals({ since: 0, until: 10 })).map((s) => [s.traceId, s.servedBy]));
    expect(read).toEqual({ tr_answered: '(local)', tr_named: 'local', tr_other: 'gpt-4o' });
  });
});

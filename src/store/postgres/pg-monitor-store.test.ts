import { describe, expect, it } from 'vitest';
import { traceSignal } from '../../monitor/signals/trace-signal.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { scratchSchema } from '../contract/scratch-schema.js';
import { migratePostgres } from './migrate.js';
import { MONITOR_TABLES, PgMonitorStore } from './pg-monitor-store.js';

describe('PostgreSQL monitoring signals written before their documents moved to JSON', () => {
  const scratch = scratchSchema();
  const { schema } = scratch;

  it('reads and blanks a JSONB document beside new JSON ones, large batches and small', async () => {
    const pool = await scratch.open();
    // The tables as they were before the JSON column, and a signal written then (doc as JSONB).
    await migratePostgres(pool, schema, [{ feature: MONITOR_TABLES.feature, steps: MONITOR_TABLES.steps.slice(0, 2) }]);
    const signal = (id: string, ts: number, content: string) =>
      traceSignal(makeTrace({ id, ts, request: { messages: [{ role: 'user', content }] }, response: { choices: [{ message: { role: 'assistant', content: `answer to ${content}` } }] } }));
    const old = signal('tr_old', 1, 'Où est le café ?');
    const { topic, scores, ...doc } = old;
    await pool.query('INSERT INTO monitor_signals (trace_id, ts, route, has_prompt, ok, topic, scores, doc) VALUES ($1, $2, $3, true, true, $4, $5, $6)', [old.traceId, old.ts, old.route, topic, scores, JSON.stringify(doc)]);
    await migratePostgres(pool, schema, [MONITOR_TABLES]);
    const store = new PgMonitorStore(pool);
    // 70 signals go by COPY, one by the upsert (and one of them written again).
    await store.putSignals(Array.from({ length: 70 }, (_, i) => signal(`tr_copy_${i}`, 10 + i, `question ${i}`)));
    await store.putSignals([signal('tr_small', 100, 'a small batch'), signal('tr_copy_0', 10, 'asked again')]);
    const layout = await pool.query<{ trace_id: string; jsonb: boolean; json: boolean }>(
      "SELECT trace_id, doc IS NOT NULL AS jsonb, doc_json IS NOT NULL AS json FROM monitor_signals WHERE trace_id IN ('tr_old', 'tr_small', 'tr_copy_0', 'tr_copy_1') ORDER BY trace_id",
    );
    expect(layout.rows).toEqual([
      { trace_id: 'tr_copy_0', jsonb: false, json: true },
      { trace_id: 'tr_copy_1', jsonb: false, json: true },
      { trace_id: 'tr_old', jsonb: true, json: false },
      { trace_id: 'tr_small', jsonb: false, json: true },
    ]);
    const listed = await store.listSignals({ since: 0, until: 1_000, limit: 1_000 });
    expect(listed).toHaveLength(72);
    expect(listed.find((s) => s.traceId === 'tr_old')).toEqual(old);
    expect(listed.find((s) => s.traceId === 'tr_copy_0')?.prompt).toBe('asked again');
    expect(listed.find((s) => s.traceId === 'tr_copy_5')?.prompt).toBe('question 5');
    // Retention blanks the texts of either kind of row, and finds nothing left to blank after.
    expect((await store.stripTexts({ from: 0, before: 12, limit: 100 })).stripped).toBe(3);
    expect((await store.stripTexts({ from: 0, before: 12, limit: 100 })).stripped).toBe(0);
    const stripped = (await store.listSignals({ since: 0, until: 12, limit: 10 })).map((s) => [s.traceId, s.prompt, s.answer, s.route]);
    expect(stripped).toEqual([
      ['tr_copy_1', null, null, old.route],
      ['tr_copy_0', null, null, old.route],
      ['tr_old', null, null, old.route],
    ]);
  });
});

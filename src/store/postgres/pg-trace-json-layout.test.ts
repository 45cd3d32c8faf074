import { describe, expect, it } from 'vitest';
import { JsonText } from '../../core/json-text.js';
import type { TraceRecord } from '../../core/trace.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { scratchSchema } from '../contract/scratch-schema.js';
import { migratePostgres } from './migrate.js';
import { TRACE_TABLES } from './pg-schema.js';
import { TRACE_SEARCH_TABLES } from './pg-trace-search.js';
import { PgTraceStore } from './pg-trace-store.js';

type Pool = Awaited<ReturnType<ReturnType<typeof scratchSchema>['open']>>;

const JSON_COLUMNS = ['attempts_json', 'decisions_json', 'otel_json', 'request_json', 'response_json'];

async function columnTypes(pool: Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ data_type: string }>(
    'SELECT data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = ANY($3) ORDER BY column_name',
    [schema, 'traces', JSON_COLUMNS],
  );
  return rows.map((r) => r.data_type);
}

/** Traces with every JSON field in use, kept text and values, written by COPY (≥ 64) and by the upsert (a small batch, an id written again). */
async function roundTrip(store: PgTraceStore): Promise<void> {
  const full = (i: number): TraceRecord => ({
    ...makeTrace({
      id: `tr_${String(i).padStart(3, '0')}`,
      ts: 1_000 + i,
      attempts: [{ provider: 'openai', model: 'm', status: 200, latencyMs: i }],
      decisions: { route: { chosen: `t${i}` } },
      request: new JsonText(`{"model":"m","messages":[{"role":"user","content":"caf\\u00e9 question ${i}\\ttab"}]}`),
      response: { choices: [{ message: { content: `answer ${i}` } }] },
    }),
    otel: { traceId: `t${i}`, spanId: `s${i}`, parentSpanId: null },
  });
  const batch = Array.from({ length: 70 }, (_, i) => full(i));
  await store.insertTraces(batch);
  // A body that is a JSON string, and one that is null, through the upsert; tr_001 written again.
  const odd = makeTrace({ id: 'tr_odd', ts: 2_000, request: 'just a string', response: null, decisions: null });
  const again = { ...full(1), response: { choices: [{ message: { content: 'second answer' } }] } };
  await store.insertTraces([odd, again]);
  const read = await store.getTrace('tr_005');
  expect(read).toEqual({ ...full(5), request: { model: 'm', messages: [{ role: 'user', content: 'café question 5\ttab' }] } });
  expect(await store.getTrace('tr_odd')).toEqual(odd);
  expect((await store.getTrace('tr_001'))?.response).toEqual(again.response);
  const page = await store.listTraces({ limit: 3 });
  expect(page.traces.map((t) => [t.id, t.attempts, t.decisions, t.otel ?? null])).toEqual([
    ['tr_odd', [], null, null],
    ['tr_069', full(69).attempts, full(69).decisions, full(69).otel],
    ['tr_068', full(68).attempts, full(68).decisions, full(68).otel],
  ]);
  expect((await store.listTraces({ text: 'café question 7' })).traces.map((t) => t.id)).toEqual(['tr_007']);
  expect((await store.listTraces({ text: 'second answer' })).traces.map((t) => t.id)).toEqual(['tr_001']);
  expect((await store.selectTraces({ limit: 2 })).map((t) => t.request)).toEqual(['just a string', { model: 'm', messages: [{ role: 'user', content: 'café question 69\ttab' }] }]);
}

describe('PostgreSQL traces: JSON columns as TEXT when the table is made, JSON where it held traces', () => {
  const fresh = scratchSchema();
  const older = scratchSchema();

  it('makes them TEXT on an empty table, and stores and reads every JSON field the same', async () => {
    const pool = await fresh.open();
    await migratePostgres(pool, fresh.schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
    expect(await columnTypes(pool, fresh.schema)).toEqual(['text', 'text', 'text', 'text', 'text']);
    await roundTrip(new PgTraceStore(pool));
  });

  it('keeps them JSON on a table that holds traces (no rewrite under its lock), read and written the same', async () => {
    const pool = await older.open();
    await migratePostgres(pool, older.schema, [{ feature: TRACE_TABLES.feature, steps: TRACE_TABLES.steps.slice(0, 5) }]);
    await pool.query(
      `INSERT INTO traces (id, ts, request_id, endpoint, requested_model, status, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, attempts_json, request_json)
       VALUES ('tr_before', 1, 'req', 'chat', 'm', 200, false, 0, 0, 0, 0, false, 0, 1, '[]', '{"messages":[{"role":"user","content":"stored before"}]}')`,
    );
    await migratePostgres(pool, older.schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
    expect(await columnTypes(pool, older.schema)).toEqual(['json', 'json', 'json', 'json', 'json']);
    const store = new PgTraceStore(pool);
    expect((await store.getTrace('tr_before'))?.request).toEqual({ messages: [{ role: 'user', content: 'stored before' }] });
    await roundTrip(store);
  });
});

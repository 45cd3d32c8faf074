import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../core/trace.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { scratchSchema } from '../contract/scratch-schema.js';
import { migratePostgres } from './migrate.js';
import { TRACE_TABLES } from './pg-schema.js';
import { TRACE_SEARCH_TABLES } from './pg-trace-search.js';
import { PgTraceStore } from './pg-trace-store.js';

/** A conversation of ~6 kB with ~700 distinct words, so that its row, its words and its block are past the ~2 kB where PostgreSQL compresses. */
function longTrace(i: number): TraceRecord {
  const words = Array.from({ length: 700 }, (_, k) => `w${i}x${k}`);
  return makeTrace({
    id: `tr_${String(i).padStart(3, '0')}`,
    ts: 1_000 + i,
    request: { model: 'm', messages: [{ role: 'user', content: `question ${i}: ${words.join(' ')}` }] },
    response: { choices: [{ message: { content: `answer ${i}: ${words.slice(0, 300).join(' ')}` } }] },
  });
}

describe('PostgreSQL traces: long bodies and words compressed with lz4', () => {
  const fresh = scratchSchema();
  const older = scratchSchema();

  it('stores a COPY batch of long traces compressed with lz4, read and found as written', async () => {
    const pool = await fresh.open();
    await migratePostgres(pool, fresh.schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
    const store = new PgTraceStore(pool);
    const batch = Array.from({ length: 70 }, (_, i) => longTrace(i));
    await store.insertTraces(batch);
    const { rows } = await pool.query<{ request: string; response: string; words: string }>(
      "SELECT pg_column_compression(request_json) AS request, pg_column_compression(response_json) AS response, pg_column_compression(search_text) AS words FROM traces WHERE id = 'tr_007'",
    );
    expect(rows).toEqual([{ request: 'lz4', response: 'lz4', words: 'lz4' }]);
    const blocks = await pool.query<{ c: string | null }>('SELECT DISTINCT pg_column_compression(words) AS c FROM trace_word_blocks');
    expect(blocks.rows).toEqual([{ c: 'lz4' }]);
    expect(await store.getTrace('tr_007')).toEqual(batch[7]);
    expect((await store.listTraces({ text: 'w7x650' })).traces.map((t) => t.id)).toEqual(['tr_007']);
  });

  it('keeps reading long traces stored before (compressed with the server default) beside the new ones', async () => {
    const pool = await older.open();
    await migratePostgres(pool, older.schema, [
      { feature: TRACE_TABLES.feature, steps: TRACE_TABLES.steps.slice(0, 6) },
      { feature: TRACE_SEARCH_TABLES.feature, steps: TRACE_SEARCH_TABLES.steps.slice(0, 5) },
    ]);
    // Today's store writes every column of today's table: the ones added after the lz4 step
    // (the session) are added here, as they rewrite nothing and leave the compression as it was.
    for (const step of TRACE_TABLES.steps.slice(7)) await pool.query(step);
    const store = new PgTraceStore(pool);
    const before = Array.from({ length: 64 }, (_, i) => longTrace(i));
    await store.insertTraces(before);
    await migratePostgres(pool, older.schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
    const after = Array.from({ length: 64 }, (_, i) => longTrace(100 + i));
    await store.insertTraces(after);
    const { rows } = await pool.query<{ id: string; c: string }>(
      "SELECT id, pg_column_compression(request_json) AS c FROM traces WHERE id IN ('tr_003', 'tr_103') ORDER BY id",
    );
    expect(rows).toEqual([
      { id: 'tr_003', c: 'pglz' },
      { id: 'tr_103', c: 'lz4' },
    ]);
    expect(await store.getTrace('tr_003')).toEqual(before[3]);
    expect(await store.getTrace('tr_103')).toEqual(after[3]);
    expect((await store.listTraces({ text: 'w3x600' })).traces.map((t) => t.id)).toEqual(['tr_003']);
    expect((await store.listTraces({ text: 'w103x600' })).traces.map((t) => t.id)).toEqual(['tr_103']);
  });
});

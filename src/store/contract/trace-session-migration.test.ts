import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { migratePostgres } from '../postgres/migrate.js';
import { TRACE_TABLES } from '../postgres/pg-schema.js';
import { TRACE_SEARCH_TABLES } from '../postgres/pg-trace-search.js';
import { PgTraceStore } from '../postgres/pg-trace-store.js';
import { TRACE_MIGRATIONS } from '../sqlite/migrations.js';
import { openDatabase } from '../sqlite/open-database.js';
import { openSqliteStores } from '../sqlite/open-sqlite-stores.js';
import { TRACE_SEARCH_MIGRATIONS } from '../sqlite/trace-search-migrations.js';
import { scratchSchema } from './scratch-schema.js';

// A store made before traces had a session: its traces read back without one, new ones carry it,
// and a session's traces are looked up by the new partial index, not by walking the table.

const before = sampleTrace({ id: 'tr_before', ts: 1 });
const during = (id: string, ts: number) => sampleTrace({ id, ts, session: 'ses-1' });

describe('SQLite: the session column added to a file that holds traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-session-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the old traces, stores sessions and filters by them through the index', async () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path, [{ feature: TRACE_MIGRATIONS.feature, steps: TRACE_MIGRATIONS.steps.slice(0, 2) }, TRACE_SEARCH_MIGRATIONS]);
    const columns = old.prepare("SELECT count(*) AS n FROM pragma_table_info('traces')").get() as { n: number };
    old.prepare(`INSERT INTO traces VALUES (${new Array(columns.n).fill('?').join(', ')})`).run(
      before.id, before.ts, before.requestId, before.endpoint, before.keyName, before.team, before.requestedModel, before.provider, before.upstreamModel, before.status,
      before.errorCode, before.errorMessage, 0, before.inputTokens, before.outputTokens, before.cachedTokens, before.reasoningTokens, 0, before.costUsd, before.ttftMs,
      before.latencyMs, JSON.stringify(before.attempts), JSON.stringify(before.metadata), null, JSON.stringify(before.request), JSON.stringify(before.response), null,
    );
    old.close();
    const stores = openSqliteStores(path);
    try {
      expect(await stores.traces.getTrace('tr_before')).toEqual(before);
      await stores.traces.insertTraces([during('tr_a', 2), during('tr_b', 3)]);
      expect((await stores.traces.listTraces({ session: 'ses-1' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a']);
      const plan = stores.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM traces WHERE session_id = ? ORDER BY ts DESC LIMIT 5").all('ses-1') as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('traces_session_ts');
    } finally {
      await stores.close();
    }
  });
});

describe('PostgreSQL: the session column added to a table that holds traces', () => {
  const scratch = scratchSchema();

  it('keeps the old traces, stores sessions and filters by them through the index', async () => {
    const pool = await scratch.open();
    const withoutSession = TRACE_TABLES.steps.findIndex((step) => typeof step === 'string' && step.includes('session_id'));
    await migratePostgres(pool, scratch.schema, [{ feature: TRACE_TABLES.feature, steps: TRACE_TABLES.steps.slice(0, withoutSession) }, TRACE_SEARCH_TABLES]);
    await pool.query(
      `INSERT INTO traces (id, ts, request_id, endpoint, key_name, requested_model, provider, upstream_model, status, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, attempts_json, metadata, request_json, response_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, $10, $11, 0, 0, false, $12, $13, $14, $15, $16, $17)`,
      [before.id, before.ts, before.requestId, before.endpoint, before.keyName, before.requestedModel, before.provider, before.upstreamModel, before.status, before.inputTokens, before.outputTokens, before.costUsd, before.latencyMs,
        JSON.stringify(before.attempts), JSON.stringify(before.metadata), JSON.stringify(before.request), JSON.stringify(before.response)],
    );
    await migratePostgres(pool, scratch.schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
    const store = new PgTraceStore(pool);
    expect(await store.getTrace('tr_before')).toEqual(before);
    await store.insertTraces([during('tr_a', 2), during('tr_b', 3)]);
    expect((await store.listTraces({ session: 'ses-1' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a']);
    const { rows } = await pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'traces_session_ts'", [scratch.schema]);
    expect(rows[0]?.indexdef).toContain('WHERE (session_id IS NOT NULL)');
  });
});

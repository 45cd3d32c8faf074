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

// A store made before traces recorded their replica: its traces read back without one, new ones
// carry it, and a replica's calls are listed among the old ones.

const before = sampleTrace({ id: 'tr_before', ts: 1, keyName: 'app' });
const served = (id: string, ts: number, replica: string) => sampleTrace({ id, ts, keyName: 'app', replica });
const replicaStep = (steps: readonly unknown[]) => steps.findIndex((step) => typeof step === 'string' && step.includes('ADD COLUMN') && step.includes(' replica '));

describe('SQLite: the replica column added to a file that holds traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-replica-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the old traces without a replica and stores and lists the new ones by theirs', async () => {
    expect(replicaStep(TRACE_MIGRATIONS.steps)).toBeGreaterThan(0);
    const path = join(dir, 'old.db');
    const old = openDatabase(path, [{ feature: TRACE_MIGRATIONS.feature, steps: TRACE_MIGRATIONS.steps.slice(0, replicaStep(TRACE_MIGRATIONS.steps)) }, TRACE_SEARCH_MIGRATIONS]);
    const columns = old.prepare("SELECT name FROM pragma_table_info('traces')").all() as { name: string }[];
    expect(columns.map((c) => c.name)).not.toContain('replica');
    old.prepare(`INSERT INTO traces (id, ts, request_id, endpoint, key_name, team, requested_model, provider, upstream_model, status, error_code, error_message, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens, usage_estimated, cost_usd, ttft_ms, latency_ms, attempts, metadata, decisions, request, response)
      VALUES (${new Array(26).fill('?').join(', ')})`).run(
      before.id, before.ts, before.requestId, before.endpoint, before.keyName, before.team, before.requestedModel, before.provider, before.upstreamModel, before.status,
      before.errorCode, before.errorMessage, 0, before.inputTokens, before.outputTokens, before.cachedTokens, before.reasoningTokens, 0, before.costUsd, before.ttftMs,
      before.latencyMs, JSON.stringify(before.attempts), JSON.stringify(before.metadata), null, JSON.stringify(before.request), JSON.stringify(before.response),
    );
    old.close();
    const stores = openSqliteStores(path);
    try {
      expect(await stores.traces.getTrace('tr_before')).toEqual(before);
      await stores.traces.insertTraces([served('tr_a', 2, 'eu-1'), served('tr_b', 3, 'eu-2')]);
      expect(await stores.traces.getTrace('tr_b')).toEqual(served('tr_b', 3, 'eu-2'));
      expect((await stores.traces.listTraces({ replica: 'eu-1' })).traces.map((t) => t.id)).toEqual(['tr_a']);
      expect((await stores.traces.listTraces({ keyName: 'app' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a', 'tr_before']);
    } finally {
      await stores.close();
    }
  });
});

describe('PostgreSQL: the replica column added to a table that holds traces', () => {
  const scratch = scratchSchema();

  it('keeps the old traces without a replica and stores and lists the new ones by theirs', async () => {
    expect(replicaStep(TRACE_TABLES.steps)).toBeGreaterThan(0);
    const pool = await scratch.open();
    await migratePostgres(pool, scratch.schema, [{ feature: TRACE_TABLES.feature, steps: TRACE_TABLES.steps.slice(0, replicaStep(TRACE_TABLES.steps)) }, TRACE_SEARCH_TABLES]);
    await pool.query(
      `INSERT INTO traces (id, ts, request_id, endpoint, key_name, requested_model, provider, upstream_model, status, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, attempts_json, metadata, request_json, response_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, $10, $11, 0, 0, false, $12, $13, $14, $15, $16, $17)`,
      [before.id, before.ts, before.requestId, before.endpoint, before.keyName, before.requestedModel, before.provider, before.upstreamModel, before.status, before.inputTokens, before.outputTokens, before.costUsd, before.latencyMs,
        JSON.stringify(before.attempts), JSON.stringify(before.metadata), JSON.stringify(before.request), JSON.stringify(before.response)],
    );
    await migratePostgres(pool, scratch.schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
    const store = new PgTraceStore(pool);
    expect(await store.getTrace('tr_before')).toEqual(before);
    await store.insertTraces([served('tr_a', 2, 'eu-1'), served('tr_b', 3, 'eu-2')]);
    expect(await store.getTrace('tr_b')).toEqual(served('tr_b', 3, 'eu-2'));
    expect((await store.listTraces({ replica: 'eu-1' })).traces.map((t) => t.id)).toEqual(['tr_a']);
    expect((await store.listTraces({ keyName: 'app' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a', 'tr_before']);
  });
});

import type { TraceRecord } from '../../core/trace.js';
import type { PgPool } from '../postgres/connect.js';
import { migratePostgres } from '../postgres/migrate.js';
import { TRACE_TABLES } from '../postgres/pg-schema.js';
import { TRACE_SEARCH_TABLES } from '../postgres/pg-trace-search.js';
import { PgTraceStore } from '../postgres/pg-trace-store.js';
import { TRACE_MIGRATIONS } from '../sqlite/migrations.js';
import { openDatabase, type SqliteDatabase } from '../sqlite/open-database.js';
import { openSqliteStores, type SqliteStores } from '../sqlite/open-sqlite-stores.js';
import { TRACE_SEARCH_MIGRATIONS } from '../sqlite/trace-search-migrations.js';

// For migration tests that build a traces table as an older release left it, write a trace into
// it by hand, then let the current migrations run over it.

/**
 * A feature's migration steps up to, not including, the first one that mentions `column`: the
 * schema as it stood before that column was added.
 *
 * @example openDatabase(path, [stepsBefore(TRACE_MIGRATIONS, 'session_id')])
 */
export function stepsBefore<Step>(migrations: { feature: string; steps: readonly Step[] }, column: string): { feature: string; steps: Step[] } {
  const at = migrations.steps.findIndex((step) => typeof step === 'string' && step.includes(column));
  if (at < 0) throw new Error(`no ${migrations.feature} migration step mentions ${column}`);
  return { feature: migrations.feature, steps: migrations.steps.slice(0, at) };
}

/** Writes `trace` into SQLite's traces table with the 26 columns its first migration made (what a store before sessions wrote), its decisions as JSON text. */
export function insertFirstSchemaTrace(db: SqliteDatabase, trace: TraceRecord): void {
  db.prepare(`INSERT INTO traces (id, ts, request_id, endpoint, key_name, team, requested_model, provider, upstream_model, status, error_code, error_message, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens, usage_estimated, cost_usd, ttft_ms, latency_ms, attempts, metadata, decisions, request, response)
    VALUES (${new Array(26).fill('?').join(', ')})`).run(
    trace.id, trace.ts, trace.requestId, trace.endpoint, trace.keyName, trace.team, trace.requestedModel, trace.provider, trace.upstreamModel, trace.status,
    trace.errorCode, trace.errorMessage, 0, trace.inputTokens, trace.outputTokens, trace.cachedTokens, trace.reasoningTokens, 0, trace.costUsd, trace.ttftMs,
    trace.latencyMs, JSON.stringify(trace.attempts), JSON.stringify(trace.metadata), trace.decisions === null ? null : JSON.stringify(trace.decisions), JSON.stringify(trace.request), JSON.stringify(trace.response),
  );
}

/** Writes `trace` into PostgreSQL's traces table as stored with JSON-text columns (`attempts_json`, `decisions_json`, `request_json`, `response_json`), a streamless call with no cached or reasoning tokens. */
export async function insertJsonColumnsTrace(pool: PgPool, trace: TraceRecord): Promise<void> {
  await pool.query(
    `INSERT INTO traces (id, ts, request_id, endpoint, key_name, requested_model, provider, upstream_model, status, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, attempts_json, metadata, request_json, response_json, decisions_json)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, $10, $11, 0, 0, false, $12, $13, $14, $15, $16, $17, $18)`,
    [trace.id, trace.ts, trace.requestId, trace.endpoint, trace.keyName, trace.requestedModel, trace.provider, trace.upstreamModel, trace.status, trace.inputTokens, trace.outputTokens, trace.costUsd, trace.latencyMs,
      JSON.stringify(trace.attempts), JSON.stringify(trace.metadata), JSON.stringify(trace.request), JSON.stringify(trace.response), trace.decisions === null ? null : JSON.stringify(trace.decisions)],
  );
}

/**
 * A SQLite file made by the trace migrations before the step that added `column` (checked to lack
 * it), holding `trace` as written then, opened as the current release opens it (every step since
 * runs over it).
 *
 * @example const stores = sqliteStoresUpgradedPast(join(dir, 'old.db'), 'session_id', before);
 */
export function sqliteStoresUpgradedPast(path: string, column: string, trace: TraceRecord): SqliteStores {
  const old = openDatabase(path, [stepsBefore(TRACE_MIGRATIONS, column), TRACE_SEARCH_MIGRATIONS]);
  const columns = old.prepare("SELECT name FROM pragma_table_info('traces')").all() as { name: string }[];
  if (columns.some((c) => c.name === column)) throw new Error(`the traces table before its ${column} step already has ${column}`);
  insertFirstSchemaTrace(old, trace);
  old.close();
  return openSqliteStores(path);
}

/** PostgreSQL's traces as they stood before the step that added `column`, holding `trace`, then migrated to the current schema. */
export async function pgTraceStoreUpgradedPast(pool: PgPool, schema: string, column: string, trace: TraceRecord): Promise<PgTraceStore> {
  await migratePostgres(pool, schema, [stepsBefore(TRACE_TABLES, column), TRACE_SEARCH_TABLES]);
  await insertJsonColumnsTrace(pool, trace);
  await migratePostgres(pool, schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
  return new PgTraceStore(pool);
}

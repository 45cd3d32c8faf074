import type { AppSpan, AppSpanStore } from '../../core/app-spans.js';
import { appSpanFromRow } from '../rows/app-span-rows.js';
import { pgColumns } from '../rows/column-reader.js';
import type { PgPool } from './connect.js';
import type { PostgresMigrations } from './migrate.js';
import { jsonb, pgText } from './pg-values.js';

/** Application spans (OTLP), keyed by trace and span id; read a trace at a time. */
export const APP_SPAN_TABLES: PostgresMigrations = {
  feature: 'app_spans',
  steps: [
    `CREATE TABLE app_spans (
       trace_id TEXT COLLATE "C" NOT NULL,
       span_id TEXT COLLATE "C" NOT NULL,
       parent_span_id TEXT,
       name TEXT NOT NULL,
       kind INTEGER NOT NULL,
       service TEXT,
       start_ms DOUBLE PRECISION NOT NULL,
       end_ms DOUBLE PRECISION NOT NULL,
       status_code INTEGER NOT NULL,
       status_message TEXT,
       attributes JSONB NOT NULL,
       PRIMARY KEY (trace_id, span_id)
     );
     CREATE INDEX app_spans_start ON app_spans (start_ms);`,
  ],
};

const COLUMNS = 'trace_id, span_id, parent_span_id, name, kind, service, start_ms, end_ms, status_code, status_message, attributes';

/**
 * Application spans in PostgreSQL: an export request is one statement (a JSON document the
 * server turns into rows), as traces are.
 *
 * @example const spans = new PgAppSpanStore(pool); await spans.putSpans(batch);
 */
export class PgAppSpanStore implements AppSpanStore {
  constructor(private readonly pool: PgPool) {}

  async putSpans(spans: readonly AppSpan[]): Promise<void> {
    if (spans.length === 0) return;
    // One statement may not touch a row twice: the last copy of a span wins, as in SQLite.
    const unique = new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s]));
    const rows = [...unique.values()].map((s) => ({
      trace_id: s.traceId,
      span_id: s.spanId,
      parent_span_id: s.parentSpanId,
      name: s.name,
      kind: s.kind,
      service: s.service,
      start_ms: s.startMs,
      end_ms: s.endMs,
      status_code: s.statusCode,
      status_message: s.statusMessage,
      attributes: s.attributes,
    }));
    await this.pool.query(
      `INSERT INTO app_spans (${COLUMNS}) SELECT ${COLUMNS} FROM jsonb_populate_recordset(NULL::app_spans, $1::jsonb)
       ON CONFLICT (trace_id, span_id) DO UPDATE SET ${COLUMNS.split(', ').slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
      // jsonb(): client strings with NUL or lone surrogates become U+FFFD instead of failing the request.
      [jsonb(rows)],
    );
  }

  async spansOfTrace(traceId: string, limit = 1_000): Promise<AppSpan[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM app_spans WHERE trace_id = $1 ORDER BY start_ms, span_id LIMIT $2`, [pgText(traceId), limit]);
    return rows.map((row) => appSpanFromRow(row, pgColumns));
  }

  async pruneSpans(before: number, limit: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM app_spans WHERE (trace_id, span_id) IN (SELECT trace_id, span_id FROM app_spans WHERE start_ms < $1 ORDER BY start_ms LIMIT $2)', [before, limit]);
    return result.rowCount ?? 0;
  }
}

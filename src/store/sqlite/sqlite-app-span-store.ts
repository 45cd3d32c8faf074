import type { AppSpan, AppSpanStore } from '../../core/app-spans.js';
import { appSpanFromRow } from '../rows/app-span-rows.js';
import { sqliteColumns } from '../rows/column-reader.js';
import type { SqliteMigrations } from './migrations.js';
import type { SqliteDatabase } from './open-database.js';

/** Application spans (OTLP), keyed by trace and span id; read a trace at a time. */
export const APP_SPAN_MIGRATIONS: SqliteMigrations = {
  feature: 'app_spans',
  steps: [
    `CREATE TABLE app_spans (
       trace_id TEXT NOT NULL,
       span_id TEXT NOT NULL,
       parent_span_id TEXT,
       name TEXT NOT NULL,
       kind INTEGER NOT NULL,
       service TEXT,
       start_ms REAL NOT NULL,
       end_ms REAL NOT NULL,
       status_code INTEGER NOT NULL,
       status_message TEXT,
       attributes TEXT NOT NULL,
       PRIMARY KEY (trace_id, span_id)
     ) WITHOUT ROWID;
     CREATE INDEX app_spans_start ON app_spans (start_ms);`,
  ],
};

/**
 * Application spans in the embedded SQLite file: one transaction per export request.
 *
 * @example const spans = new SqliteAppSpanStore(db); await spans.putSpans(batch);
 */
export class SqliteAppSpanStore implements AppSpanStore {
  private readonly put;

  constructor(private readonly db: SqliteDatabase) {
    const insert = db.prepare('INSERT OR REPLACE INTO app_spans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.put = db.transaction((spans: readonly AppSpan[]) => {
      for (const s of spans) insert.run(s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.service, s.startMs, s.endMs, s.statusCode, s.statusMessage, JSON.stringify(s.attributes));
    });
  }

  async putSpans(spans: readonly AppSpan[]): Promise<void> {
    this.put(spans);
  }

  async spansOfTrace(traceId: string, limit = 1_000): Promise<AppSpan[]> {
    const rows = this.db.prepare('SELECT * FROM app_spans WHERE trace_id = ? ORDER BY start_ms, span_id LIMIT ?').all(traceId, limit) as Record<string, unknown>[];
    return rows.map((row) => appSpanFromRow(row, sqliteColumns));
  }

  async pruneSpans(before: number, limit: number): Promise<number> {
    return this.db.prepare('DELETE FROM app_spans WHERE (trace_id, span_id) IN (SELECT trace_id, span_id FROM app_spans WHERE start_ms < ? ORDER BY start_ms LIMIT ?)').run(before, limit).changes;
  }
}

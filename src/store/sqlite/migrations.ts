import type { SqliteDatabase } from './open-database.js';

/**
 * Each feature owns its tables and lists its schema steps here-style in its own module; the
 * store applies every feature's steps in order and records how far each got in
 * `schema_migrations`. Append only: a shipped step never changes, so every store upgrades the
 * same way, and features never contend for one version number.
 */
export interface SqliteMigrations {
  feature: string;
  /** SQL to run, or a function for a step that must look at the file first (run in the step's transaction). */
  steps: readonly (string | ((db: SqliteDatabase) => void))[];
}

export const TRACE_MIGRATIONS: SqliteMigrations = {
  feature: 'traces',
  steps: [
    `CREATE TABLE traces (
       id TEXT PRIMARY KEY,
       ts INTEGER NOT NULL,
       request_id TEXT NOT NULL,
       endpoint TEXT NOT NULL,
       key_name TEXT,
       team TEXT,
       requested_model TEXT NOT NULL,
       provider TEXT,
       upstream_model TEXT,
       status INTEGER NOT NULL,
       error_code TEXT,
       error_message TEXT,
       stream INTEGER NOT NULL,
       input_tokens INTEGER NOT NULL,
       output_tokens INTEGER NOT NULL,
       cached_tokens INTEGER NOT NULL,
       reasoning_tokens INTEGER NOT NULL,
       usage_estimated INTEGER NOT NULL,
       cost_usd REAL NOT NULL,
       ttft_ms REAL,
       latency_ms REAL NOT NULL,
       attempts TEXT NOT NULL,
       metadata TEXT,
       decisions TEXT,
       request TEXT,
       response TEXT
     ) WITHOUT ROWID;
     CREATE INDEX traces_ts ON traces (ts);
     CREATE INDEX traces_model_ts ON traces (requested_model, ts);
     CREATE INDEX traces_key_ts ON traces (key_name, ts);
     CREATE INDEX traces_status_ts ON traces (status, ts);`,
    // The gateway's OpenTelemetry span ids (JSON), to find the application's spans of the same trace.
    `ALTER TABLE traces ADD COLUMN otel TEXT;`,
    // The conversation a call belongs to (core/client-session.ts), which lists filter by. Partial:
    // a trace without one (most traffic, and every trace written before) costs the index nothing.
    `ALTER TABLE traces ADD COLUMN session_id TEXT;
     CREATE INDEX traces_session_ts ON traces (session_id, ts) WHERE session_id IS NOT NULL;`,
    // The key's identity (VirtualKey.id), which a key reads its own calls by: its name may be a
    // later key's. Partial: calls without a key and every trace written before cost it nothing.
    `ALTER TABLE traces ADD COLUMN key_id TEXT;
     CREATE INDEX traces_key_id_ts ON traces (key_id, ts) WHERE key_id IS NOT NULL;`,
    // Whether the trace's decisions carry a cascade judge's score (core/judged-steps.ts), which
    // `router train --from-judged` reads by the partial index: it read every trace's decisions to
    // find them (100,000 traces: 22 s). Traces written before are flagged on their text (a judge
    // named in their decisions), a superset the reader checks; the writer flags exactly.
    `ALTER TABLE traces ADD COLUMN judged INTEGER;
     UPDATE traces SET judged = 1 WHERE decisions LIKE '%"judge"%';
     CREATE INDEX traces_judged_ts ON traces (ts, id) WHERE judged = 1;`,
    // The gateway process that served the call (TraceRecord.replica). No index: a filter on it is
    // checked row by row over the newest traces, as the team's, so writes pay nothing more.
    `ALTER TABLE traces ADD COLUMN replica TEXT;`,
  ],
};

import { HISTOGRAM_COLUMNS, ROLLUP_RESOLUTIONS, spendBackfillSql } from '../rollup-layout.js';
import type { SqliteMigrations } from './migrations.js';

// Values are '' instead of NULL so they can sit in the primary key and upserts find the row.
// (dim, bucket, value) order: the overview reads one or two dims over a bucket range.
const table = (name: string) => `CREATE TABLE ${name} (
  dim TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  value TEXT NOT NULL,
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cached_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  latency_ms_sum REAL NOT NULL,
  ttft_count INTEGER NOT NULL,
  ttft_ms_sum REAL NOT NULL,
  ${HISTOGRAM_COLUMNS.map((c) => `${c} INTEGER NOT NULL`).join(',\n  ')},
  PRIMARY KEY (dim, bucket, value)
) WITHOUT ROWID;`;

/**
 * Per-minute, per-hour and per-day aggregates of all traces and of each model, provider, key and
 * team, and of spend per team, key and model (layout in rollup-layout.ts). `rollup_state` remembers that rows written before the
 * rollups existed have been folded in once.
 */
export const ROLLUP_MIGRATIONS: SqliteMigrations = {
  feature: 'monitor_rollups',
  steps: [
    `${ROLLUP_RESOLUTIONS.map((r) => table(r.table)).join('\n')}
     CREATE TABLE rollup_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
    // 2026-12-06: the spend dimension (per team, key and model), which the spend export reads
    // instead of the traces retention deletes; the calls stored before it are folded in here.
    ROLLUP_RESOLUTIONS.map((r) => spendBackfillSql(r.table, r.ms, 'json_array(team, key_name, requested_model)')).join('\n'),
  ],
};

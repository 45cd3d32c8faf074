import { HISTOGRAM_BUCKETS } from '../../monitor/histogram.js';
import type { SqliteMigrations } from './migrations.js';

/**
 * One integer column per histogram bucket (l0…l63 latency, t0…t63 time to first token): SQLite
 * then sums histograms itself in a GROUP BY. Blobs would have to cross into JavaScript row by
 * row, and building a Buffer per row was most of the overview's time. Zeros cost one header
 * byte each.
 */
export const LATENCY_COLUMNS = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `l${i}`);
export const TTFT_COLUMNS = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `t${i}`);
export const HISTOGRAM_COLUMNS = [...LATENCY_COLUMNS, ...TTFT_COLUMNS];

/** One rollup table per resolution; the dashboard reads the coarsest one that still draws a good chart. */
export const ROLLUP_RESOLUTIONS = [
  { table: 'rollup_minute', ms: 60_000 },
  { table: 'rollup_hour', ms: 3_600_000 },
  { table: 'rollup_day', ms: 86_400_000 },
] as const;

export type RollupTable = (typeof ROLLUP_RESOLUTIONS)[number]['table'];

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
 * team, kept up
 * to date in the same transaction that inserts the traces. `rollup_state` remembers that rows
 * written before the rollups existed have been folded in once.
 */
export const ROLLUP_MIGRATIONS: SqliteMigrations = {
  feature: 'monitor_rollups',
  steps: [
    `${ROLLUP_RESOLUTIONS.map((r) => table(r.table)).join('\n')}
     CREATE TABLE rollup_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  ],
};

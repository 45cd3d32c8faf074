import type { SqliteMigrations } from './migrations.js';

/** One rollup table per resolution; the dashboard reads the coarsest one that still draws a good chart. */
export const ROLLUP_RESOLUTIONS = [
  { table: 'rollup_minute', ms: 60_000 },
  { table: 'rollup_hour', ms: 3_600_000 },
  { table: 'rollup_day', ms: 86_400_000 },
] as const;

export type RollupTable = (typeof ROLLUP_RESOLUTIONS)[number]['table'];

// Dimensions are '' instead of NULL so they can sit in the primary key and upserts find the row.
const table = (name: string) => `CREATE TABLE ${name} (
  bucket INTEGER NOT NULL,
  model TEXT NOT NULL,
  provider TEXT NOT NULL,
  key_name TEXT NOT NULL,
  team TEXT NOT NULL,
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
  latency_hist BLOB NOT NULL,
  ttft_hist BLOB NOT NULL,
  PRIMARY KEY (bucket, model, provider, key_name, team)
) WITHOUT ROWID;`;

/**
 * Per-minute, per-hour and per-day aggregates of traces by (model, provider, key, team), kept up
 * to date in the same transaction that inserts the traces. `rollup_state` remembers that rows
 * written before the rollups existed have been folded in once.
 */
export const ROLLUP_MIGRATIONS: SqliteMigrations = {
  feature: 'rollups',
  steps: [
    `${ROLLUP_RESOLUTIONS.map((r) => table(r.table)).join('\n')}
     CREATE TABLE rollup_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  ],
};

import type { SqliteMigrations } from './migrations.js';

/**
 * Evaluation's own tables in the shared SQLite file. Items are stored once by content hash and
 * versions list them by position, so a new version that appends ten items to ten thousand
 * costs ten rows, not ten thousand. Results are keyed by (run, variant, case, repeat), which is
 * what makes an interrupted run resumable: finished work is simply there.
 */
export const EVAL_MIGRATIONS: SqliteMigrations = {
  feature: 'evals',
  steps: [
    `CREATE TABLE eval_datasets (
       name TEXT PRIMARY KEY,
       created_at INTEGER NOT NULL,
       description TEXT
     );
     CREATE TABLE eval_items (
       hash TEXT PRIMARY KEY,
       body TEXT NOT NULL
     ) WITHOUT ROWID;
     CREATE TABLE eval_dataset_versions (
       id TEXT PRIMARY KEY,
       dataset TEXT NOT NULL REFERENCES eval_datasets (name),
       version INTEGER NOT NULL,
       hash TEXT NOT NULL,
       parent_hash TEXT,
       item_count INTEGER NOT NULL,
       source TEXT,
       created_at INTEGER NOT NULL,
       UNIQUE (dataset, version)
     );
     CREATE INDEX eval_dataset_versions_hash ON eval_dataset_versions (dataset, hash);
     CREATE TABLE eval_version_items (
       version_id TEXT NOT NULL,
       position INTEGER NOT NULL,
       item_hash TEXT NOT NULL,
       PRIMARY KEY (version_id, position)
     ) WITHOUT ROWID;
     CREATE TABLE eval_runs (
       id TEXT PRIMARY KEY,
       created_at INTEGER NOT NULL,
       finished_at INTEGER,
       status TEXT NOT NULL,
       name TEXT NOT NULL,
       suite TEXT NOT NULL,
       suite_path TEXT,
       dataset TEXT NOT NULL,
       dataset_version INTEGER NOT NULL,
       dataset_hash TEXT NOT NULL,
       git_commit TEXT,
       config_path TEXT,
       config_hash TEXT,
       gateway TEXT,
       variants TEXT NOT NULL,
       summary TEXT,
       rerun_of TEXT
     );
     CREATE INDEX eval_runs_created ON eval_runs (created_at);
     CREATE TABLE eval_results (
       run_id TEXT NOT NULL,
       variant TEXT NOT NULL,
       case_id TEXT NOT NULL,
       repeat INTEGER NOT NULL,
       position INTEGER NOT NULL,
       output TEXT,
       error TEXT,
       latency_ms REAL,
       input_tokens INTEGER NOT NULL,
       output_tokens INTEGER NOT NULL,
       cost_usd REAL NOT NULL,
       scorer_cost_usd REAL NOT NULL,
       trace_id TEXT,
       cached INTEGER NOT NULL,
       scores TEXT NOT NULL,
       quality REAL,
       pass INTEGER,
       created_at INTEGER NOT NULL,
       PRIMARY KEY (run_id, variant, case_id, repeat)
     ) WITHOUT ROWID;
     CREATE TABLE eval_cache (
       key TEXT PRIMARY KEY,
       value TEXT NOT NULL,
       created_at INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE TABLE eval_judges (
       name TEXT NOT NULL,
       version INTEGER NOT NULL,
       created_at INTEGER NOT NULL,
       spec TEXT NOT NULL,
       report TEXT,
       PRIMARY KEY (name, version)
     );`,
    // The upstream model with no price that answered a result, whose $0 cost is unknown, not free.
    `ALTER TABLE eval_results ADD COLUMN unpriced TEXT;`,
  ],
};

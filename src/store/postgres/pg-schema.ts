import { APP_SPAN_TABLES } from './pg-app-span-store.js';
import { SESSION_TABLES } from './pg-session-store.js';
import { REVIEWER_TABLES } from './pg-reviewer-store.js';
import { MONITOR_TABLES } from './pg-monitor-store.js';
import { HISTOGRAM_COLUMNS, ROLLUP_RESOLUTIONS, spendBackfillSql } from '../rollup-layout.js';
import type { PostgresMigrations } from './migrate.js';
import { MERGE_OPEN_DUPLICATES_PG } from '../rows/merge-open-review-items.js';
import { lz4Compression } from './pg-compression.js';
import { TRACE_SEARCH_TABLES } from './pg-trace-search.js';
import { KEY_TABLES } from './pg-key-store.js';
import { LOADTEST_TABLES } from './pg-loadtest-store.js';
import { RESPONSE_TABLES } from './pg-response-store.js';
import { OWED_SPEND_TABLES } from './pg-owed-spend-store.js';

// Identifiers and names that are sorted or paged on use the "C" collation: byte order, the same
// order SQLite uses, whatever locale the server was set up with.

/** Traces: JSON text (TEXT in tables made empty by the sixth step, JSON before it, JSONB in rows written before the fourth and fifth steps) where SQLite keeps JSON text; the (…, ts, id) indexes serve newest-first pages. */
export const TRACE_TABLES: PostgresMigrations = {
  feature: 'traces',
  steps: [
    `CREATE TABLE traces (
       id TEXT COLLATE "C" PRIMARY KEY,
       ts BIGINT NOT NULL,
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
       stream BOOLEAN NOT NULL,
       input_tokens BIGINT NOT NULL,
       output_tokens BIGINT NOT NULL,
       cached_tokens BIGINT NOT NULL,
       reasoning_tokens BIGINT NOT NULL,
       usage_estimated BOOLEAN NOT NULL,
       cost_usd DOUBLE PRECISION NOT NULL,
       ttft_ms DOUBLE PRECISION,
       latency_ms DOUBLE PRECISION NOT NULL,
       attempts JSONB NOT NULL,
       metadata JSONB,
       decisions JSONB,
       request JSONB,
       response JSONB
     );
     CREATE INDEX traces_ts ON traces (ts, id);
     CREATE INDEX traces_model_ts ON traces (requested_model, ts, id);
     CREATE INDEX traces_key_ts ON traces (key_name, ts, id);
     CREATE INDEX traces_status_ts ON traces (status, ts, id);`,
    // The gateway's OpenTelemetry span ids, to find the application's spans of the same trace.
    `ALTER TABLE traces ADD COLUMN otel JSONB;`,
    // Error pages (status >= 400, or one error status) read a partial index over the errors: every
    // trace paid for a (status, ts, id) entry that only the few failed ones are looked up by.
    // Pages of successes (status < 400, status = 200) are most of the table: the (ts, id) index
    // serves them, checking the status row by row.
    `DROP INDEX IF EXISTS traces_status_ts;
     CREATE INDEX traces_errors_ts ON traces (ts, id) WHERE status >= 400;`,
    // Bodies are written as JSON (checked, stored as sent) where JSONB parsed each one into its
    // binary form: the largest part of the row's input cost (bench/pg-ingest.mjs). Adding the
    // columns rewrites nothing; rows written before keep their JSONB bodies, read through them
    // when the new ones are NULL (see BODY_COLUMNS in pg-trace-store.ts).
    `ALTER TABLE traces ADD COLUMN IF NOT EXISTS request_json JSON;
     ALTER TABLE traces ADD COLUMN IF NOT EXISTS response_json JSON;`,
    // The attempts, routing decisions and span ids likewise: read whole, never queried inside, and
    // each JSONB field cost its parse (~2 µs of server CPU per trace for the attempts alone).
    // The metadata stays JSONB: filters and the search read inside it.
    `ALTER TABLE traces ADD COLUMN IF NOT EXISTS attempts_json JSON;
     ALTER TABLE traces ADD COLUMN IF NOT EXISTS decisions_json JSON;
     ALTER TABLE traces ADD COLUMN IF NOT EXISTS otel_json JSON;
     ALTER TABLE traces ALTER COLUMN attempts DROP NOT NULL;`,
    // The five JSON columns as TEXT where the table is still empty: each is only ever read back
    // whole (and the search's recheck reads its text), so the server's check of every value on
    // the way in (~2-5 µs of its ~40 µs per stored trace, docs/measurements.md) buys nothing;
    // reads parse the text in the client, as the driver parsed JSON. A table that already holds
    // traces keeps JSON: JSON to TEXT has no binary-coercible cast, so the change would rewrite
    // every row under the table's lock. The store reads and writes either (pg-trace-store.ts).
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM traces LIMIT 1) THEN
         ALTER TABLE traces ALTER COLUMN request_json TYPE TEXT, ALTER COLUMN response_json TYPE TEXT,
           ALTER COLUMN attempts_json TYPE TEXT, ALTER COLUMN decisions_json TYPE TEXT, ALTER COLUMN otel_json TYPE TEXT;
       END IF;
     END $$;`,
    // A body past ~2 kB is compressed with lz4, not the server's default pglz: ~30 µs less server
    // CPU per ~4.6 kB body (see pg-compression.ts).
    lz4Compression('traces', ['request_json', 'response_json']),
    // The conversation a call belongs to (core/client-session.ts), which lists filter by. Adding a
    // column without a default rewrites nothing; the index is partial, so traces without one (most
    // traffic, every row written before) cost it nothing.
    `ALTER TABLE traces ADD COLUMN IF NOT EXISTS session_id TEXT COLLATE "C";
     CREATE INDEX IF NOT EXISTS traces_session_ts ON traces (session_id, ts, id) WHERE session_id IS NOT NULL;`,
    // The key's identity (VirtualKey.id), which a key reads its own calls by: its name may be a
    // later key's. No default, so nothing is rewritten; traces written before stay NULL, which no
    // key reads. Partial, as the session's.
    `ALTER TABLE traces ADD COLUMN IF NOT EXISTS key_id TEXT COLLATE "C";
     CREATE INDEX IF NOT EXISTS traces_key_id_ts ON traces (key_id, ts, id) WHERE key_id IS NOT NULL;`,
    // Whether the trace's decisions carry a cascade judge's score (core/judged-steps.ts), which
    // `router train --from-judged` reads by the partial index: it read every trace's decisions to
    // find them (100,000 traces: 22 s on SQLite). Traces written before are flagged on their text
    // (a judge named in their decisions, as either column holds them), a superset the reader
    // checks; the writer flags exactly. The UPDATE rewrites only those rows.
    `ALTER TABLE traces ADD COLUMN IF NOT EXISTS judged BOOLEAN;
     UPDATE traces SET judged = true WHERE coalesce(decisions_json::text, decisions::text) LIKE '%"judge"%';
     CREATE INDEX IF NOT EXISTS traces_judged_ts ON traces (ts, id) WHERE judged;`,
    // The gateway process that served the call (TraceRecord.replica). No default, so nothing is
    // rewritten; no index: a filter on it is checked row by row over the newest traces, as the team's.
    `ALTER TABLE traces ADD COLUMN IF NOT EXISTS replica TEXT COLLATE "C";`,
  ],
};

const rollupTable = (name: string) => `CREATE TABLE ${name} (
  dim TEXT COLLATE "C" NOT NULL,
  bucket BIGINT NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  requests BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cached_tokens BIGINT NOT NULL,
  reasoning_tokens BIGINT NOT NULL,
  cost_usd DOUBLE PRECISION NOT NULL,
  latency_ms_sum DOUBLE PRECISION NOT NULL,
  ttft_count BIGINT NOT NULL,
  ttft_ms_sum DOUBLE PRECISION NOT NULL,
  ${HISTOGRAM_COLUMNS.map((c) => `${c} INTEGER NOT NULL`).join(',\n  ')},
  PRIMARY KEY (dim, bucket, value)
);`;

/** Rollups, laid out as in SQLite (rollup-layout.ts): one integer column per histogram bucket. */
export const ROLLUP_TABLES: PostgresMigrations = {
  feature: 'monitor_rollups',
  steps: [
    ROLLUP_RESOLUTIONS.map((r) => rollupTable(r.table)).join('\n'),
    // 2026-12-06: the spend dimension (per team, key and model), which the spend export reads
    // instead of the traces retention deletes; the calls stored before it are folded in here.
    ROLLUP_RESOLUTIONS.map((r) => spendBackfillSql(r.table, r.ms, 'json_build_array(team, key_name, requested_model)::text')).join('\n'),
  ],
};

/** The review queue. `seq` orders rows created in the same millisecond by insertion, as SQLite's rowid does. */
export const REVIEW_TABLES: PostgresMigrations = {
  feature: 'review',
  steps: [
    `CREATE TABLE review_rules (
       id TEXT COLLATE "C" PRIMARY KEY,
       seq BIGINT GENERATED ALWAYS AS IDENTITY,
       name TEXT NOT NULL,
       rate DOUBLE PRECISION NOT NULL,
       match JSONB NOT NULL,
       reviews_wanted INTEGER NOT NULL,
       enabled BOOLEAN NOT NULL,
       created_at BIGINT NOT NULL
     );
     CREATE TABLE review_items (
       id TEXT COLLATE "C" PRIMARY KEY,
       seq BIGINT GENERATED ALWAYS AS IDENTITY,
       trace_id TEXT COLLATE "C",
       source TEXT NOT NULL,
       reason TEXT NOT NULL,
       rule_id TEXT,
       dataset_id TEXT,
       dataset_item_id TEXT,
       input JSONB,
       output JSONB,
       priority INTEGER NOT NULL,
       reviews_wanted INTEGER NOT NULL,
       review_count INTEGER NOT NULL DEFAULT 0,
       status TEXT NOT NULL DEFAULT 'open',
       created_at BIGINT NOT NULL
     );
     CREATE UNIQUE INDEX review_items_trace ON review_items (trace_id, source) WHERE trace_id IS NOT NULL;
     CREATE UNIQUE INDEX review_items_dataset ON review_items (dataset_id, dataset_item_id) WHERE dataset_item_id IS NOT NULL;
     CREATE INDEX review_items_queue ON review_items (status, priority, created_at, seq);
     CREATE TABLE reviews (
       id TEXT COLLATE "C" PRIMARY KEY,
       seq BIGINT GENERATED ALWAYS AS IDENTITY,
       item_id TEXT COLLATE "C" NOT NULL REFERENCES review_items (id),
       trace_id TEXT COLLATE "C",
       reviewer TEXT COLLATE "C" NOT NULL,
       score INTEGER,
       pass BOOLEAN,
       corrected TEXT,
       comment TEXT,
       created_at BIGINT NOT NULL,
       UNIQUE (item_id, reviewer)
     );
     CREATE INDEX reviews_trace ON reviews (trace_id);
     CREATE INDEX reviews_created ON reviews (created_at);
     CREATE TABLE feedback (
       id TEXT COLLATE "C" PRIMARY KEY,
       seq BIGINT GENERATED ALWAYS AS IDENTITY,
       trace_id TEXT COLLATE "C" NOT NULL,
       key_name TEXT,
       score INTEGER,
       thumbs TEXT,
       comment TEXT,
       corrected TEXT,
       created_at BIGINT NOT NULL
     );
     CREATE INDEX feedback_trace ON feedback (trace_id);`,
    // An eval case (run, variant, case, repeat) is queued at most once, traced or not, with its expected output and scores.
    `ALTER TABLE review_items ADD COLUMN eval_key TEXT COLLATE "C";
     ALTER TABLE review_items ADD COLUMN eval_case JSONB;
     CREATE UNIQUE INDEX review_items_eval ON review_items (eval_key) WHERE eval_key IS NOT NULL;`,
    // Capped samples (low confidence, shadow disagreements) say which caps they count against, so
    // every replica counts what is stored: per kind, route and clock hour; one per question.
    `ALTER TABLE review_items ADD COLUMN cap TEXT COLLATE "C";
     ALTER TABLE review_items ADD COLUMN cap_route TEXT COLLATE "C";
     ALTER TABLE review_items ADD COLUMN cap_hour BIGINT;
     ALTER TABLE review_items ADD COLUMN text_key TEXT COLLATE "C";
     ALTER TABLE review_items ADD COLUMN confidence DOUBLE PRECISION;
     CREATE INDEX review_items_cap ON review_items (cap, cap_route, cap_hour) WHERE cap IS NOT NULL;
     CREATE UNIQUE INDEX review_items_cap_text ON review_items (cap, cap_route, text_key) WHERE text_key IS NOT NULL;`,
    // Rule names are unique by an index, not only by the admin API's check (two replicas could each
    // pass it at once). Rules saved twice that way keep what they sample: the oldest keeps the name,
    // each later one becomes "NAME (ID)" (ids are unique, so those names are too). The "C"
    // collation compares bytes, as the API's check and SQLite do.
    `UPDATE review_rules SET name = name || ' (' || id || ')'
       WHERE EXISTS (SELECT 1 FROM review_rules AS older WHERE older.name = review_rules.name
         AND (older.created_at < review_rules.created_at OR (older.created_at = review_rules.created_at AND older.seq < review_rules.seq)));
     CREATE UNIQUE INDEX review_rules_name ON review_rules (name COLLATE "C");`,
    // A reviewer's hold on an item they have open, so two reviewers are not given the same one;
    // it lapses at `until` (a closed tab holds nothing for long).
    `CREATE TABLE review_claims (
       item_id TEXT COLLATE "C" NOT NULL,
       reviewer TEXT COLLATE "C" NOT NULL,
       until BIGINT NOT NULL,
       PRIMARY KEY (item_id, reviewer)
     );`,
    // A reviewer's skip, remembered so their queue puts the item last the next day too (others' not).
    `CREATE TABLE review_skips (
       item_id TEXT COLLATE "C" NOT NULL,
       reviewer TEXT COLLATE "C" NOT NULL,
       at BIGINT NOT NULL,
       PRIMARY KEY (reviewer, item_id)
     );`,
    // One open item per trace, with every reason it was queued for (see MERGE_OPEN_DUPLICATES).
    MERGE_OPEN_DUPLICATES_PG,
  ],
};

/** Datasets, runs, results, the response cache and judges, as in SQLite's eval tables. */
export const EVAL_TABLES: PostgresMigrations = {
  feature: 'evals',
  steps: [
    `CREATE TABLE eval_datasets (
       name TEXT COLLATE "C" PRIMARY KEY,
       created_at BIGINT NOT NULL,
       description TEXT
     );
     CREATE TABLE eval_items (
       hash TEXT COLLATE "C" PRIMARY KEY,
       body JSONB NOT NULL
     );
     CREATE TABLE eval_dataset_versions (
       id TEXT COLLATE "C" PRIMARY KEY,
       dataset TEXT COLLATE "C" NOT NULL REFERENCES eval_datasets (name),
       version INTEGER NOT NULL,
       hash TEXT COLLATE "C" NOT NULL,
       parent_hash TEXT,
       item_count INTEGER NOT NULL,
       source TEXT,
       created_at BIGINT NOT NULL,
       UNIQUE (dataset, version)
     );
     CREATE INDEX eval_dataset_versions_hash ON eval_dataset_versions (dataset, hash);
     CREATE TABLE eval_version_items (
       version_id TEXT COLLATE "C" NOT NULL,
       position INTEGER NOT NULL,
       item_hash TEXT COLLATE "C" NOT NULL,
       PRIMARY KEY (version_id, position)
     );
     CREATE TABLE eval_runs (
       id TEXT COLLATE "C" PRIMARY KEY,
       created_at BIGINT NOT NULL,
       finished_at BIGINT,
       status TEXT NOT NULL,
       name TEXT NOT NULL,
       suite JSONB NOT NULL,
       suite_path TEXT,
       dataset TEXT NOT NULL,
       dataset_version INTEGER NOT NULL,
       dataset_hash TEXT NOT NULL,
       git_commit TEXT,
       config_path TEXT,
       config_hash TEXT,
       gateway TEXT,
       variants JSONB NOT NULL,
       summary JSONB,
       rerun_of TEXT
     );
     CREATE INDEX eval_runs_created ON eval_runs (created_at, id);
     CREATE TABLE eval_results (
       run_id TEXT COLLATE "C" NOT NULL,
       variant TEXT COLLATE "C" NOT NULL,
       case_id TEXT COLLATE "C" NOT NULL,
       repeat INTEGER NOT NULL,
       position INTEGER NOT NULL,
       output TEXT,
       error TEXT,
       latency_ms DOUBLE PRECISION,
       input_tokens BIGINT NOT NULL,
       output_tokens BIGINT NOT NULL,
       cost_usd DOUBLE PRECISION NOT NULL,
       scorer_cost_usd DOUBLE PRECISION NOT NULL,
       trace_id TEXT COLLATE "C",
       cached BOOLEAN NOT NULL,
       scores JSONB NOT NULL,
       quality DOUBLE PRECISION,
       pass BOOLEAN,
       created_at BIGINT NOT NULL,
       PRIMARY KEY (run_id, variant, case_id, repeat)
     );
     CREATE INDEX eval_results_order ON eval_results (run_id, position, variant, repeat);
     CREATE TABLE eval_cache (
       key TEXT COLLATE "C" PRIMARY KEY,
       value JSONB NOT NULL,
       created_at BIGINT NOT NULL
     );
     CREATE TABLE eval_judges (
       name TEXT COLLATE "C" NOT NULL,
       version INTEGER NOT NULL,
       created_at BIGINT NOT NULL,
       spec JSONB NOT NULL,
       report JSONB,
       PRIMARY KEY (name, version)
     );`,
    // The upstream model with no price that answered a result, whose $0 cost is unknown, not free.
    `ALTER TABLE eval_results ADD COLUMN IF NOT EXISTS unpriced TEXT COLLATE "C";`,
  ],
};

/** Every feature's tables, in the order they are migrated. */
export const POSTGRES_FEATURES = [TRACE_TABLES, TRACE_SEARCH_TABLES, ROLLUP_TABLES, REVIEW_TABLES, EVAL_TABLES, SESSION_TABLES, KEY_TABLES, MONITOR_TABLES, LOADTEST_TABLES, APP_SPAN_TABLES, RESPONSE_TABLES, OWED_SPEND_TABLES, REVIEWER_TABLES] as const;

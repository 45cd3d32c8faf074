import { type Clock, systemClock } from '../../core/clock.js';
import type { AppliedMigration, Stores } from '../stores.js';
import { schemaAhead } from '../schema-ahead.js';
import { EVAL_MIGRATIONS } from './eval-migrations.js';
import { TRACE_MIGRATIONS } from './migrations.js';
import { spendStore } from '../../limits/key-spend.js';
import { TRACE_SEARCH_MIGRATIONS } from './trace-search-migrations.js';
import { compactDatabase, openDatabase, type SqliteDatabase } from './open-database.js';
import { REVIEW_MIGRATIONS } from './review-migrations.js';
import { ROLLUP_MIGRATIONS } from './rollup-migrations.js';
import { SqliteDatasetStore } from './sqlite-dataset-store.js';
import { SqliteJudgeStore } from './sqlite-judge-store.js';
import { SqliteResponseCache } from './sqlite-response-cache.js';
import { SqliteReviewStore } from './sqlite-review-store.js';
import { SqliteRollups } from './sqlite-rollups.js';
import { SqliteRunStore } from './sqlite-run-store.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';
import { LOCAL_EXAMPLE_MIGRATIONS, SqliteExampleStore } from './sqlite-example-store.js';
import { LOCAL_MODEL_MIGRATIONS, SqliteModelRegistry } from './sqlite-model-registry.js';
import { SqliteResponseStore } from './sqlite-response-store.js';
import { RESPONSE_MIGRATIONS } from './response-migrations.js';
import { MONITOR_MIGRATIONS, SqliteMonitorStore } from './sqlite-monitor-store.js';
import { KEY_MIGRATIONS, SqliteKeyStore } from './sqlite-key-store.js';
import { SESSION_MIGRATIONS, SqliteSessionStore } from './sqlite-session-store.js';
import { REVIEWER_MIGRATIONS, SqliteReviewerStore } from './sqlite-reviewer-store.js';
import { APP_SPAN_MIGRATIONS, SqliteAppSpanStore } from './sqlite-app-span-store.js';
import { LOADTEST_MIGRATIONS, SqliteLoadtestStore } from './sqlite-loadtest-store.js';
import { OWED_SPEND_MIGRATIONS, SqliteOwedSpendStore } from './sqlite-owed-spend-store.js';

/** Every feature's tables, in the order they are migrated. */
export const SQLITE_FEATURES = [TRACE_MIGRATIONS, TRACE_SEARCH_MIGRATIONS, ROLLUP_MIGRATIONS, REVIEW_MIGRATIONS, EVAL_MIGRATIONS, LOCAL_MODEL_MIGRATIONS, LOCAL_EXAMPLE_MIGRATIONS, RESPONSE_MIGRATIONS, SESSION_MIGRATIONS, KEY_MIGRATIONS, MONITOR_MIGRATIONS, LOADTEST_MIGRATIONS, APP_SPAN_MIGRATIONS, OWED_SPEND_MIGRATIONS, REVIEWER_MIGRATIONS] as const;

/** The SQLite adapters over one file, plus the connection for the few callers that tune it (benchmarks). */
export interface SqliteStores extends Stores {
  readonly backend: 'sqlite';
  db: SqliteDatabase;
  traces: SqliteTraceStore;
  rollups: SqliteRollups;
}

/**
 * Opens (creating and migrating) one SQLite file with every store on one connection. Writes are
 * synchronous underneath, so each port call is atomic with respect to the others.
 *
 * @example const stores = openSqliteStores('.switchyard/switchyard.db'); … await stores.close();
 */
export function openSqliteStores(path: string, options: { clock?: Clock; writer?: boolean } = {}): SqliteStores {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const migrated: AppliedMigration[] = [];
  const db = openDatabase(path, SQLITE_FEATURES, migrated);
  const traces = new SqliteTraceStore(db);
  const rollups = new SqliteRollups(db, { upkeep: options.writer ?? true });
  return {
    backend: 'sqlite',
    location: path,
    migrated,
    ahead: schemaAhead(db.prepare('SELECT feature, version FROM schema_migrations').all() as { feature: string; version: number }[], SQLITE_FEATURES),
    db,
    traces,
    spend: spendStore(traces, rollups),
    keys: new SqliteKeyStore(db),
    owed: new SqliteOwedSpendStore(db),
    rollups,
    reviews: new SqliteReviewStore(db, { clock }),
    datasets: new SqliteDatasetStore(db, now),
    runs: new SqliteRunStore(db),
    judges: new SqliteJudgeStore(db, now),
    responseCache: new SqliteResponseCache(db, now),
    models: new SqliteModelRegistry(db),
    examples: new SqliteExampleStore(db),
    responses: new SqliteResponseStore(db, clock),
    sessions: new SqliteSessionStore(db),
    reviewers: new SqliteReviewerStore(db),
    monitor: new SqliteMonitorStore(db),
    spans: new SqliteAppSpanStore(db),
    loadtests: new SqliteLoadtestStore(db),
    async compact(maxPages) {
      return compactDatabase(db, maxPages);
    },
    async close() {
      if (!db.open) return;
      rollups.flushCoarse();
      // What this process wrote is searchable through the index by the next one to open the file.
      if (traces.wroteTraces) traces.indexAll();
      db.close();
    },
  };
}

import { REVIEW_MIGRATIONS } from '../../review/sqlite/review-migrations.js';
import { SqliteReviewStore } from '../../review/sqlite/sqlite-review-store.js';
import { TRACE_MIGRATIONS } from './migrations.js';
import { openDatabase, type SqliteDatabase } from './open-database.js';
import { ROLLUP_MIGRATIONS } from './rollup-migrations.js';
import { SqliteRollups } from './sqlite-rollups.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';

export interface SqliteStores {
  db: SqliteDatabase;
  traces: SqliteTraceStore;
  rollups: SqliteRollups;
  reviews: SqliteReviewStore;
}

/**
 * Opens the SQLite file with traces, rollups and review tables, wired so every trace batch
 * updates the rollups and the review queue's sampling in the same transaction.
 *
 * @example const { traces, rollups, reviews } = openSqliteStores('.switchyard/switchyard.db');
 */
export function openSqliteStores(path: string, db: SqliteDatabase = openDatabase(path, [TRACE_MIGRATIONS, ROLLUP_MIGRATIONS, REVIEW_MIGRATIONS])): SqliteStores {
  const rollups = new SqliteRollups(db);
  const reviews = new SqliteReviewStore(db);
  const traces = new SqliteTraceStore(db, { afterInsert: [(batch) => rollups.apply(batch), (batch) => reviews.enqueueSampled(batch)] });
  return { db, traces, rollups, reviews };
}

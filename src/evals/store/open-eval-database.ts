import { openDatabase, type SqliteDatabase } from '../../store/sqlite/open-database.js';
import { TRACE_MIGRATIONS } from '../../store/sqlite/migrations.js';
import { EVAL_MIGRATIONS } from './eval-migrations.js';

/** Where evaluations live unless `--db` says otherwise: the gateway's own file. */
export const DEFAULT_DB_PATH = '.switchyard/switchyard.db';

/**
 * Opens the shared SQLite file with the trace and eval tables, so datasets can be built from
 * traces and run costs reconciled against them in one query.
 *
 * @example const db = openEvalDatabase(':memory:');
 */
export function openEvalDatabase(path: string = DEFAULT_DB_PATH): SqliteDatabase {
  return openDatabase(path, [TRACE_MIGRATIONS, EVAL_MIGRATIONS]);
}

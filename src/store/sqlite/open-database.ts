import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SwitchyardError } from '../../core/errors.js';
import { migrationFailed } from '../migration-failed.js';
import type { AppliedMigration } from '../stores.js';
import { type SqliteMigrations, TRACE_MIGRATIONS } from './migrations.js';
import { makeDirs } from '../../core/make-dirs.js';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) the SQLite file and brings every feature's schema up to date.
 * WAL mode lets readers (dashboard, CLI) work while the trace writer writes; NORMAL sync is
 * durable across process crashes, which is what a trace store needs, at a fraction of FULL's cost.
 * New files vacuum incrementally, so deleted traces' space can be released in small steps.
 *
 * @example openDatabase('.switchyard/switchyard.db', [TRACE_MIGRATIONS, EVAL_MIGRATIONS])
 */
export function openDatabase(path: string, features: readonly SqliteMigrations[] = [TRACE_MIGRATIONS], applied: AppliedMigration[] = []): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    if (path !== ':memory:') makeDirs(dirname(path));
    db = new Database(path);
  } catch (error) {
    throw new SwitchyardError('config_invalid', `store.sqlite: cannot open ${path}: ${unopenable(path, error)}; pick a writable path (store: { sqlite: FILE }) or --db FILE`);
  }
  // Lets retention hand deleted traces' pages back to the file system a batch at a time; takes
  // effect only on a new, empty file (older files keep their mode: see compactDatabase). Set only
  // where the file is not incremental yet: setting it takes the write lock, so every CLI command
  // opening a file the gateway was writing waited its turn (up to the 5 s busy timeout, then
  // "database is locked"), where reading the mode waits for no one.
  try {
    if (db.pragma('auto_vacuum', { simple: true }) !== 2) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db.close();
    // The first read of the file: another file named by mistake (--db on a JSONL file, a device)
    // was a bare "SqliteError: file is not a database" / "disk I/O error" with a stack.
    throw new SwitchyardError('config_invalid', `store.sqlite: cannot use ${path}: ${unusable(path, error)}; expected the SQLite file a gateway writes (store: { sqlite: FILE } or --db FILE)`);
  }
  beginImmediately(db);
  try {
    applied.push(...migrate(db, features));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Why SQLite could not open a path, in words a user can act on: a folder was SQLite's "unable to
 * open database file" (`--db .switchyard`, the folder for the file in it), a FIFO "disk I/O error".
 *
 * @example unopenable('.switchyard', error) // 'a folder, not a file: name a file in it (unable to open database file)'
 */
export function unopenable(path: string, error: unknown): string {
  const message = (error as Error).message;
  let kind: ReturnType<typeof statSync>;
  try {
    kind = statSync(path, { throwIfNoEntry: false });
  } catch {
    return message;
  }
  if (kind?.isDirectory()) return `a folder, not a file: name a file in it (${message})`;
  return kind !== undefined && !kind.isFile() ? `not a regular file (${message})` : message;
}

/**
 * Why a file SQLite opened cannot be read (its first pragma failed), in words a user can act on.
 *
 * @example unusable('traces.jsonl', error) // 'it is not a SQLite database (file is not a database)'
 */
export function unusable(path: string, error: unknown): string {
  const message = (error as Error).message;
  if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') return `it is not a SQLite database (${message})`;
  const kind = statSync(path, { throwIfNoEntry: false });
  if (kind !== undefined && !kind.isFile()) return `not a regular file (${message})`;
  return message;
}

/**
 * Makes every `db.transaction(...)` take the write lock when it begins (`.deferred` stays
 * available). The gateway's connection and its trace-write thread's both write the file: a
 * deferred transaction that read, then wrote after the other connection had committed, would
 * fail at once (SQLITE_BUSY_SNAPSHOT) instead of waiting its turn under the busy timeout.
 */
function beginImmediately(db: SqliteDatabase): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const tx = transaction(fn);
    const run = (...args: never[]) => tx.immediate(...args);
    const variant = (value: unknown) => ({ value, enumerable: true });
    return Object.defineProperties(run, { default: variant(tx.immediate), deferred: variant(tx.deferred), immediate: variant(tx.immediate), exclusive: variant(tx.exclusive) });
  }) as SqliteDatabase['transaction'];
}

/** Applies the steps a feature has not had yet and returns them; safe to call again with more features. */
export function migrate(db: SqliteDatabase, features: readonly SqliteMigrations[]): AppliedMigration[] {
  const applied: AppliedMigration[] = [];
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (feature TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const versionOf = db.prepare('SELECT version FROM schema_migrations WHERE feature = ?');
  const record = db.prepare('INSERT INTO schema_migrations (feature, version) VALUES (?, ?) ON CONFLICT (feature) DO UPDATE SET version = excluded.version');
  for (const { feature, steps } of features) {
    const current = (versionOf.get(feature) as { version: number } | undefined)?.version ?? 0;
    for (let version = current; version < steps.length; version++) {
      try {
        db.transaction(() => {
          const step = steps[version] as SqliteMigrations['steps'][number];
          if (typeof step === 'string') db.exec(step);
          else step(db);
          record.run(feature, version + 1);
        })();
      } catch (error) {
        // better-sqlite3's error names neither the feature nor the file: a bare SqliteError stack.
        throw migrationFailed({ feature, step: version + 1, steps: steps.length, where: db.name }, error);
      }
      applied.push({ feature, version: version + 1 });
    }
  }
  return applied;
}

/**
 * Releases up to `maxPages` free pages at the end of the file (one short write transaction), so
 * the file shrinks after retention deletes instead of only reusing the space.
 *
 * @example compactDatabase(db, 2_000) // { released: 2000, free: 5120, incremental: true }
 */
export function compactDatabase(db: SqliteDatabase, maxPages: number): { released: number; free: number; incremental: boolean } {
  // 2 = INCREMENTAL; 0 (NONE) on files created before it was the default.
  const incremental = db.pragma('auto_vacuum', { simple: true }) === 2;
  const before = db.pragma('freelist_count', { simple: true }) as number;
  if (!incremental || before === 0) return { released: 0, free: before, incremental };
  db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(maxPages))})`);
  const after = db.pragma('freelist_count', { simple: true }) as number;
  return { released: before - after, free: after, incremental };
}

/**
 * Runs `work` with `secure_delete` on for this connection, then sets it back: what a purge
 * deletes or rewrites is overwritten with zeros in the file, not left in free space or in a page's
 * unused bytes where a copy of the file could still be read. Only the purge pays for it.
 *
 * @example withSecureDelete(db, () => db.prepare('UPDATE traces SET response = NULL WHERE id = ?').run(id));
 */
export function withSecureDelete<T>(db: SqliteDatabase, work: () => T): T {
  const before = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    return work();
  } finally {
    db.pragma(`secure_delete = ${before === 1 ? 'ON' : before === 2 ? 'FAST' : 'OFF'}`);
  }
}

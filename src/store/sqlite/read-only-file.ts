import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * `read` on `file` opened read-only, or undefined when there is no such file, it is no regular file
 * or no SQLite database (the caller's own open then says why). Nothing in the file changes, not
 * even its journal. A FIFO is not opened: a read-only open waits for a writer, and `kb list --db
 * FIFO` hung there for good.
 *
 * @example readOnlySqlite('.switchyard/cache.db', (db) => hasTable(db, 'response_cache'))
 */
export function readOnlySqlite<T>(file: string, read: (db: Database.Database) => T): T | undefined {
  if (file === ':memory:' || !isRegularFile(file)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return read(db);
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

export const hasTable = (db: Database.Database, name: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/**
 * Whether a SQLite file is a gateway's store (it has a `traces` table).
 *
 * @example holdsTraces('.switchyard/switchyard.db') // true
 */
export function holdsTraces(file: string): boolean {
  return readOnlySqlite(file, (db) => hasTable(db, 'traces')) === true;
}

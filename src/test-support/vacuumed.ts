import Database from 'better-sqlite3';

/**
 * Rebuilds a SQLite file (VACUUM) and folds its WAL in, so its bytes hold only what its rows hold:
 * rows rewritten before (a page split) may have left copies in pages' unused space, which only a
 * VACUUM clears. For tests that read a file's bytes after an erasure or a purge.
 */
export function vacuumed(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

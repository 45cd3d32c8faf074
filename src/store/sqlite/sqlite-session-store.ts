import type { SessionRecord, SessionStore } from '../../core/session-store.js';
import { type SessionRow, sessionFromRow } from '../rows/session-rows.js';
import type { SqliteMigrations } from './migrations.js';
import type { SqliteDatabase } from './open-database.js';

/** Dashboard sessions: one row per signed-in page, keyed by the hash of its token. */
export const SESSION_MIGRATIONS: SqliteMigrations = {
  feature: 'sessions',
  steps: [
    `CREATE TABLE admin_sessions (
       id TEXT PRIMARY KEY,
       csrf_hash TEXT NOT NULL,
       name TEXT NOT NULL,
       key_id TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       last_seen_at INTEGER NOT NULL,
       expires_at INTEGER NOT NULL
     );`,
  ],
};

/**
 * Sessions in the gateway's SQLite file: every process on the file sees a sign-out at once.
 *
 * @example const sessions = new SqliteSessionStore(db);
 */
export class SqliteSessionStore implements SessionStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare('INSERT INTO admin_sessions (id, csrf_hash, name, key_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT * FROM admin_sessions WHERE id = ?'),
      touch: db.prepare('UPDATE admin_sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?'),
      revoke: db.prepare('DELETE FROM admin_sessions WHERE id = ?'),
      revokeAll: db.prepare('DELETE FROM admin_sessions'),
      purge: db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ? OR last_seen_at < ?'),
      list: db.prepare('SELECT * FROM admin_sessions ORDER BY created_at DESC, id'),
    };
  }

  async create(r: SessionRecord): Promise<void> {
    this.statements.insert.run(r.id, r.csrfHash, r.name, r.keyId, r.createdAt, r.lastSeenAt, r.expiresAt);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const row = this.statements.get.get(id) as SessionRow | undefined;
    return row ? sessionFromRow(row) : undefined;
  }

  async touch(id: string, at: number): Promise<void> {
    this.statements.touch.run(at, id);
  }

  async revoke(id: string): Promise<boolean> {
    return this.statements.revoke.run(id).changes > 0;
  }

  async revokeAll(): Promise<number> {
    return this.statements.revokeAll.run().changes;
  }

  async purge(now: number, idleBefore: number): Promise<number> {
    return this.statements.purge.run(now, idleBefore).changes;
  }

  async list(): Promise<SessionRecord[]> {
    return (this.statements.list.all() as SessionRow[]).map(sessionFromRow);
  }
}

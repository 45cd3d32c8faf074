import type { SessionRecord, SessionStore } from '../../core/session-store.js';
import { type SessionRow, sessionFromRow } from '../rows/session-rows.js';
import type { PgPool } from './connect.js';
import type { PostgresMigrations } from './migrate.js';
import { pgText } from './pg-values.js';

/** Dashboard sessions, shared by every replica on the database. */
export const SESSION_TABLES: PostgresMigrations = {
  feature: 'sessions',
  steps: [
    `CREATE TABLE admin_sessions (
       id TEXT COLLATE "C" PRIMARY KEY,
       csrf_hash TEXT NOT NULL,
       name TEXT NOT NULL,
       key_id TEXT NOT NULL,
       created_at BIGINT NOT NULL,
       last_seen_at BIGINT NOT NULL,
       expires_at BIGINT NOT NULL
     );`,
  ],
};

/**
 * Sessions in PostgreSQL: a sign-out on one replica is seen by every other on its next request.
 *
 * @example const sessions = new PgSessionStore(pool);
 */
export class PgSessionStore implements SessionStore {
  constructor(private readonly pool: PgPool) {}

  async create(r: SessionRecord): Promise<void> {
    await this.pool.query('INSERT INTO admin_sessions (id, csrf_hash, name, key_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      r.id,
      r.csrfHash,
      pgText(r.name),
      r.keyId,
      r.createdAt,
      r.lastSeenAt,
      r.expiresAt,
    ]);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM admin_sessions WHERE id = $1', [pgText(id)]);
    return rows[0] ? sessionFromRow(rows[0]) : undefined;
  }

  async touch(id: string, at: number): Promise<void> {
    await this.pool.query('UPDATE admin_sessions SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id = $2', [at, pgText(id)]);
  }

  async revoke(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM admin_sessions WHERE id = $1', [pgText(id)])).rowCount ?? 0) > 0;
  }

  async revokeAll(): Promise<number> {
    return (await this.pool.query('DELETE FROM admin_sessions')).rowCount ?? 0;
  }

  async purge(now: number, idleBefore: number): Promise<number> {
    return (await this.pool.query('DELETE FROM admin_sessions WHERE expires_at <= $1 OR last_seen_at < $2', [now, idleBefore])).rowCount ?? 0;
  }

  async list(): Promise<SessionRecord[]> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM admin_sessions ORDER BY created_at DESC, id');
    return rows.map(sessionFromRow);
  }
}

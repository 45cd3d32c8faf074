import type { SessionRecord } from '../../core/session-store.js';

/** An `admin_sessions` row as both engines return it (PostgreSQL's BIGINT times as strings, well inside 2^53). */
export interface SessionRow {
  id: string;
  csrf_hash: string;
  name: string;
  key_id: string;
  created_at: number | string;
  last_seen_at: number | string;
  expires_at: number | string;
}

/** An `admin_sessions` row as a session, in either engine. @example rows.map(sessionFromRow) */
export function sessionFromRow(r: SessionRow): SessionRecord {
  return {
    id: r.id,
    csrfHash: r.csrf_hash,
    name: r.name,
    keyId: r.key_id,
    createdAt: Number(r.created_at),
    lastSeenAt: Number(r.last_seen_at),
    expiresAt: Number(r.expires_at),
  };
}

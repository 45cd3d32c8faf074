/**
 * One signed-in dashboard session as the store keeps it. Neither the cookie's token nor the CSRF
 * token is stored, only their SHA-256, so a copy of the database signs nobody in.
 */
export interface SessionRecord {
  /** SHA-256 (hex) of the session token the cookie carries. */
  id: string;
  /** SHA-256 (hex) of the CSRF token the signed-in page holds and sends on every call. */
  csrfHash: string;
  /** Who signed in (reviews are signed with it). */
  name: string;
  /** Fingerprint of the admin key the session was opened with: rotating the key ends it. */
  keyId: string;
  createdAt: number;
  lastSeenAt: number;
  /** The absolute end, however active the session is. */
  expiresAt: number;
}

/**
 * Server-side dashboard sessions, in the store every replica shares, so signing out on one
 * replica signs out on all of them.
 *
 * @example await sessions.create(record); await sessions.get(record.id); await sessions.revoke(record.id);
 */
export interface SessionStore {
  create(record: SessionRecord): Promise<void>;
  /** The session with this id (a token's hash), or undefined. Expiry is the caller's decision. */
  get(id: string): Promise<SessionRecord | undefined>;
  /** Records activity, for the idle timeout. */
  touch(id: string, at: number): Promise<void>;
  /** Ends one session; true when it existed. */
  revoke(id: string): Promise<boolean>;
  /** Ends every session ("sign out everywhere"); how many there were. */
  revokeAll(): Promise<number>;
  /** Deletes sessions past their absolute end or idle since before `idleBefore`; how many. */
  purge(now: number, idleBefore: number): Promise<number>;
  /** Every live session, newest first (for the sessions list; hashes only). */
  list(): Promise<SessionRecord[]>;
}

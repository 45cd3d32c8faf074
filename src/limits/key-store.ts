import type { Budget, RateLimit } from './keys.js';

/** A virtual key created at runtime, as the store keeps it: the secret's hash, never the secret. */
export interface StoredKey {
  name: string;
  hash: string;
  /** The first characters of the secret (`sk-sy-ab12`), so people can tell their keys apart. */
  prefix: string;
  team: string | null;
  models: string[] | null;
  budget: Budget | null;
  rateLimit: { requestsPerMinute: number | null; tokensPerMinute: number | null } | null;
  createdAt: number;
  /** Set by a rotation: the replaced secret's hash, accepted until `previousValidUntil`. */
  previousHash: string | null;
  previousValidUntil: number | null;
  /**
   * The secrets before the previous one, which later rotations replaced: each hash and when it
   * stopped being accepted. Never accepted again; kept so their holders' 401 says why.
   */
  olderSecrets: { hash: string; until: number }[];
  rotatedAt: number | null;
  revokedAt: number | null;
}

export interface StoredTeam {
  name: string;
  budget: Budget | null;
  /** Requests and tokens per minute for all the team's keys together; null or absent: none. */
  rateLimit?: RateLimit | null;
  createdAt: number;
}

/** A provider credential added at runtime, sealed (AES-256-GCM) with the key in the environment. */
export interface StoredCredential {
  provider: string;
  sealed: string;
  /** The first and last characters of the credential, so a person can tell which one is set. */
  hint: string;
  updatedAt: number;
}

/** Everything a replica needs to serve keys, and the revision it was read at. */
export interface KeySnapshot {
  revision: number;
  keys: StoredKey[];
  teams: StoredTeam[];
}

/**
 * Virtual keys and teams created at runtime, shared by every replica through the store. Every
 * change bumps one revision number, so a replica polls a single cheap read to learn that it must
 * reload.
 */
export interface KeyStore {
  /** The current revision: it grows with every change. */
  revision(): Promise<number>;
  snapshot(): Promise<KeySnapshot>;
  /** Adds a key; a 409 SwitchyardError when the name is taken (revoked keys keep their name). */
  createKey(key: Omit<StoredKey, 'previousHash' | 'previousValidUntil' | 'olderSecrets' | 'rotatedAt' | 'revokedAt'>): Promise<StoredKey>;
  /**
   * Replaces the secret's hash; the old one stays valid until `graceUntil`, and the one before it
   * joins `olderSecrets` (its grace ends now if it had not). 404 for an unknown or revoked key.
   */
  rotateKey(name: string, hash: string, prefix: string, at: number, graceUntil: number): Promise<StoredKey>;
  /**
   * Puts the key in another team (null: in none) from now on; its past calls stay booked to the
   * team their traces name. 404 for an unknown key, 409 for a revoked one.
   */
  moveKey(name: string, team: string | null): Promise<StoredKey>;
  /** Refuses the key from now on (its previous secret too). 404 for an unknown key; revoking twice is a no-op. */
  revokeKey(name: string, at: number): Promise<StoredKey>;
  /** Adds or replaces a team. */
  putTeam(team: StoredTeam): Promise<StoredTeam>;
  /** 404 for an unknown team; its keys stay, without the team's budget. */
  deleteTeam(name: string): Promise<void>;
  /** Provider credentials added at runtime, sealed; never opened by the store. */
  credentials(): Promise<StoredCredential[]>;
  putCredential(credential: StoredCredential): Promise<void>;
  /** 404 for a provider with no stored credential. */
  deleteCredential(provider: string): Promise<void>;
}

/**
 * What a rotation at `at` makes of a key's older secrets: the previous secret joins them, its
 * grace ending now if it had not (the same in every store).
 *
 * @example olderAfterRotation([], 'h1', 5_000, 2_000) // [{ hash: 'h1', until: 2_000 }]
 */
export function olderAfterRotation(older: StoredKey['olderSecrets'], previousHash: string | null, previousValidUntil: number | null, at: number): StoredKey['olderSecrets'] {
  return previousHash === null ? older : [...older, { hash: previousHash, until: Math.min(previousValidUntil ?? at, at) }];
}

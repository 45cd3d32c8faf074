import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';

/**
 * A reviewer account as the store keeps it: the personal key's SHA-256 (as virtual keys keep
 * theirs), never the key. A revoked account keeps its row and its name, so the reviews signed
 * with the name stay that one person's.
 */
export interface StoredReviewer {
  name: string;
  /** SHA-256 (hex) of the personal key (`hashKey`). */
  hash: string;
  /** The key's first characters (`sk-rv-ab12`), so a person can tell which key they hold. */
  prefix: string;
  createdAt: number;
  /** Who created it (the admin's signed-in name, or "cli"), for the audit. */
  createdBy: string;
  revokedAt: number | null;
  revokedBy: string | null;
  /** When the personal key was last replaced (`rotate`), and by whom: sessions opened with the old key are over. */
  rotatedAt: number | null;
  rotatedBy: string | null;
}

/** What a new account is made of: the rest (revocation, rotation) comes later. */
export type NewReviewer = Omit<StoredReviewer, 'revokedAt' | 'revokedBy' | 'rotatedAt' | 'rotatedBy'>;

/**
 * Reviewer accounts, shared by every replica through the store. The admin API reads an account on
 * each call a reviewer's session makes, so a revocation ends their sessions on every replica at
 * their next call, with no cache to wait out.
 *
 * @example await reviewers.create({ name: 'ana', hash, prefix, createdAt, createdBy: 'admin' }); await reviewers.revoke('ana', at, 'admin');
 */
export interface ReviewerStore {
  /**
   * Adds an account; a 409 when the name is taken (revoked accounts keep theirs), or reads as a
   * taken one (`sameReader`: "Ana" beside "ana"), enforced by a unique index, so two adds racing
   * cannot both succeed.
   */
  create(reviewer: NewReviewer): Promise<StoredReviewer>;
  /** The account of this name, revoked or not. */
  get(name: string): Promise<StoredReviewer | undefined>;
  /** The account a personal key's hash belongs to, revoked or not. */
  byHash(hash: string): Promise<StoredReviewer | undefined>;
  /** Every account, revoked ones included, by name. */
  list(): Promise<StoredReviewer[]>;
  /** Refuses the account's key and sessions from now on. 404 for an unknown name; revoking twice keeps the first time. */
  revoke(name: string, at: number, by: string): Promise<StoredReviewer>;
  /**
   * Replaces an active account's key (its hash and prefix), keeping the replaced key's hash
   * (`replacedKey`). 404 for an unknown name, 409 for a revoked account.
   */
  rotate(name: string, key: { hash: string; prefix: string }, at: number, by: string): Promise<StoredReviewer>;
  /**
   * Whose key a hash was before a rotation replaced it, and when and by whom: its holder is told
   * to use the new key rather than that the key is unknown. Undefined for any other hash.
   */
  replacedKey(hash: string): Promise<ReplacedKey | undefined>;
}

/** A personal key a rotation replaced: the account (as it is now), and when and by whom. */
export interface ReplacedKey {
  account: StoredReviewer;
  replacedAt: number;
  replacedBy: string;
}

/** The 409 for a name an account already has, the same from every store. */
export function reviewerNameTaken(name: string): SwitchyardError {
  return new SwitchyardError('invalid_request', `a reviewer named ${quoteClipped(name)} already exists (revoked reviewers keep their name, so their reviews stay theirs); choose another name`, { status: 409, param: 'name' });
}

/** The 409 for a name that reads as another account's (`sameReader`), the same from every store. */
export function reviewerNameAlike(name: string, taken: StoredReviewer): SwitchyardError {
  return new SwitchyardError('invalid_request', `name ${quoteClipped(name)} reads as reviewer ${quoteClipped(taken.name)}'s${taken.revokedAt === null ? '' : ' (revoked)'}: two accounts would look like one person; choose another name`, { status: 409, param: 'name' });
}

/** The 409 for rotating a revoked account's key, the same from every store. */
export function reviewerRevokedNoRotate(r: StoredReviewer): SwitchyardError {
  return new SwitchyardError('invalid_request', `reviewer ${quoteClipped(r.name)} is revoked, so it has no key to rotate; add a reviewer under another name`, { status: 409, param: 'name' });
}

/** The 404 for a name no account has, the same from every store. */
export function reviewerNotFound(name: string): SwitchyardError {
  return new SwitchyardError('not_found', `no reviewer named ${quoteClipped(name)}`, { param: 'name' });
}

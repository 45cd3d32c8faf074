import { SwitchyardError } from '../core/errors.js';
import { closestName } from '../core/format-issues.js';
import { sha256 } from '../core/sha256.js';
import { quoteClipped } from '../core/clip.js';
import { hashKey } from '../limits/keys.js';
import { newSecret, secretPrefix } from '../limits/manage-keys.js';
import { assertReviewerName, sameReader } from './reviewer-name.js';
import { reviewerNameAlike, type ReviewerStore, type StoredReviewer } from './reviewer-store.js';

/** A reviewer account as shown to people: the stored account without its key's hash, and whether it is active. */
export type ReviewerView = Omit<StoredReviewer, 'hash'> & { status: 'active' | 'revoked' };

export function reviewerView({ hash: _, ...account }: StoredReviewer): ReviewerView {
  return { ...account, status: account.revokedAt === null ? 'active' : 'revoked' };
}

/**
 * Names the gateway signs with itself: an account under one would pass for every such call. A Map,
 * so "constructor" or "__proto__" is no reserved name read off Object's prototype.
 */
const RESERVED = new Map<string, string>([
  ['admin', 'a call with the admin key and no x-switchyard-reviewer header is'],
  ['reviewer', 'a call with server.reviewer_key and no x-switchyard-reviewer header is'],
  ['local', 'the open (loopback, no admin key) dashboard is'],
]);

/** What a personal key looks like: told apart from the admin key and `server.reviewer_key` before any lookup. */
export const PERSONAL_KEY_PREFIX = 'sk-rv-';

/**
 * Which account, and which of its keys, a session belongs to: its name and creation time, so a
 * session can never pass for another account's (an account is never re-created under a revoked
 * one's name either), and its key's hash, so a rotation ends the sessions the old key opened.
 *
 * @example reviewerAccountId({ name: 'ana', createdAt: 1796502727612, hash }) // 'ra_' and 24 hex digits
 */
export function reviewerAccountId(r: Pick<StoredReviewer, 'name' | 'createdAt' | 'hash'>): string {
  return `ra_${sha256(`switchyard-reviewer-account:${r.createdAt}:${r.name}:${r.hash}`, 'hex').slice(0, 24)}`;
}

/**
 * The ids a live session of an account may hold: its key's (`reviewerAccountId`), and until its
 * first rotation the id sessions were given before ids named the key (name and creation time),
 * so sessions open when the gateway was upgraded go on.
 *
 * @example reviewerSessionIds(ana).includes(record.keyId)
 */
export function reviewerSessionIds(r: Pick<StoredReviewer, 'name' | 'createdAt' | 'hash' | 'rotatedAt'>): string[] {
  const current = reviewerAccountId(r);
  return r.rotatedAt === null ? [current, `ra_${sha256(`switchyard-reviewer-account:${r.createdAt}:${r.name}`, 'hex').slice(0, 24)}`] : [current];
}

/**
 * Why a session the old key opened is over, for the 401 and the sign-in form.
 *
 * @example rotatedNote(ana) // 'reviewer "ana"'s personal key was replaced at 2026-12-06T07:30:00.000Z by "admin"; sign in with the new key'
 */
export function rotatedNote(r: Pick<StoredReviewer, 'name' | 'rotatedAt' | 'rotatedBy'>): string {
  return `reviewer ${quoteClipped(r.name)}'s personal key was replaced at ${new Date(r.rotatedAt ?? 0).toISOString()} by ${quoteClipped(r.rotatedBy ?? 'an admin')}; sign in with the new key`;
}

/**
 * Why an account's key or sessions are refused, for the 401 and the sign-in form.
 *
 * @example revokedNote(ana) // 'reviewer "ana" was revoked at 2026-12-06T07:30:00.000Z by "admin"; ask an admin for a new reviewer account'
 */
export function revokedNote(r: StoredReviewer): string {
  return `reviewer ${quoteClipped(r.name)} was revoked at ${new Date(r.revokedAt ?? 0).toISOString()} by ${quoteClipped(r.revokedBy ?? 'an admin')}; ask an admin for a new reviewer account`;
}

/**
 * Creates, lists and revokes reviewer accounts: the one place that makes personal keys, used by
 * the admin API and the CLI alike. A key is returned once, at creation; the store keeps its
 * SHA-256 and a 10-character prefix, as for virtual keys.
 *
 * @example const { secret } = await new ReviewerManager(stores.reviewers).add('ana', 'admin');
 */
export class ReviewerManager {
  constructor(
    private readonly store: ReviewerStore,
    private readonly now: () => number = Date.now,
  ) {}

  async add(rawName: string, by: string): Promise<{ secret: string; reviewer: ReviewerView }> {
    const name = rawName.trim();
    if (!name) throw new SwitchyardError('invalid_request', `name is required: the reviewer's reviews are signed with it (got ${quoteClipped(rawName)})`, { param: 'name' });
    assertReviewerName(name, 'name');
    // "José" typed with é and with e + U+0301 look alike: two accounts one name would be two people.
    const composed = name.normalize('NFC');
    if (composed !== name) throw new SwitchyardError('invalid_request', `name must be written with composed characters (Unicode NFC): got ${quoteClipped(name)}, which would be a second name that looks like ${quoteClipped(composed)}; write ${quoteClipped(composed)}`, { param: 'name' });
    // As read (sameReader), as names alike are: "ＡＤＭＩＮ" in full width reads as admin on every page.
    const signsAs = RESERVED.get(sameReader(name));
    if (signsAs) throw new SwitchyardError('invalid_request', `name ${quoteClipped(name)} is reserved: it is what ${signsAs} signed with; choose another name`, { status: 409, param: 'name' });
    // "Ana" beside "ana" reads as one reviewer on every page: refused, as an exact duplicate is. The
    // store's unique index holds it against a racing add; this look also covers accounts made before
    // the index, whose folded name PostgreSQL may have written otherwise (see REVIEWER_TABLES).
    const alike = (await this.store.list()).find((r) => sameReader(r.name) === sameReader(name) && r.name !== name);
    if (alike) throw reviewerNameAlike(name, alike);
    const secret = newSecret(PERSONAL_KEY_PREFIX);
    const stored = await this.store.create({ name, hash: hashKey(secret), prefix: secretPrefix(secret), createdAt: this.now(), createdBy: by });
    return { secret, reviewer: reviewerView(stored) };
  }

  async list(): Promise<ReviewerView[]> {
    return (await this.store.list()).map(reviewerView);
  }

  /** Revokes an account: its key is refused and its open sessions end at their next call, on every replica. */
  async revoke(name: string, by: string): Promise<ReviewerView> {
    return reviewerView(await this.namingKnown(name, () => this.store.revoke(name, this.now(), by)));
  }

  /**
   * Gives an active account a new personal key, made as a virtual key's rotation makes one: the
   * old key is refused at once (no grace: it is a person's sign-in, not a deployed client's), and
   * sessions opened with it end at their next call, on every replica (`reviewerAccountId` names
   * the key a session was opened with). The new key is returned once.
   *
   * @example const { secret } = await manager.rotate('ana', 'admin');
   */
  async rotate(name: string, by: string): Promise<{ secret: string; reviewer: ReviewerView }> {
    const secret = newSecret(PERSONAL_KEY_PREFIX);
    const stored = await this.namingKnown(name, () => this.store.rotate(name, { hash: hashKey(secret), prefix: secretPrefix(secret) }, this.now(), by));
    return { secret, reviewer: reviewerView(stored) };
  }

  /** A 404 for an unknown name says which active reviewer was likely meant. */
  private async namingKnown(name: string, change: () => Promise<StoredReviewer>): Promise<StoredReviewer> {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof SwitchyardError) || error.code !== 'not_found') throw error;
      const all = await this.store.list();
      const active = all.filter((r) => r.revokedAt === null).map((r) => r.name);
      const meant = name.length <= 100 ? closestName(name, active) : undefined;
      const listed = active.slice(0, 20).join(', ') + (active.length > 20 ? `, … ${active.length - 20} more` : '');
      throw new SwitchyardError('not_found', `${error.message}${meant ? `; did you mean "${meant}"?` : ''} (active reviewers: ${listed || 'none'})`, { param: 'name' });
    }
  }
}

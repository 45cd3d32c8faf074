import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { clip, quoteClipped } from '../../core/clip.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { hasInvisibleChar, showInvisible } from '../../core/invisible-text.js';
import { hasBidiControl, terminalText } from '../../core/terminal-text.js';
import { MemorySessionStore } from '../../core/memory-session-store.js';
import { sameSecret } from '../../core/same-secret.js';
import type { SessionRecord, SessionStore } from '../../core/session-store.js';
import { sha256 } from '../../core/sha256.js';
import { hashKey, type KeyRegistry, presentedSecret, unreadKey, type VirtualKey } from '../../limits/keys.js';
import { PERSONAL_KEY_PREFIX, reviewerAccountId, reviewerSessionIds, revokedNote, rotatedNote } from '../../review/manage-reviewers.js';
import { sameReader } from '../../review/reviewer-name.js';
import type { ReviewerStore, StoredReviewer } from '../../review/reviewer-store.js';
import { FailureThrottle } from './failure-throttle.js';
import { invalidApiKey } from '../../gateway/stages/authenticate.js';
import { countOf } from '../../core/plural.js';
import { asSentUtf8 } from '../../core/client-metadata.js';
import { TrustedProxies, whereFrom } from '../client-address.js';
import type { Log } from '../../core/log.js';

/** Who is calling the admin API. */
export type Principal =
  | {
      kind: 'admin';
      name: string;
      via: 'session' | 'bearer' | 'open';
      role: AdminRole;
      /** Signed in (or calling) with a reviewer account's personal key: `name` is the account's, not typed. */
      personal?: boolean;
    }
  | { kind: 'key'; key: VirtualKey };

/**
 * What a person at the dashboard or a script may do: `admin` everything; `reviewer` (signed in or
 * calling with `server.reviewer_key`) only read and decide the review queue (see admin/roles.ts).
 */
export type AdminRole = 'admin' | 'reviewer';

/**
 * protected: an admin credential is configured; open: none, but bound to loopback, so only this
 * machine reaches it; locked: none and reachable from the network, so only feedback works.
 */
export type AccessMode = 'protected' | 'open' | 'locked';

export interface AccessOptions {
  /** `server.admin_key`: a bearer token for scripts and the password of the login form. */
  adminKey?: string;
  /** `server.reviewer_key`: the same, for the reviewer role (needs `adminKey`). */
  reviewerKey?: string;
  /**
   * Reviewer accounts: a personal key signs its account in as a reviewer, and a session of an
   * account is checked against it on every call (a revoked account's sessions end at their next).
   */
  reviewers?: ReviewerStore;
  /** Whether the server listens on a loopback address only. */
  loopback: boolean;
  keys: KeyRegistry;
  /** Where sessions live; the shared store, so replicas agree on who is signed in. */
  sessions?: SessionStore;
  /** A session unused this long ends (default 2 h). */
  idleMs?: number;
  /** A session ends this long after sign-in, however active (default 12 h). */
  maxAgeMs?: number;
  clock?: Pick<Clock, 'now'>;
  /** Audit lines: sign-ins, sign-outs, refused credentials. Never holds a secret. */
  audit?: Log;
  /** `server.trusted_proxies`: whose X-Forwarded-For names the client the throttle counts (none: the peer). */
  proxies?: TrustedProxies;
}

const COOKIE = 'switchyard_session';
const CSRF_HEADER = 'x-switchyard-csrf';
export const DEFAULT_IDLE_MS = 2 * 3_600_000;
export const DEFAULT_MAX_AGE_MS = 12 * 3_600_000;
/** Activity is written at most this often per session: the idle clock is this coarse. */
const TOUCH_EVERY_MS = 60_000;
const FAILURES_PER_MINUTE = 10;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a session of a reviewer account has for key id (`reviewerAccountId`): the account, not a key. */
const ACCOUNT_SESSION = 'ra_';
/** 32 random bytes, base64url: what a session token looks like (anything else never reaches the store). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const newToken = () => randomBytes(32).toString('base64url');

function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return out;
}

function hostName(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

/**
 * Access control for the admin API and dashboard. The admin key works as a Bearer token and as
 * the sign-in password. A sign-in opens a server-side session (SessionStore): the HttpOnly,
 * SameSite=Strict cookie carries a random token whose hash is the record's id, and the page holds
 * a second random token it sends as `x-switchyard-csrf` on every call, reads included. The cookie
 * alone is useless, so a copy leaked to another app on the same host (cookies ignore ports) reads
 * nothing. Sessions end on sign-out, on "sign out everywhere", after `idleMs` unused, `maxAgeMs`
 * after sign-in, and when the admin key changes. Failed credentials are throttled per client
 * address: the peer, or the client a trusted proxy forwards (`proxies`).
 * With no credential on loopback it is open, but only under a loopback Host name, which stops
 * DNS-rebinding pages from reaching it.
 *
 * @example
 * const access = new AdminAccess({ adminKey: 'change-me-please', loopback: true, keys, sessions });
 * const who = await access.authenticate(req); // throws 401/403/429 SwitchyardErrors
 */
export class AdminAccess {
  readonly mode: AccessMode;
  readonly sessions: SessionStore;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly idleMs: number;
  private readonly maxAgeMs: number;
  /** Which admin key sessions belong to: derived from the key, so every replica agrees. */
  private readonly keyId: string;
  /** The same for sessions signed in with the reviewer key; undefined without one. */
  private readonly reviewerKeyId: string | undefined;
  /** Open mode's CSRF token (no session needed there): per process, handed to loopback pages. */
  private readonly openCsrf = newToken();
  private readonly throttle: FailureThrottle;
  private readonly audit: Log;
  private readonly proxies: TrustedProxies;

  constructor(private readonly options: AccessOptions) {
    this.mode = options.adminKey ? 'protected' : options.loopback ? 'open' : 'locked';
    this.clock = options.clock ?? systemClock;
    this.sessions = options.sessions ?? new MemorySessionStore();
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.keyId = options.adminKey ? keyIdOf(options.adminKey) : 'open';
    this.reviewerKeyId = options.adminKey && options.reviewerKey ? keyIdOf(`reviewer:${options.reviewerKey}`) : undefined;
    this.throttle = new FailureThrottle(FAILURES_PER_MINUTE, 60_000, this.clock);
    this.audit = options.audit ?? (() => undefined);
    this.proxies = options.proxies ?? TrustedProxies.none;
  }

  /** Who is calling; throws 401, 403 or 429 with a message that says what to do. */
  async authenticate(req: IncomingMessage): Promise<Principal> {
    this.checkHost(req);
    const secret = presentedSecret(req.headers);
    if (secret !== undefined) return this.bearer(req, secret);
    const state = await this.session(req);
    const given = req.headers[CSRF_HEADER];
    // The page's own session, ended by its account's revocation: its next call says so (and the form after).
    if (state && 'ended' in state && typeof given === 'string' && sameSecret(given, state.ended.record.csrfHash)) throw new SwitchyardError('unauthorized', state.ended.why);
    const session = state && 'record' in state ? state.record : undefined;
    if (session) {
      if (typeof given === 'string' && sameSecret(given, session.csrfHash)) {
        if (!SAFE.has(req.method ?? 'GET')) this.checkOrigin(req);
        return { kind: 'admin', name: session.name, via: 'session', role: this.roleOf(session), ...(session.keyId.startsWith(ACCOUNT_SESSION) ? { personal: true } : {}) };
      }
      // A cookie without its page's token is a copy (or a page that lost it): it proves nothing.
      if (this.mode !== 'open') this.checkCsrf(req, session.csrfHash);
    }
    if (this.mode === 'open') {
      if (!SAFE.has(req.method ?? 'GET')) {
        this.checkOrigin(req);
        // A script on this machine has no page to reload: say where its token comes from.
        this.checkCsrf(req, sha256(this.openCsrf, 'hex'), `from a script, send the "csrf" of GET /api/session as ${CSRF_HEADER} (or set server.admin_key and send it as "Authorization: Bearer <key>")`);
      }
      return { kind: 'admin', name: 'local', via: 'open', role: 'admin' };
    }
    if (this.mode === 'locked') {
      throw new SwitchyardError('forbidden', 'the admin API is off: this server listens beyond loopback and no server.admin_key is configured');
    }
    // `Authorization: <admin key>` (no scheme) from a script: the key was sent, in the wrong form.
    const unread = unreadKey(req.headers);
    throw new SwitchyardError('unauthorized', unread ? `${unread}: send the admin key as "Authorization: Bearer <key>"` : 'sign in to the dashboard, or send the admin key as "Authorization: Bearer <key>"');
  }

  /**
   * For GET /api/session: the mode and who is signed in. A session counts only with its CSRF
   * token in the header (the page keeps it), so a copied cookie learns nothing here either.
   */
  async describe(req: IncomingMessage): Promise<{ mode: AccessMode; name: string | null; csrf: string | null; role: AdminRole | null; personal?: boolean; ended?: string }> {
    this.checkHost(req);
    const state = await this.session(req);
    const given = req.headers[CSRF_HEADER];
    const signedIn = typeof given === 'string' && state !== undefined && sameSecret(given, 'record' in state ? state.record.csrfHash : state.ended.record.csrfHash);
    if (signedIn && 'record' in state) {
      const personal = state.record.keyId.startsWith(ACCOUNT_SESSION);
      return { mode: this.mode, name: state.record.name, csrf: given, role: this.roleOf(state.record), ...(personal ? { personal } : {}) };
    }
    const signedOut = { mode: this.mode, name: null, csrf: this.mode === 'open' ? this.openCsrf : null, role: this.mode === 'open' ? ('admin' as const) : null };
    // Why the page's session ended, for its sign-in form: "reviewer "ana" was revoked at … by …".
    return signedIn && 'ended' in state ? { ...signedOut, ended: state.ended.why } : signedOut;
  }

  /**
   * Checks the password (the admin key; in open mode a personal reviewer key, or anything else, ignored),
   * ends the session the browser had (a new token at every sign-in) and opens a new one.
   */
  async login(req: IncomingMessage, typed: string, password: string): Promise<{ cookie: string; csrf: string; role: AdminRole; name: string; personal: boolean }> {
    this.checkHost(req);
    this.checkOrigin(req);
    if (this.mode === 'locked') throw new SwitchyardError('forbidden', 'the admin API is off: configure server.admin_key to sign in from the network');
    const client = this.proxies.clientOf(req);
    this.throttle.check(client.address);
    const account = await this.personalAccount(password, client.address, `sign-in from ${whereFrom(client)}`);
    // Open mode takes a name (any password is ignored), or a personal key to sign in as its account:
    // one that is no account's is mistyped, and must not sign its holder in as an admin by the typed name.
    if (this.mode === 'open' && !account && password.startsWith(PERSONAL_KEY_PREFIX)) {
      this.throttle.fail(client.address);
      throw new SwitchyardError('unauthorized', 'this is not a personal reviewer key of this gateway: check it, or leave the key empty to sign in by name');
    }
    const role: AdminRole = account || (this.mode === 'protected' && !this.isAdminKey(password) && this.isReviewerKey(password)) ? 'reviewer' : 'admin';
    if (this.mode === 'protected' && !account && role === 'admin' && !this.isAdminKey(password)) {
      this.throttle.fail(client.address);
      this.audit(`admin sign-in refused: wrong admin key from ${whereFrom(client)}`, { level: 'warn' });
      const kinds = [this.reviewerKeyId ? 'reviewer key' : '', this.options.reviewers ? 'personal reviewer key' : ''].filter(Boolean);
      throw new SwitchyardError('unauthorized', kinds.length ? `wrong admin key${kinds.length === 2 ? `, ${kinds[0]}` : ''} or ${kinds.at(-1)}` : 'wrong admin key');
    }
    const name = account ? this.accountName(account, typed) : await this.typedName(typed, 'name');
    const previous = this.tokenOf(req);
    if (previous) await this.sessions.revoke(sha256(previous, 'hex'));
    const now = this.clock.now();
    await this.sessions.purge(now, now - this.idleMs);
    const token = newToken();
    const csrf = newToken();
    const keyId = account ? reviewerAccountId(account) : role === 'reviewer' ? (this.reviewerKeyId as string) : this.keyId;
    await this.sessions.create({ id: sha256(token, 'hex'), csrfHash: sha256(csrf, 'hex'), name, keyId, createdAt: now, lastSeenAt: now, expiresAt: now + this.maxAgeMs });
    this.audit(`${role} sign-in: ${JSON.stringify(name)}${account ? ` with their personal key ${account.prefix}…` : ''} from ${whereFrom(client)}`);
    const secure = client.https ? '; Secure' : '';
    return { cookie: `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(this.maxAgeMs / 1000)}${secure}`, csrf, role, name, personal: account !== undefined };
  }

  /** Ends the caller's session in the store (a replayed copy of the cookie is refused after) and returns the cookie that clears it. */
  async logout(req: IncomingMessage): Promise<string> {
    const token = this.tokenOf(req);
    if (token) {
      const record = await this.sessions.get(sha256(token, 'hex'));
      if (record && (await this.sessions.revoke(record.id))) this.audit(`admin sign-out: ${JSON.stringify(record.name)} from ${whereFrom(this.proxies.clientOf(req))}`);
    }
    return `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
  }

  /** Ends every session, on every replica ("sign out everywhere"); how many ended. */
  async revokeAll(by: string): Promise<number> {
    const count = await this.sessions.revokeAll();
    this.audit(`admin signed out everywhere by ${JSON.stringify(by)}: ${countOf(count, 'session')} ended`);
    return count;
  }

  /** Live sessions of the current admin key, for the sessions list (no token or hash leaves). */
  async list(): Promise<{ name: string; createdAt: number; lastSeenAt: number; expiresAt: number }[]> {
    const now = this.clock.now();
    const live = (await this.sessions.list()).filter((r) => this.isLive(r, now));
    // A revoked account's sessions are over, though their rows wait to tell the page why.
    const accounts = live.some((r) => r.keyId.startsWith(ACCOUNT_SESSION)) && this.options.reviewers ? await this.options.reviewers.list() : [];
    const active = new Set(accounts.filter((a) => a.revokedAt === null).flatMap(reviewerSessionIds));
    return live
      .filter((r) => !r.keyId.startsWith(ACCOUNT_SESSION) || active.has(r.keyId))
      .map((r) => ({ name: r.name, createdAt: r.createdAt, lastSeenAt: r.lastSeenAt, expiresAt: Math.min(r.expiresAt, r.lastSeenAt + this.idleMs) }));
  }

  private async bearer(req: IncomingMessage, secret: string): Promise<Principal> {
    const client = this.proxies.clientOf(req);
    this.throttle.check(client.address);
    const header = req.headers['x-switchyard-reviewer'];
    // Only a name sent is looked up: the defaults ("admin", "reviewer") are no account's (ReviewerManager reserves them).
    const sent = async (absent: string) => (header === undefined ? absent : this.typedName(reviewerOf(header, absent), 'x-switchyard-reviewer'));
    if (this.isAdminKey(secret)) return { kind: 'admin', name: await sent('admin'), via: 'bearer', role: 'admin' };
    if (this.isReviewerKey(secret)) return { kind: 'admin', name: await sent('reviewer'), via: 'bearer', role: 'reviewer' };
    const key = this.options.keys.find(secret);
    if (key) return { kind: 'key', key };
    const account = await this.personalAccount(secret, client.address, `call from ${whereFrom(client)}`);
    if (account) return { kind: 'admin', name: this.accountName(account, asSentUtf8(typeof header === 'string' ? header : '').trim(), 'x-switchyard-reviewer'), via: 'bearer', role: 'reviewer', personal: true };
    this.throttle.fail(client.address);
    this.audit(`admin API refused a key from ${whereFrom(client)}`, { level: 'warn' });
    // A revoked key's secret, or one a rotation replaced, reading its traces: told so, as on /v1.
    const retired = this.options.keys.retiredSecret(secret);
    if (retired) throw invalidApiKey(secret, retired);
    throw new SwitchyardError('unauthorized', 'the presented key is neither the admin key nor a virtual key of this gateway');
  }

  private isAdminKey(secret: string): boolean {
    const key = this.options.adminKey;
    return key !== undefined && sameSecret(secret, sha256(key, 'hex'));
  }

  /** Whether `server.reviewer_key` is set: the sign-in form names it beside the admin key. */
  get hasReviewerKey(): boolean {
    return this.reviewerKeyId !== undefined;
  }

  private isReviewerKey(secret: string): boolean {
    const key = this.options.reviewerKey;
    return this.reviewerKeyId !== undefined && key !== undefined && sameSecret(secret, sha256(key, 'hex'));
  }

  private roleOf(record: SessionRecord): AdminRole {
    return record.keyId.startsWith(ACCOUNT_SESSION) || (this.reviewerKeyId !== undefined && record.keyId === this.reviewerKeyId) ? 'reviewer' : 'admin';
  }

  /**
   * The reviewer account a personal key (`sk-rv-…`) belongs to, or undefined for any other secret
   * (nothing is looked up for those). A revoked account's key is a 401 that says so, counted
   * against the client's failures like a wrong key.
   */
  private async personalAccount(secret: string, address: string, what: string): Promise<StoredReviewer | undefined> {
    const reviewers = this.options.reviewers;
    if (!reviewers || !secret.startsWith(PERSONAL_KEY_PREFIX)) return undefined;
    const hash = hashKey(secret);
    const account = await reviewers.byHash(hash);
    if (account?.revokedAt === null) return account;
    if (account) {
      this.throttle.fail(address);
      this.audit(`reviewer ${what} refused: ${JSON.stringify(account.name)}'s personal key ${account.prefix}… is revoked`, { level: 'warn' });
      throw new SwitchyardError('unauthorized', `this personal key is revoked: ${revokedNote(account)}`);
    }
    // Only a key that was an account's is told whose: any other secret gets the general refusal.
    const replaced = await reviewers.replacedKey(hash);
    if (!replaced) return undefined;
    this.throttle.fail(address);
    const { account: owner, replacedAt, replacedBy } = replaced;
    this.audit(`reviewer ${what} refused: a personal key of ${JSON.stringify(owner.name)} that a rotation replaced at ${new Date(replacedAt).toISOString()}`, { level: 'warn' });
    throw new SwitchyardError(
      'unauthorized',
      owner.revokedAt !== null ? `this personal key is revoked: ${revokedNote(owner)}` : `this personal key was replaced: ${rotatedNote({ name: owner.name, rotatedAt: replacedAt, rotatedBy: replacedBy })}`,
    );
  }

  /** A personal key signs as its account: a different name typed beside it is a mistake, said so. */
  private accountName(account: StoredReviewer, typed: string, param = 'name'): string {
    if (typed !== '' && typed !== account.name) {
      throw new SwitchyardError('invalid_request', `${param} ${quoteClipped(typed)} is not this personal key's reviewer: the key signs in as ${quoteClipped(account.name)}; leave ${param} empty or send ${quoteClipped(account.name)}`, { param });
    }
    return account.name;
  }

  /**
   * A name typed beside the admin key, `server.reviewer_key` or in open mode: required, and never
   * a reviewer account's (revoked ones too), so what is signed with an account's name is its own.
   */
  private async typedName(name: string, param: 'name' | 'x-switchyard-reviewer'): Promise<string> {
    if (name === '') throw new SwitchyardError('invalid_request', 'name is required: reviews are signed with it (got "")', { param });
    // As read, not byte for byte: "ANA" typed beside the shared key would pass for account "ana" on every page.
    const account = this.options.reviewers && (await this.options.reviewers.list()).find((r) => sameReader(r.name) === sameReader(name));
    if (account) {
      const whose = account.name === name ? 'is' : `reads as ${quoteClipped(account.name)}, which is`;
      throw new SwitchyardError('invalid_request', `${param} ${quoteClipped(name)} ${whose} a reviewer account's: reviews signed ${quoteClipped(account.name)} are that person's alone, who signs in with their personal key; type another name`, { status: 409, param });
    }
    return name;
  }

  private isLive(record: SessionRecord, now: number): boolean {
    return this.isCurrentKey(record) && !this.isOver(record, now);
  }

  /** Signed in with the admin key (or the reviewer key) this process has: a changed key ends them. */
  private isCurrentKey(record: SessionRecord): boolean {
    // An account's session is checked against the account itself (`accountEnded`), whatever the keys.
    if (record.keyId.startsWith(ACCOUNT_SESSION)) return this.options.reviewers !== undefined;
    return record.keyId === this.keyId || (this.reviewerKeyId !== undefined && record.keyId === this.reviewerKeyId);
  }

  private isOver(record: SessionRecord, now: number): boolean {
    return record.expiresAt <= now || record.lastSeenAt < now - this.idleMs;
  }

  private tokenOf(req: IncomingMessage): string | undefined {
    const token = cookies(req).get(COOKIE);
    return token && TOKEN.test(token) ? token : undefined;
  }

  /**
   * The live session the cookie names; an ended one is deleted on sight. A session whose reviewer
   * account was revoked is kept, as `ended` with why, so the page's next calls and its sign-in form
   * can say so (sign-in, sign-out and the idle purge delete it).
   */
  private async session(req: IncomingMessage): Promise<{ record: SessionRecord } | { ended: { record: SessionRecord; why: string } } | undefined> {
    if (this.mode === 'locked') return undefined;
    const token = this.tokenOf(req);
    if (!token) return undefined;
    const record = await this.sessions.get(sha256(token, 'hex'));
    if (!record) return undefined;
    const now = this.clock.now();
    if (!this.isLive(record, now)) {
      await this.sessions.revoke(record.id);
      return undefined;
    }
    const why = await this.accountEnded(record);
    if (why) return { ended: { record, why } };
    if (now - record.lastSeenAt >= TOUCH_EVERY_MS) await this.sessions.touch(record.id, now);
    return { record };
  }

  /**
   * Why a reviewer account's session is over (revoked, or the account is not the one it was opened
   * with), read from the shared store on each call: a revocation on any replica ends it at its next.
   */
  private async accountEnded(record: SessionRecord): Promise<string | undefined> {
    if (!record.keyId.startsWith(ACCOUNT_SESSION) || !this.options.reviewers) return undefined;
    const account = await this.options.reviewers.get(record.name);
    if (account?.revokedAt !== null && account?.revokedAt !== undefined) return `your session ended: ${revokedNote(account)}`;
    if (account && reviewerSessionIds(account).includes(record.keyId)) return undefined;
    // Opened with a key the account no longer has (a rotation), or by an account that is not this one.
    if (account?.rotatedAt) return `your session ended: ${rotatedNote(account)}`;
    return `your session ended: reviewer account ${quoteClipped(record.name)} is gone; ask an admin for a new one`;
  }

  private checkHost(req: IncomingMessage): void {
    if (this.mode !== 'open') return;
    const host = hostName(req).toLowerCase();
    if (!LOOPBACK_HOSTS.has(host) && !host.endsWith('.localhost')) {
      throw new SwitchyardError('forbidden', `the open admin API answers only to loopback host names, not ${quoteClipped(host)}; configure server.admin_key to use another name`);
    }
  }

  private checkOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null') {
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = '';
      }
      if (originHost !== req.headers.host) throw new SwitchyardError('forbidden', `cross-origin request from ${terminalText(clip(origin, 100))} refused`);
    } else if (origin === 'null') throw new SwitchyardError('forbidden', 'cross-origin request from an opaque origin refused');
    if (req.headers['sec-fetch-site'] === 'cross-site') throw new SwitchyardError('forbidden', 'cross-site request refused');
  }

  private checkCsrf(req: IncomingMessage, expectedHash: string, forScripts = 'a script sends the admin key as "Authorization: Bearer <key>" instead'): void {
    const given = req.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, expectedHash)) {
      throw new SwitchyardError('forbidden', `missing or wrong ${CSRF_HEADER} header: reload the dashboard, or sign in again; ${forScripts}`);
    }
  }
}

/**
 * Who signs what is done with the admin key: `x-switchyard-reviewer`, read as the UTF-8 that curl
 * and HTTP libraries send (Node reads a header's bytes as Latin-1, so "José Müller" was signed
 * "JosÃ© MÃ¼ller"), at most 64 characters; "admin" when absent or blank.
 *
 * @example reviewerOf(Buffer.from('José', 'utf8').toString('latin1')) // 'José'
 */
export function reviewerOf(header: string | string[] | undefined, absent = 'admin'): string {
  const name = asSentUtf8(typeof header === 'string' ? header : '').trim();
  if (name === '') return absent;
  // As a signed-in name: a C1 control (a lone byte 0x9B is a terminal's CSI) or an RLO signed
  // reviews and holds, reordering the page's lists and the 409 that names who holds an item.
  if (/\p{Cc}/u.test(name) || hasBidiControl(name) || hasInvisibleChar(name)) {
    throw new SwitchyardError('invalid_request', `x-switchyard-reviewer must hold no control characters, bidirectional controls or invisible characters (reviews are signed with it), got ${showInvisible(quoteClipped(name))}`, { param: 'x-switchyard-reviewer' });
  }
  return clip(name, 64, '');
}

/** Which key sessions belong to, derived from it so every replica agrees (never the key itself). */
function keyIdOf(secret: string): string {
  return createHmac('sha256', secret).update('switchyard-session-key-id').digest('hex').slice(0, 32);
}

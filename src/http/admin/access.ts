import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Clock, systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { type KeyRegistry, presentedSecret, type VirtualKey } from '../../limits/keys.js';

/** Who is calling the admin API. */
export type Principal = { kind: 'admin'; name: string; via: 'session' | 'bearer' | 'open' } | { kind: 'key'; key: VirtualKey };

/**
 * protected: an admin credential is configured; open: none, but bound to loopback, so only this
 * machine reaches it; locked: none and reachable from the network, so only feedback works.
 */
export type AccessMode = 'protected' | 'open' | 'locked';

export interface AccessOptions {
  /** `server.admin_key`: a bearer token for scripts and the password of the login form. */
  adminKey?: string;
  /** Whether the server listens on a loopback address only. */
  loopback: boolean;
  keys: KeyRegistry;
  clock?: Clock;
}

const COOKIE = 'switchyard_session';
const SESSION_MS = 12 * 3_600_000;
const LOGIN_FAILURES_PER_MINUTE = 10;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const b64 = (buffer: Buffer) => buffer.toString('base64url');

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
 * Access control for the admin API and dashboard: admin key as bearer token or login password,
 * an HMAC-signed session cookie (HttpOnly, SameSite=Strict) after login, and CSRF defence in
 * depth for cookie and open-mode calls that change state: a per-session token header, a JSON-only
 * body, and Origin / Sec-Fetch-Site checks. With no credential on loopback it is open, but only
 * under a loopback Host name, which stops DNS-rebinding pages from reaching it.
 *
 * @example
 * const access = new AdminAccess({ adminKey: 'change-me-please', loopback: true, keys });
 * const who = access.authenticate(req); // throws 401/403 SwitchyardErrors
 */
export class AdminAccess {
  readonly mode: AccessMode;
  private readonly secret: Buffer;
  private readonly clock: Clock;
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: AccessOptions) {
    this.mode = options.adminKey ? 'protected' : options.loopback ? 'open' : 'locked';
    this.clock = options.clock ?? systemClock;
    // Derived from the admin key, so sessions survive a restart and die when the key changes.
    this.secret = options.adminKey ? createHmac('sha256', options.adminKey).update('switchyard-session-v1').digest() : randomBytes(32);
  }

  /** Who is calling; throws 401 or 403 with a message that says what to do. */
  authenticate(req: IncomingMessage): Principal {
    this.checkHost(req);
    const secret = presentedSecret(req.headers);
    if (secret !== undefined) {
      if (this.isAdminKey(secret)) return { kind: 'admin', name: String(req.headers['x-switchyard-reviewer'] ?? 'admin').slice(0, 64), via: 'bearer' };
      const key = this.options.keys.find(secret);
      if (key) return { kind: 'key', key };
      throw new SwitchyardError('unauthorized', 'the presented key is neither the admin key nor a virtual key of this gateway');
    }
    const session = this.session(req);
    if (session) {
      this.checkCsrf(req, session.token);
      return { kind: 'admin', name: session.name, via: 'session' };
    }
    if (this.mode === 'open') {
      this.checkCsrf(req, this.csrfFor('open'));
      return { kind: 'admin', name: 'local', via: 'open' };
    }
    if (this.mode === 'locked') {
      throw new SwitchyardError('forbidden', 'the admin API is off: this server listens beyond loopback and no server.admin_key is configured');
    }
    throw new SwitchyardError('unauthorized', 'sign in to the dashboard, or send the admin key as "Authorization: Bearer <key>"');
  }

  /** For GET /api/session: the mode, who is signed in, and the CSRF token their page must send. */
  describe(req: IncomingMessage): { mode: AccessMode; name: string | null; csrf: string | null } {
    this.checkHost(req);
    const session = this.session(req);
    if (session) return { mode: this.mode, name: session.name, csrf: session.token };
    return { mode: this.mode, name: null, csrf: this.mode === 'open' ? this.csrfFor('open') : null };
  }

  /**
   * Checks the password (the admin key; any in open mode, where it only names the reviewer) and
   * returns the Set-Cookie value of a new session.
   */
  login(req: IncomingMessage, name: string, password: string): { cookie: string; csrf: string } {
    this.checkHost(req);
    this.checkOrigin(req);
    if (this.mode === 'locked') throw new SwitchyardError('forbidden', 'the admin API is off: configure server.admin_key to sign in from the network');
    const address = req.socket.remoteAddress ?? '';
    const now = this.clock.now();
    const recent = (this.failures.get(address) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= LOGIN_FAILURES_PER_MINUTE) throw new SwitchyardError('rate_limited', 'too many failed sign-ins from this address; try again in a minute', { retryAfter: 60 });
    if (this.mode === 'protected' && !this.isAdminKey(password)) {
      this.failures.set(address, [...recent, now]);
      throw new SwitchyardError('unauthorized', 'wrong admin key');
    }
    const payload = b64(Buffer.from(JSON.stringify({ n: name, e: now + SESSION_MS })));
    const value = `${payload}.${this.sign(payload)}`;
    const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
    return { cookie: `${COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MS / 1000}${secure}`, csrf: this.csrfFor(value) };
  }

  logoutCookie(): string {
    return `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
  }

  private isAdminKey(secret: string): boolean {
    const key = this.options.adminKey;
    return key !== undefined && timingSafeEqual(sha256(secret), sha256(key));
  }

  private sign(payload: string): string {
    return b64(createHmac('sha256', this.secret).update(payload).digest());
  }

  private csrfFor(sessionValue: string): string {
    return b64(createHmac('sha256', this.secret).update(`csrf:${sessionValue}`).digest()).slice(0, 32);
  }

  private session(req: IncomingMessage): { name: string; token: string } | undefined {
    const value = cookies(req).get(COOKIE);
    if (!value) return undefined;
    const [payload, signature] = value.split('.');
    if (!payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { n, e } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { n: unknown; e: unknown };
      if (typeof n !== 'string' || typeof e !== 'number' || e < this.clock.now()) return undefined;
      return { name: n, token: this.csrfFor(value) };
    } catch {
      return undefined;
    }
  }

  private checkHost(req: IncomingMessage): void {
    if (this.mode !== 'open') return;
    const host = hostName(req).toLowerCase();
    if (!LOOPBACK_HOSTS.has(host) && !host.endsWith('.localhost')) {
      throw new SwitchyardError('forbidden', `the open admin API answers only to loopback host names, not "${host}"; configure server.admin_key to use another name`);
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
      if (originHost !== req.headers.host) throw new SwitchyardError('forbidden', `cross-origin request from ${origin} refused`);
    } else if (origin === 'null') throw new SwitchyardError('forbidden', 'cross-origin request from an opaque origin refused');
    if (req.headers['sec-fetch-site'] === 'cross-site') throw new SwitchyardError('forbidden', 'cross-site request refused');
  }

  private checkCsrf(req: IncomingMessage, token: string): void {
    if (SAFE.has(req.method ?? 'GET')) return;
    this.checkOrigin(req);
    const given = req.headers['x-switchyard-csrf'];
    if (typeof given !== 'string' || given.length !== token.length || !timingSafeEqual(Buffer.from(given), Buffer.from(token))) {
      throw new SwitchyardError('forbidden', 'missing or wrong x-switchyard-csrf header: reload the dashboard');
    }
  }
}

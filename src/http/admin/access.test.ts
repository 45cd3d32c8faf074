import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { MemorySessionStore } from '../../core/memory-session-store.js';
import { SwitchyardError } from '../../core/errors.js';
import { KeyRegistry, toVirtualKey } from '../../limits/keys.js';
import { AdminAccess, type AccessOptions } from './access.js';
import { FailureThrottle } from './failure-throttle.js';
import { TrustedProxies } from '../client-address.js';

const ADMIN = 'admin-key-123456';
const HOUR = 3_600_000;
const keys = new KeyRegistry([toVirtualKey({ key: 'sk-sy-web-000001', name: 'web' })]);

/** A request as AdminAccess sees it: headers, a method and the client's address. */
function req(headers: Record<string, string> = {}, method = 'GET', address = '10.0.0.1'): IncomingMessage {
  return { headers: { host: '127.0.0.1:4000', ...headers }, method, socket: { remoteAddress: address } } as unknown as IncomingMessage;
}

function access(options: Partial<AccessOptions> = {}) {
  const clock = { now: () => 1_700_000_000_000 };
  const sessions = new MemorySessionStore();
  const audit: string[] = [];
  const made = new AdminAccess({ adminKey: ADMIN, loopback: true, keys, sessions, clock, audit: (l) => audit.push(l), ...options });
  return { access: made, clock, sessions, audit };
}

async function refusal(promise: Promise<unknown>): Promise<SwitchyardError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SwitchyardError);
  return error as SwitchyardError;
}

async function signIn(a: AdminAccess, name = 'ana', headers: Record<string, string> = {}) {
  const { cookie, csrf } = await a.login(req(headers, 'POST'), name, ADMIN);
  const pair = cookie.split(';')[0] as string;
  return { cookie, csrf, page: { cookie: pair, 'x-switchyard-csrf': csrf } };
}

describe('AdminAccess modes', () => {
  it('is protected with a key, open on loopback without one, locked beyond loopback', () => {
    expect(access().access.mode).toBe('protected');
    expect(access({ adminKey: undefined }).access.mode).toBe('open');
    expect(access({ adminKey: undefined, loopback: false }).access.mode).toBe('locked');
  });

  it('open: answers loopback host names only, so a DNS-rebinding page is refused', async () => {
    const { access: a } = access({ adminKey: undefined });
    for (const host of ['localhost:4000', '127.0.0.1', '[::1]:4000', 'LOCALHOST', 'dash.localhost:4000']) {
      expect(await a.authenticate(req({ host }))).toEqual({ kind: 'admin', name: 'local', via: 'open', role: 'admin' });
    }
    for (const host of ['evil.example:4000', '127.0.0.2', 'localhost.evil.example']) {
      const error = await refusal(a.authenticate(req({ host })));
      expect(error.status).toBe(403);
      expect(error.message).toContain(`not "${host.split(':')[0]?.toLowerCase()}"`);
    }
    // Protected mode checks credentials instead of host names.
    expect((await access().access.authenticate(req({ host: 'gw.example', authorization: `Bearer ${ADMIN}` }))).kind).toBe('admin');
  });

  it('open: changes need the page token, reads do not', async () => {
    const { access: a } = access({ adminKey: undefined });
    const { csrf } = await a.describe(req());
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const refused = await refusal(a.authenticate(req({}, 'POST')));
    expect(refused.status).toBe(403);
    // A curl user has no dashboard to reload: the refusal says where a script gets the token.
    expect(refused.message).toContain('from a script, send the "csrf" of GET /api/session as x-switchyard-csrf');
    expect(await a.authenticate(req({ 'x-switchyard-csrf': csrf as string }, 'POST'))).toMatchObject({ via: 'open' });
    expect((await refusal(a.authenticate(req({ 'x-switchyard-csrf': csrf as string, origin: 'http://evil.example' }, 'POST')))).message).toContain('cross-origin');
  });

  it('open: a named session works with its token, and a cookie without it falls back to open access', async () => {
    const { access: a } = access({ adminKey: undefined });
    const { page, cookie } = await a.login(req({}, 'POST'), 'ana', 'anything').then((r) => ({ cookie: r.cookie.split(';')[0] as string, page: { cookie: r.cookie.split(';')[0] as string, 'x-switchyard-csrf': r.csrf } }));
    expect(await a.authenticate(req(page))).toEqual({ kind: 'admin', name: 'ana', via: 'session', role: 'admin' });
    expect(await a.authenticate(req({ cookie }))).toEqual({ kind: 'admin', name: 'local', via: 'open', role: 'admin' });
  });

  it('locked: refuses everything but says what to configure', async () => {
    const { access: a } = access({ adminKey: undefined, loopback: false });
    expect((await refusal(a.authenticate(req()))).message).toContain('no server.admin_key is configured');
    expect((await refusal(a.login(req({}, 'POST'), 'ana', 'x'))).message).toContain('configure server.admin_key');
    expect(await a.describe(req())).toEqual({ mode: 'locked', name: null, csrf: null, role: null });
  });

  it('protected: nothing presented is a 401 that says how to sign in', async () => {
    const error = await refusal(access().access.authenticate(req()));
    expect(error.status).toBe(401);
    expect(error.message).toContain('Authorization: Bearer');
    // The admin key without its scheme: said so (was the same "sign in to the dashboard"), never echoed.
    const bare = await refusal(access().access.authenticate(req({ authorization: ADMIN })));
    expect([bare.status, bare.message]).toEqual([401, 'the Authorization header holds a key without the "Bearer " scheme in front of it: send the admin key as "Authorization: Bearer <key>"']);
  });
});

describe('AdminAccess credentials', () => {
  it('takes the admin key as Bearer, naming the reviewer from a header (at most 64 characters)', async () => {
    const { access: a } = access();
    expect(await a.authenticate(req({ authorization: `Bearer ${ADMIN}` }))).toEqual({ kind: 'admin', name: 'admin', via: 'bearer', role: 'admin' });
    expect(await a.authenticate(req({ authorization: `Bearer ${ADMIN}`, 'x-switchyard-reviewer': 'x'.repeat(100) }))).toMatchObject({ name: 'x'.repeat(64) });
    // Node reads a header's bytes as Latin-1: a lone 0x9B is U+009B (a terminal's CSI), an RLO arrives as
    // its UTF-8. Each signed reviews and holds (helper hostile11); now a 400 naming the header, the value escaped.
    // A zero-width space: "ana\u200b" signed as ana to every eye.
    for (const [sent, shown] of [['ana\u009b31m', '"ana\\u009b31m"'], [Buffer.from('ana\u202enimda', 'utf8').toString('latin1'), '"ana\\u202enimda"'], [Buffer.from('ana\u200b', 'utf8').toString('latin1'), '"ana\\u200b"']] as const) {
      const odd = await refusal(a.authenticate(req({ authorization: `Bearer ${ADMIN}`, 'x-switchyard-reviewer': sent })));
      expect([odd.status, odd.message]).toEqual([400, `x-switchyard-reviewer must hold no control characters, bidirectional controls or invisible characters (reviews are signed with it), got ${shown}`]);
    }
    expect(await a.authenticate(req({ authorization: `Bearer ${ADMIN}`, 'x-switchyard-reviewer': Buffer.from('José Müller', 'utf8').toString('latin1') }))).toMatchObject({ name: 'José Müller' });
    expect(await a.authenticate(req({ 'x-api-key': 'sk-sy-web-000001' }))).toMatchObject({ kind: 'key', key: { name: 'web' } });
    const wrong = await refusal(a.authenticate(req({ authorization: `Bearer ${ADMIN}x` })));
    expect(wrong.status).toBe(401);
    expect(wrong.message).not.toContain(ADMIN);
  });

  it('sets a cookie that scripts cannot read and other sites do not send, Secure behind HTTPS', async () => {
    const { access: a } = access({ maxAgeMs: 2 * HOUR });
    const plain = await signIn(a);
    expect(plain.cookie).toMatch(/^switchyard_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=7200$/);
    expect((await signIn(a, 'ana', { 'x-forwarded-proto': 'https' })).cookie).toMatch(/; Secure$/);
    expect(plain.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(plain.csrf).not.toBe(plain.cookie.split(';')[0]?.split('=')[1]);
  });

  it('refuses a sign-in from another origin, an opaque origin or a cross-site fetch', async () => {
    const { access: a } = access();
    const cases: [Record<string, string>, string][] = [
      [{ origin: 'http://evil.example' }, 'cross-origin request from http://evil.example'],
      [{ origin: 'null' }, 'opaque origin'],
      [{ origin: 'not a url' }, 'cross-origin'],
      [{ 'sec-fetch-site': 'cross-site' }, 'cross-site request refused'],
    ];
    for (const [headers, message] of cases) expect((await refusal(a.login(req(headers, 'POST'), 'ana', ADMIN))).message).toContain(message);
    expect((await signIn(a, 'ana', { origin: 'http://127.0.0.1:4000', 'sec-fetch-site': 'same-origin' })).csrf).toBeTruthy();
    // An Origin of 10 kB holding an RLO was echoed whole into the message (and what logs it).
    const long = (await refusal(a.login(req({ origin: `http://e\u202evil.example/${'x'.repeat(10_000)}` }, 'POST'), 'ana', ADMIN))).message;
    expect(long).toMatch(/^cross-origin request from http:\/\/e\\u202evil\.example\/x+… refused$/);
    expect(long.length).toBeLessThan(160);
  });

  it('checks the origin of session changes, not of reads', async () => {
    const { access: a } = access();
    const { page } = await signIn(a);
    expect((await a.authenticate(req({ ...page, origin: 'http://evil.example' }))).kind).toBe('admin');
    expect((await refusal(a.authenticate(req({ ...page, origin: 'http://evil.example' }, 'DELETE')))).status).toBe(403);
    expect((await a.authenticate(req({ ...page, origin: 'http://127.0.0.1:4000' }, 'DELETE'))).kind).toBe('admin');
  });

  it('never asks the store about a cookie that is not a token', async () => {
    const { access: a, sessions } = access();
    const get = vi.spyOn(sessions, 'get');
    for (const cookie of ['switchyard_session=short', `switchyard_session=${'a'.repeat(42)}!`, `switchyard_session=${'a'.repeat(44)}`, 'other=x']) await refusal(a.authenticate(req({ cookie })));
    expect(get).not.toHaveBeenCalled();
    await refusal(a.authenticate(req({ cookie: `switchyard_session=${'a'.repeat(43)}` })));
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('records activity at most once a minute per session', async () => {
    const { access: a, sessions, clock } = access();
    const { page } = await signIn(a);
    const touch = vi.spyOn(sessions, 'touch');
    const start = clock.now();
    for (const offset of [1_000, 30_000, 59_999]) {
      clock.now = () => start + offset;
      await a.authenticate(req(page));
    }
    expect(touch).not.toHaveBeenCalled();
    clock.now = () => start + 60_000;
    await a.authenticate(req(page));
    expect(touch).toHaveBeenCalledTimes(1);
    expect((await sessions.list())[0]?.lastSeenAt).toBe(start + 60_000);
  });

  it('lists live sessions of the current key only, each ending at its idle or absolute limit', async () => {
    const { access: a, sessions, clock } = access({ idleMs: HOUR, maxAgeMs: 3 * HOUR });
    const t0 = clock.now();
    await signIn(a, 'ana');
    await sessions.create({ id: 'x'.repeat(64), csrfHash: '0'.repeat(64), name: 'old key', keyId: 'another', createdAt: t0, lastSeenAt: t0, expiresAt: t0 + HOUR });
    await sessions.create({ id: 'y'.repeat(64), csrfHash: '0'.repeat(64), name: 'ended', keyId: 'another', createdAt: t0 - 5 * HOUR, lastSeenAt: t0, expiresAt: t0 });
    expect(await a.list()).toEqual([{ name: 'ana', createdAt: t0, lastSeenAt: t0, expiresAt: t0 + HOUR }]);
    clock.now = () => t0 + 2.5 * HOUR;
    expect(await a.list()).toEqual([]);
  });

  it('ends every session at once and says so in the audit log', async () => {
    const { access: a, audit } = access();
    const one = await signIn(a, 'ana');
    await signIn(a, 'bo');
    expect(await a.revokeAll('ana')).toBe(2);
    expect(audit.at(-1)).toBe('admin signed out everywhere by "ana": 2 sessions ended');
    expect((await refusal(a.authenticate(req(one.page)))).status).toBe(401);
  });

  it('signs out only a session that exists, and always clears the cookie', async () => {
    const { access: a, audit } = access();
    const { page } = await signIn(a);
    expect(await a.logout(req({ cookie: page.cookie }))).toBe('switchyard_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
    expect(audit.filter((l) => l.startsWith('admin sign-out'))).toEqual(['admin sign-out: "ana" from 10.0.0.1']);
    await a.logout(req({ cookie: page.cookie }));
    await a.logout(req());
    expect(audit.filter((l) => l.startsWith('admin sign-out'))).toHaveLength(1);
  });

  it('describes a session only to the page holding its token', async () => {
    const { access: a } = access();
    const { page } = await signIn(a);
    expect(await a.describe(req(page))).toEqual({ mode: 'protected', name: 'ana', csrf: page['x-switchyard-csrf'], role: 'admin' });
    expect(await a.describe(req({ cookie: page.cookie, 'x-switchyard-csrf': 'A'.repeat(43) }))).toEqual({ mode: 'protected', name: null, csrf: null, role: null });
  });
});

describe('AdminAccess behind a load balancer', () => {
  const LB = '10.0.0.2';
  const wrongKey = (a: AdminAccess, forwardedFor: string, peer = LB) => refusal(a.authenticate(req({ authorization: `Bearer ${ADMIN}x`, 'x-forwarded-for': forwardedFor }, 'GET', peer)));
  const rightKey = (a: AdminAccess, forwardedFor: string, peer = LB) => a.authenticate(req({ authorization: `Bearer ${ADMIN}`, 'x-forwarded-for': forwardedFor }, 'GET', peer));

  it('counts failures per forwarded client through a trusted proxy, naming both in the audit line', async () => {
    const { access: a, audit } = access({ proxies: new TrustedProxies(['10.0.0.0/8']) });
    for (let i = 0; i < 10; i++) expect((await wrongKey(a, '203.0.113.7')).status).toBe(401);
    expect((await wrongKey(a, '203.0.113.7')).status).toBe(429);
    // A guesser who writes another address at the left is still the address the proxy appended.
    expect((await wrongKey(a, '198.51.100.1, 203.0.113.7')).status).toBe(429);
    // Another admin behind the same proxy is not locked out.
    expect(await rightKey(a, '203.0.113.8')).toMatchObject({ kind: 'admin' });
    expect(audit[0]).toBe('admin API refused a key from 203.0.113.7 via 10.0.0.2');
  });

  it('counts the peer when the peer is not a trusted proxy, whatever it forwards', async () => {
    const { access: a } = access({ proxies: new TrustedProxies(['10.0.0.0/8']) });
    for (let i = 0; i < 10; i++) await wrongKey(a, `203.0.113.${i}`, '198.51.100.9');
    expect((await refusal(rightKey(a, '203.0.113.200', '198.51.100.9'))).status).toBe(429);
  });

  it('without trusted proxies, counts the peer: every admin behind one proxy shares its bucket', async () => {
    const { access: a, audit } = access();
    for (let i = 0; i < 10; i++) await wrongKey(a, '203.0.113.7');
    expect((await refusal(rightKey(a, '203.0.113.8'))).status).toBe(429);
    expect(audit[0]).toBe('admin API refused a key from 10.0.0.2');
  });

  it('sets Secure on the cookie when a trusted proxy says HTTPS, not when another peer does', async () => {
    const { access: a } = access({ proxies: new TrustedProxies(['10.0.0.0/8']) });
    const via = async (peer: string) => (await a.login(req({ 'x-forwarded-proto': 'https' }, 'POST', peer), 'ana', ADMIN)).cookie;
    expect(await via(LB)).toMatch(/; Secure$/);
    expect(await via('198.51.100.9')).not.toContain('Secure');
  });
});

describe('FailureThrottle', () => {
  it('refuses an address after `limit` failures in the window, with the seconds until the oldest leaves it', () => {
    let now = 0;
    const throttle = new FailureThrottle(3, 60_000, { now: () => now });
    for (const t of [0, 10_000, 20_000]) {
      now = t;
      throttle.check('a');
      throttle.fail('a');
    }
    now = 30_000;
    const error = (() => {
      try {
        throttle.check('a');
      } catch (e) {
        return e as SwitchyardError;
      }
      return undefined;
    })();
    expect(error?.status).toBe(429);
    expect(error?.retryAfter).toBe(30);
    expect(error?.message).toContain('try again in 30 s');
    throttle.check('b');
    now = 60_000;
    throttle.check('a');
  });

  it('forgets the oldest addresses past 10,000, so a flood of addresses cannot grow memory', () => {
    const throttle = new FailureThrottle(1, 60_000, { now: () => 0 });
    throttle.fail('first');
    for (let i = 0; i < 10_000; i++) throttle.fail(`addr-${i}`);
    throttle.check('first');
    expect(() => throttle.check('addr-0')).toThrow(/too many failed/);
    expect(() => throttle.check('addr-9999')).toThrow(/too many failed/);
  });
});

describe('AdminAccess edges', () => {
  it('reads the session cookie among others, with spaces around them', async () => {
    const { access: a } = access();
    const { page } = await signIn(a);
    const cookie = `theme=dark;  ${page.cookie} ; other=a=b`;
    expect(await a.authenticate(req({ cookie, 'x-switchyard-csrf': page['x-switchyard-csrf'] }))).toMatchObject({ via: 'session' });
  });

  it('treats a request without method, host or address as a GET from an unknown client', async () => {
    const { access: a, audit } = access();
    const bare = { headers: {}, socket: {} } as unknown as IncomingMessage;
    expect((await refusal(a.authenticate(bare))).status).toBe(401);
    const { page } = await signIn(a);
    expect(await a.authenticate({ headers: page, socket: {} } as unknown as IncomingMessage)).toMatchObject({ via: 'session' });
    await refusal(a.login(bare, 'ana', 'wrong-key-000'));
    expect(audit.at(-1)).toBe('admin sign-in refused: wrong admin key from unknown');
    const open = access({ adminKey: undefined }).access;
    expect((await refusal(open.authenticate(bare))).message).toContain('not ""');
  });

  it('answers each refusal with its status and code', async () => {
    const { access: a, audit } = access();
    const wrongLogin = await refusal(a.login(req({}, 'POST'), 'ana', 'wrong-key-000'));
    expect([wrongLogin.status, wrongLogin.code, wrongLogin.message]).toEqual([401, 'unauthorized', 'wrong admin key']);
    const wrongKey = await refusal(a.authenticate(req({ authorization: 'Bearer sk-nobody-00000' })));
    expect([wrongKey.status, wrongKey.code, wrongKey.message]).toEqual([401, 'unauthorized', 'the presented key is neither the admin key nor a virtual key of this gateway']);
    expect(audit.at(-1)).toBe('admin API refused a key from 10.0.0.1');
    const opaque = await refusal(a.login(req({ origin: 'null' }, 'POST'), 'ana', ADMIN));
    expect([opaque.status, opaque.code]).toEqual([403, 'forbidden']);
    const crossSite = await refusal(a.login(req({ 'sec-fetch-site': 'cross-site' }, 'POST'), 'ana', ADMIN));
    expect([crossSite.status, crossSite.code]).toEqual([403, 'forbidden']);
    const locked = access({ adminKey: undefined, loopback: false }).access;
    for (const error of [await refusal(locked.authenticate(req())), await refusal(locked.login(req({}, 'POST'), 'ana', 'x'))]) expect([error.status, error.code]).toEqual([403, 'forbidden']);
  });

  it('open: a wrong Bearer key is a 401, not a crash (there is no admin key to compare with)', async () => {
    const { access: a } = access({ adminKey: undefined });
    const error = await refusal(a.authenticate(req({ authorization: 'Bearer sk-nobody-00000' })));
    expect(error.status).toBe(401);
  });

  it('keeps a session alive up to exactly the idle timeout', async () => {
    const { access: a, clock } = access({ idleMs: HOUR });
    const { page } = await signIn(a);
    const t0 = clock.now();
    clock.now = () => t0 + HOUR;
    expect((await a.authenticate(req(page))).kind).toBe('admin');
    clock.now = () => t0 + 2 * HOUR + 1;
    expect((await refusal(a.authenticate(req(page)))).status).toBe(401);
  });

  it('locked: a session opened while the server was open on loopback opens nothing once it is reachable from the network', async () => {
    const { access: open, sessions, clock } = access({ adminKey: undefined });
    const { cookie, csrf } = await open.login(req({}, 'POST'), 'ana', 'x');
    const page = { cookie: cookie.split(';')[0] as string, 'x-switchyard-csrf': csrf };
    expect(await open.authenticate(req(page))).toMatchObject({ via: 'session' });
    const locked = new AdminAccess({ loopback: false, keys, sessions, clock });
    expect((await refusal(locked.authenticate(req(page)))).status).toBe(403);
    expect(await locked.describe(req(page))).toMatchObject({ name: null });
  });
});

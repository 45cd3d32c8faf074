import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../core/session-store.js';
import { KeyRegistry } from '../../limits/keys.js';
import { forEachBackend } from '../../store/contract/backends.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { createAdminApi } from '../admin-api.js';

const ADMIN = 'admin-key-123456';
const HOUR = 3_600_000;
const servers: Server[] = [];
let now = 1_700_000_000_000;

interface Options {
  adminKey?: string;
  sessions?: SessionStore;
  idleMs?: number;
  maxAgeMs?: number;
  audit?: string[];
}

/** An admin API on a port of its own; several on one session store act as replicas. */
async function start(options: Options = {}) {
  const stores = openSqliteStores(':memory:');
  const admin = createAdminApi({
    store: stores.traces,
    keys: new KeyRegistry([]),
    adminKey: 'adminKey' in options ? options.adminKey : ADMIN,
    sessions: options.sessions ?? stores.sessions,
    sessionIdleMs: options.idleMs,
    sessionMaxAgeMs: options.maxAgeMs,
    audit: (line) => options.audit?.push(line),
    now: () => now,
  });
  const server = createServer((req, res) => void admin(req, res, new URL(req.url ?? '/', 'http://localhost')));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const signIn = async (name = 'ana', password = ADMIN) => {
    const login = await call('POST', '/api/session', {}, { name, password });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    return { cookie, csrf: login.json.csrf as string, page: { cookie, 'x-switchyard-csrf': login.json.csrf as string } };
  };
  return { call, signIn, sessions: options.sessions ?? stores.sessions };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('dashboard sessions', () => {
  it('are revoked by sign-out: a copy of the cookie replayed afterwards is refused', async () => {
    const { call, signIn } = await start();
    const { page } = await signIn();
    expect((await call('GET', '/api/traces', page)).status).toBe(200);
    const out = await call('DELETE', '/api/session', page);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const replayed = await call('GET', '/api/traces', page);
    expect(replayed.status).toBe(401);
    expect((await call('GET', '/api/session', page)).json.name).toBeNull();
  });

  it('are useless without the token the page holds: a cookie copied to another app reads nothing', async () => {
    const { call, signIn } = await start();
    const { cookie, csrf } = await signIn();
    const copied = await call('GET', '/api/traces', { cookie });
    expect(copied.status).toBe(403);
    expect((copied.json.error as { message: string }).message).toContain('x-switchyard-csrf');
    expect(await call('GET', '/api/session', { cookie }).then((r) => r.json)).toMatchObject({ name: null, csrf: null });
    expect((await call('GET', '/api/traces', { cookie, 'x-switchyard-csrf': `${csrf.slice(0, -2)}AA` })).status).toBe(403);
    expect(await call('GET', '/api/session', { cookie, 'x-switchyard-csrf': csrf }).then((r) => r.json)).toMatchObject({ name: 'ana', csrf });
  });

  it('never store the cookie or CSRF token, only their hashes', async () => {
    const { signIn, sessions } = await start();
    const { cookie, csrf } = await signIn();
    const token = cookie.split('=')[1] as string;
    const stored = JSON.stringify(await sessions.list());
    expect(stored).toContain('"name":"ana"');
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(csrf);
  });

  it('rotate at sign-in: the session the browser had ends', async () => {
    const { call, signIn } = await start();
    const first = await signIn('ana');
    const again = await call('POST', '/api/session', { cookie: first.cookie }, { name: 'ana', password: ADMIN });
    expect(again.status).toBe(200);
    expect((again.headers.get('set-cookie') ?? '').split(';')[0]).not.toBe(first.cookie);
    expect((await call('GET', '/api/traces', first.page)).status).toBe(401);
  });

  it('end after the idle timeout, and activity keeps them alive until then', async () => {
    const { call, signIn } = await start({ idleMs: HOUR, maxAgeMs: 12 * HOUR });
    const { page } = await signIn();
    for (let i = 0; i < 3; i++) {
      now += HOUR - 60_000;
      expect((await call('GET', '/api/traces', page)).status).toBe(200);
    }
    now += HOUR + 1;
    expect((await call('GET', '/api/traces', page)).status).toBe(401);
  });

  it('end at the absolute limit however active they are', async () => {
    const { call, signIn } = await start({ idleMs: HOUR, maxAgeMs: 3 * HOUR });
    const { page } = await signIn();
    for (let i = 0; i < 5; i++) {
      now += 30 * 60_000;
      expect((await call('GET', '/api/traces', page)).status).toBe(200);
    }
    now += 30 * 60_000;
    expect((await call('GET', '/api/traces', page)).status).toBe(401);
  });

  it('sign out everywhere ends every session, and lists who is signed in without tokens', async () => {
    const { call, signIn } = await start();
    const ana = await signIn('ana');
    const bo = await signIn('bo');
    const listed = await call('GET', '/api/sessions', ana.page);
    expect((listed.json.sessions as { name: string }[]).map((s) => s.name).sort()).toEqual(['ana', 'bo']);
    expect(JSON.stringify(listed.json)).not.toMatch(/"id"|csrf/i);
    expect((await call('DELETE', '/api/sessions', ana.page)).json).toEqual({ ended: 2 });
    expect((await call('GET', '/api/traces', ana.page)).status).toBe(401);
    expect((await call('GET', '/api/traces', bo.page)).status).toBe(401);
  });

  it('die when the admin key is rotated, and survive a restart with the same key', async () => {
    const shared = openSqliteStores(':memory:').sessions;
    const before = await start({ sessions: shared });
    const { page } = await before.signIn();
    const restarted = await start({ sessions: shared });
    expect((await restarted.call('GET', '/api/traces', page)).status).toBe(200);
    const rotated = await start({ sessions: shared, adminKey: 'a-brand-new-admin-key' });
    expect((await rotated.call('GET', '/api/traces', page)).status).toBe(401);
    // Seen as ended, the record is gone: going back to the old key doesn't revive it.
    expect((await restarted.call('GET', '/api/traces', page)).status).toBe(401);
  });

  it('leave an audit line for every change an admin makes, not for reads', async () => {
    const audit: string[] = [];
    const { call, signIn } = await start({ audit });
    const { page } = await signIn('ana');
    await call('GET', '/api/traces', page);
    await call('DELETE', '/api/sessions', page);
    await call('DELETE', '/api/sessions', { authorization: `Bearer ${ADMIN}`, 'x-switchyard-reviewer': 'bo' });
    expect(audit.filter((l) => !l.startsWith('admin sign'))).toEqual([
      '"ana" (session) DELETE /api/sessions → 200',
      '"bo" (bearer) DELETE /api/sessions → 200',
    ]);
  });

  it('write an audit line for sign-in, refusal and sign-out, with no secret in it', async () => {
    const audit: string[] = [];
    const { call, signIn } = await start({ audit });
    await call('POST', '/api/session', {}, { name: 'ana', password: 'wrong-password-1' });
    const { page } = await signIn();
    await call('DELETE', '/api/session', page);
    expect(audit).toEqual([expect.stringContaining('sign-in refused'), expect.stringContaining('admin sign-in: "ana"'), expect.stringContaining('admin sign-out: "ana"')]);
    expect(audit.join('\n')).not.toContain('wrong-password-1');
    expect(audit.join('\n')).not.toContain(ADMIN);
  });
});

describe('admin authentication is throttled per client', () => {
  it('refuses Bearer guessing after 10 failures a minute, the right key included, until the minute passes', async () => {
    const { call } = await start();
    for (let i = 0; i < 10; i++) expect((await call('GET', '/api/traces', { authorization: `Bearer guess-${i}` })).status).toBe(401);
    const blocked = await call('GET', '/api/traces', { authorization: `Bearer ${ADMIN}` });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('POST', '/api/session', {}, { name: 'ana', password: ADMIN })).status).toBe(429);
    now += 60_001;
    expect((await call('GET', '/api/traces', { authorization: `Bearer ${ADMIN}` })).status).toBe(200);
  });

  it('counts failed sign-ins and failed Bearer keys together', async () => {
    const { call } = await start();
    for (let i = 0; i < 5; i++) await call('POST', '/api/session', {}, { name: 'x', password: `wrong-${i}-password` });
    for (let i = 0; i < 5; i++) await call('GET', '/api/traces', { authorization: `Bearer guess-${i}` });
    expect((await call('GET', '/api/traces', { authorization: `Bearer ${ADMIN}` })).status).toBe(429);
  });
});

describe('replicas on one store', () => {
  forEachBackend((backend) => {
    it('a sign-out on one replica is a sign-out on the other', async () => {
      const stores = await backend.fresh();
      const a = await start({ sessions: stores.sessions });
      const b = await start({ sessions: stores.sessions });
      const { page } = await a.signIn();
      expect((await b.call('GET', '/api/traces', page)).status).toBe(200);
      await a.call('DELETE', '/api/session', page);
      expect((await b.call('GET', '/api/traces', page)).status).toBe(401);
    });
  });
});


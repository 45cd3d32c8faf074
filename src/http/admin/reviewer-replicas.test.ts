import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { KeyRegistry } from '../../limits/keys.js';
import { forEachBackend } from '../../store/contract/backends.js';
import type { Stores } from '../../store/stores.js';
import { createAdminApi } from '../admin-api.js';

const ADMIN = 'admin-key-reviewer-replicas';
const servers: Server[] = [];

/** One replica: an admin API over its own store instance (its own connections) on the shared database. */
async function replica(stores: Stores) {
  const admin = createAdminApi({ store: stores.traces, reviews: stores.reviews, keys: new KeyRegistry([]), adminKey: ADMIN, sessions: stores.sessions, reviewers: stores.reviewers });
  const server = createServer((req, res) => void admin(req, res, new URL(req.url ?? '/', 'http://localhost')));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
  };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

forEachBackend((backend) => {
  it('a reviewer revoked on one replica is signed out of the other at their next call, and their key refused there', async () => {
    const database = await backend.shared();
    const a = await replica(await database.open());
    const b = await replica(await database.open());
    const key = (await a('POST', '/api/reviewers', { authorization: `Bearer ${ADMIN}` }, { name: 'ana' })).json.key as string;
    // Signed in on b with the key a issued: the store, not a replica's memory, holds the account.
    const login = await b('POST', '/api/session', {}, { password: key });
    expect(login.json).toMatchObject({ name: 'ana', role: 'reviewer' });
    const page = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-switchyard-csrf': login.json.csrf as string };
    expect((await b('GET', '/api/review/queue', page)).status).toBe(200);
    expect((await a('DELETE', '/api/reviewers/ana', { authorization: `Bearer ${ADMIN}` })).status).toBe(200);
    const ended = await b('GET', '/api/review/queue', page);
    expect([ended.status, (ended.json.error as { message: string }).message]).toEqual([401, expect.stringMatching(/^your session ended: reviewer "ana" was revoked at .+ by "admin"/)]);
    expect((await b('POST', '/api/session', {}, { password: key })).status).toBe(401);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApi } from '../../src/http/admin-api.js';
import { KeyManager } from '../../src/limits/manage-keys.js';
import type { ReviewStore } from '../../src/review/review-store.js';
import { forEachBackend } from '../../src/store/contract/backends.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

/**
 * Careless and hostile shapes on the admin API that earlier rounds did not reach (helper hostile5,
 * 2026-12-05): a list of 90,000 trace ids (an 850 kB body) held the event loop for 20 s, /health and
 * every model call with it; repeated and list-shaped query parameters were read as their first
 * value or not at all; a runtime team named like a config team was stored and never applied.
 */
const stores = openSqliteStores(':memory:');
let firstLookup: () => void = () => {};
const lookupStarted = () => new Promise<void>((resolve) => (firstLookup = resolve));
// The review store as served, telling the test when the handler starts looking traces up.
const reviews = new Proxy(stores.reviews, {
  get(target, name, receiver) {
    if (name !== 'forTrace') return Reflect.get(target, name, receiver);
    return (id: string) => {
      firstLookup();
      return target.forTrace(id);
    };
  },
}) as ReviewStore;
let server: Server;
let base = '';
let csrf = '';

async function call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
  const headers = { 'content-type': 'application/json', 'x-switchyard-csrf': csrf };
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const response = await request(`${base}${path}`, { method, body: text, headers });
  return { status: response.statusCode, body: (await response.body.json()) as { error?: { message: string; param: string | null } } };
}

beforeAll(async () => {
  const addToDataset = async (dataset: string, traceIds: readonly string[]) => ({ dataset, version: 1, added: traceIds.length, skipped: 0, items: traceIds.length });
  const api = createAdminApi({ store: stores.traces, evals: stores, reviews, addToDataset, loopback: true });
  server = createServer((req, res) => void api(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const session = await request(`${base}/api/session`);
  csrf = ((await session.body.json()) as { csrf: string }).csrf;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ids = (n: number) => Array.from({ length: n }, (_, i) => `tr_${i.toString(36)}`);

describe('lists of trace ids', () => {
  it('are at most 10,000 on to-dataset and review items, as on a dataset\'s traces', async () => {
    for (const [path, body] of [
      ['/api/review/to-dataset', { dataset: 'd', trace_ids: ids(10_001) }],
      ['/api/review/items', { trace_ids: ids(10_001) }],
    ] as const) {
      const answer = await call('POST', path, body);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error).toMatchObject({ param: 'trace_ids', message: 'trace_ids holds 10001 ids; at most 10000 in one request: send them in batches' });
    }
  });

  it('are looked up a slice at a time: another request is answered while 10,000 are', async () => {
    const finished: string[] = [];
    const started = lookupStarted();
    const big = call('POST', '/api/review/to-dataset', { dataset: 'd', trace_ids: ids(10_000) }).then((answer) => {
      finished.push('to-dataset');
      return answer;
    });
    await started;
    // Sent once the lookups run: with the store answering synchronously, it waited for all of them.
    const small = call('GET', '/api/review/stats').then(() => finished.push('stats'));
    const [answer] = await Promise.all([big, small]);
    expect(answer.status).toBe(201);
    expect(finished).toEqual(['stats', 'to-dataset']);
  });
});

describe('query parameters', () => {
  it('given twice are refused naming the parameter and both values (the first was read alone)', async () => {
    for (const [query, name, values] of [
      ['status=ok&status=error', 'status', '("ok", "error")'],
      ['limit=5&limit=500', 'limit', '("5", "500")'],
      ['meta.tier=free&meta.tier=pro', 'meta.tier', '("free", "pro")'],
    ] as const) {
      const answer = await call('GET', `/api/traces?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toMatchObject({ param: name, message: `"${name}" is given 2 times ${values}; give it once: only one value is read` });
    }
  });

  it('in list form (status[]=ok) are refused naming the plain form (they were not read: every trace answered)', async () => {
    const answer = await call('GET', '/api/traces?status[]=error&limit=5');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ param: 'status[]', message: '"status[]" is not a parameter: each takes one value, as "status=…" (lists in the form a[]=… are not read)' });
    expect((await call('GET', '/api/traces?status=error&limit=5')).status).toBe(200);
  });
});

describe('the reviewer header', () => {
  it('is read as the UTF-8 curl sends ("José Müller" was signed "JosÃ© MÃ¼ller"), blank as admin', async () => {
    const keyed = createAdminApi({ store: stores.traces, evals: stores, reviews: stores.reviews, adminKey: 'admin-secret-123' });
    const other = createServer((req, res) => void keyed(req, res, new URL(req.url ?? '/', 'http://x')));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const [item] = await stores.reviews.enqueue([{ source: 'dataset', reason: 'test', datasetId: 'd', datasetItemId: 'i1', input: 'q', output: 'a' }]);
      const review = async (reviewer: string) => {
        // Sent as bytes, as curl sends a header typed in a UTF-8 terminal.
        const headers = { authorization: 'Bearer admin-secret-123', 'content-type': 'application/json', 'x-switchyard-reviewer': Buffer.from(reviewer, 'utf8').toString('latin1') };
        const answer = await request(`${url}/api/review/items/${item?.id}/reviews`, { method: 'POST', headers, body: JSON.stringify({ score: 4 }) });
        return ((await answer.body.json()) as { reviewer: string }).reviewer;
      };
      expect(await review('José Müller')).toBe('José Müller');
      expect(await review('  ')).toBe('admin');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});

describe('sampling rule names', () => {
  it('hold no control characters (BEL and ESC were stored and shown)', async () => {
    const answer = await call('POST', '/api/review/rules', { name: 'r\u0007x\u001b[2J', rate: 0.5, match: { model: 'small' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ param: 'name', message: '"name" must hold no control characters, got "r\\u0007x\\u001b[2J"' });
    expect((await call('POST', '/api/review/rules', { name: 'règle été', rate: 0.5, match: { model: 'small' } })).status).toBe(201);
  });

  it('hold no bidirectional controls, which show a name reordered on the review page', async () => {
    for (const name of ['refunds\u202etxt.exe', 'a\u2066b\u2069', 'x\u200fy']) {
      const answer = await call('POST', '/api/review/rules', { name, rate: 0.5 });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ param: 'name', message: expect.stringMatching(/^"name" must hold no bidirectional controls \(they show it reordered\), got "[^\u202e\u2066\u2069\u200f]*\\u(202e|2066|200f)/) });
    }
    expect((await call('POST', '/api/review/rules', { name: 'استرداد الأموال', rate: 0.5 })).status).toBe(201);
  });

  it('are unique: a second rule of a name is a 409 naming it and the rule that has it, and a rule keeps its own on an edit', async () => {
    const first = await call('POST', '/api/review/rules', { name: 'twice', rate: 0.5 });
    expect(first.status).toBe(201);
    const id = (first.body as unknown as { id: string }).id;
    const again = await call('POST', '/api/review/rules', { name: 'twice', rate: 0.1 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ param: 'name', message: `a sampling rule named "twice" already exists (${id}); choose another name, or edit that rule (PUT /api/review/rules/${id})` });
    expect((await call('PUT', `/api/review/rules/${id}`, { name: 'twice', rate: 0.2 })).status).toBe(200);
    const other = await call('POST', '/api/review/rules', { name: 'once', rate: 0.5 });
    expect((await call('PUT', `/api/review/rules/${(other.body as unknown as { id: string }).id}`, { name: 'twice', rate: 0.5 })).status).toBe(409);
  });
});

describe('bodies', () => {
  it('a body of null is named as null, not "object"', async () => {
    const answer = await call('POST', '/api/review/rules', 'null');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toBe('request body must be a JSON object, got null');
  });
});

forEachBackend((backend) => {
  it('a team the config file defines cannot be set or deleted at runtime (it was stored, answered 200, and never applied)', async () => {
    const fresh = await backend.fresh();
    const manager = new KeyManager(fresh.keys, new Set(), Date.now, new Set(['ops']));
    const put = await manager.putTeam('ops', { usd: 1, period: 'total' }).catch((error: Error & { status?: number }) => error);
    expect(put).toMatchObject({ status: 409, message: 'team "ops" is defined in the config file, whose budget and rate limit are the ones in force; change them there' });
    const removed = await manager.deleteTeam('ops').catch((error: Error & { status?: number }) => error);
    expect(removed).toMatchObject({ status: 409, message: 'team "ops" is defined in the config file; remove it there' });
    expect((await manager.list()).teams).toEqual([]);
    expect((await manager.putTeam('ops-2', { usd: 1, period: 'total' })).name).toBe('ops-2');
  });
});

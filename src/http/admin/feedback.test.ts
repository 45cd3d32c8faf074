import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRegistry, toVirtualKey } from '../../limits/keys.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { createAdminApi } from '../admin-api.js';

const ADMIN = 'admin-key-123456';
const WEB = 'sk-sy-web-000001';
const BATCH = 'sk-sy-batch-00001';
let server: Server | undefined;

const webKey = toVirtualKey({ key: WEB, name: 'web' });
const batchKey = toVirtualKey({ key: BATCH, name: 'batch' });

async function start(keys = new KeyRegistry([webKey, batchKey])) {
  const stores = openSqliteStores(':memory:');
  await stores.traces.insertTraces([makeTrace({ id: 'tr_web', keyName: 'web', keyId: webKey.id }), makeTrace({ id: 'tr_batch', keyName: 'batch', keyId: batchKey.id })]);
  const corrections: [string, string][] = [];
  const admin = createAdminApi({
    store: stores.traces,
    reviews: stores.reviews,
    keys,
    adminKey: ADMIN,
    onCorrection: async (traceId, corrected) => void corrections.push([traceId, corrected]),
  });
  server = createServer((req, res) => void admin(req, res, new URL(req.url ?? '/', 'http://localhost')));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  return { call, stores, corrections };
}

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('feedback ownership', () => {
  it('a key reads and writes feedback on its own traces only; another key’s trace reads as not found', async () => {
    const { call } = await start();
    expect((await call('POST', '/api/feedback', WEB, { trace_id: 'tr_web', thumbs: 'up' })).status).toBe(201);
    expect(((await call('GET', '/api/feedback?trace_id=tr_web', WEB)).json.feedback as unknown[]).length).toBe(1);
    const probe = await call('GET', '/api/feedback?trace_id=tr_web', BATCH);
    expect(probe).toEqual({ status: 404, json: { error: expect.objectContaining({ message: 'trace "tr_web" not found' }) } });
    expect((await call('POST', '/api/feedback', BATCH, { trace_id: 'tr_web', score: 1 })).status).toBe(404);
  });

  it('the admin reads and writes feedback on any trace, signed by no key', async () => {
    const { call, stores } = await start();
    expect((await call('POST', '/api/feedback', ADMIN, { trace_id: 'tr_batch', score: 4 })).status).toBe(201);
    expect((await stores.reviews.forTrace('tr_batch')).feedback).toMatchObject([{ keyName: null, score: 4 }]);
    expect(((await call('GET', '/api/feedback?trace_id=tr_batch', ADMIN)).json.feedback as unknown[]).length).toBe(1);
  });

  it('needs a key when the gateway has keys, and accepts anyone when it has none', async () => {
    const withKeys = await start();
    expect((await withKeys.call('POST', '/api/feedback', undefined, { trace_id: 'tr_web', score: 2 })).status).toBe(401);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const open = await start(new KeyRegistry([]));
    expect((await open.call('POST', '/api/feedback', undefined, { trace_id: 'tr_web', score: 2 })).status).toBe(201);
    expect((await open.call('POST', '/api/feedback', 'sk-whatever-000', { trace_id: 'tr_batch', score: 2 })).status).toBe(201);
    expect((await open.stores.reviews.forTrace('tr_web')).feedback).toMatchObject([{ keyName: null, score: 2 }]);
  });

  it('hands a correction to the local models, and names what is missing or not allowed', async () => {
    const { call, corrections } = await start();
    expect((await call('POST', '/api/feedback', WEB, { trace_id: 'tr_web', thumbs: 'down', corrected_output: 'the right answer' })).json).toMatchObject({ trace_id: 'tr_web', id: expect.any(String), created_at: expect.stringMatching(/^\d{4}-/) });
    expect(corrections).toEqual([['tr_web', 'the right answer']]);
    expect((await call('POST', '/api/feedback', WEB, { trace_id: 'tr_web', score: 5 })).status).toBe(201);
    expect(corrections).toHaveLength(1);
    expect(await call('GET', '/api/feedback', WEB)).toMatchObject({ status: 400, json: { error: { message: '"trace_id" is required', param: 'trace_id', code: 'invalid_request' } } });
    // A trace id that is there but not a string is named as such, not as missing.
    expect(await call('POST', '/api/feedback', WEB, { trace_id: 42, score: 5 })).toMatchObject({ status: 400, json: { error: { message: 'trace_id: expected a string (the x-switchyard-trace-id header of the answer), got 42', param: 'trace_id' } } });
    expect(await call('POST', '/api/feedback', WEB, { score: 5 })).toMatchObject({ status: 400, json: { error: { message: '"trace_id" is required: the x-switchyard-trace-id header of the answer', param: 'trace_id' } } });
    expect(await call('PUT', '/api/feedback', WEB, {})).toMatchObject({ status: 405, json: { error: { message: '/api/feedback takes POST or GET, not PUT', code: 'invalid_request' } } });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApi } from '../../src/http/admin-api.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

/**
 * `POST /api/datasets/:name/items` took any string as the version's `source` and stored it whole:
 * a 1,000,000-character source made every `GET /api/datasets` a 1 MB answer (the dashboard's
 * dataset list). A source that was not a string was replaced by "api" without a word.
 */
const stores = openSqliteStores(':memory:');
let server: Server;
let base = '';
let csrf = '';

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const headers = { 'content-type': 'application/json', 'x-switchyard-csrf': csrf };
  const response = await request(`${base}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers });
  return { status: response.statusCode, text: await response.body.text() };
}

beforeAll(async () => {
  const api = createAdminApi({ store: stores.traces, evals: stores, loopback: true });
  server = createServer((req, res) => void api(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  csrf = JSON.parse((await call('GET', '/api/session')).text).csrf as string;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('dataset items API: the source label', () => {
  it('refuses a 1,000,000-character source naming the field and the limit, quoting it short', async () => {
    const answer = await call('POST', '/api/datasets/long-source/items', { items: [{ input: 'x' }], source: 'S'.repeat(1_000_000) });
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(600);
    const error = JSON.parse(answer.text).error;
    expect(error.param).toBe('source');
    expect(error.message).toMatch(/^"source" must be a string of 1–200 characters, got "S{20,}\.\.\. \(1000000 characters\)$/);
    const list = await call('GET', '/api/datasets');
    expect(JSON.parse(list.text).datasets).toEqual([]);
  });

  it('refuses a source that is not a string (it was replaced by "api")', async () => {
    for (const source of [5, null, '', { from: 'x' }]) {
      const answer = await call('POST', '/api/datasets/typed-source/items', { items: [{ input: 'x' }], source });
      expect(answer.status, JSON.stringify(source)).toBe(400);
      expect(JSON.parse(answer.text).error).toMatchObject({ param: 'source' });
    }
  });

  it('takes a short source, and none as "api"', async () => {
    expect(JSON.parse((await call('POST', '/api/datasets/ok/items', { items: [{ input: 'x' }], source: 'review' })).text).version.source).toBe('review');
    expect(JSON.parse((await call('POST', '/api/datasets/ok/items', { items: [{ input: 'y' }] })).text).version.source).toBe('api');
  });
});

import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminApi } from '../../src/http/admin-api.js';
import { KeyRegistry } from '../../src/limits/keys.js';
import type { ReviewStore } from '../../src/review/review-store.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

/**
 * GET /api/review/export streams a page of reviews at a time: a client that goes away mid-export
 * must stop the store's reading there, not have the server read every page left for no one.
 */
const ADMIN = 'admin-key-123456';
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('a client that leaves GET /api/review/export part-way', () => {
  it('stops the read of the review store at the page it was on', async () => {
    const stores = openSqliteStores(':memory:');
    // Four pages of 500.
    const items = await stores.reviews.enqueue(Array.from({ length: 2_000 }, (_, i) => ({ datasetId: 'd', datasetItemId: `q${i}`, source: 'dataset' as const, reason: 'x', input: `Q${i}?`, output: `A${i}.` })));
    for (const item of items) await stores.reviews.addReview(item.id, 'ana', { score: 5, pass: null, corrected: null, comment: null });
    // The second page waits until the client is gone: what the server asks for after it is what it read for no one.
    let pages = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reviews = new Proxy(stores.reviews, {
      get(target, name) {
        if (name === 'reviewedPage') {
          return async (options: Parameters<ReviewStore['reviewedPage']>[0]) => {
            pages++;
            if (pages === 2) await gate;
            return target.reviewedPage(options);
          };
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const admin = createAdminApi({ store: stores.traces, rollups: stores.rollups, reviews, keys: new KeyRegistry([]), adminKey: ADMIN });
    let handled: Promise<unknown> | undefined;
    let closed!: () => void;
    const responseClosed = new Promise<void>((resolve) => (closed = resolve));
    server = createServer((req, res) => {
      res.on('close', closed);
      handled = admin(req, res, new URL(req.url ?? '/', 'http://localhost'));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const firstChunk = await new Promise<string>((resolve, reject) => {
      const request = get({ host: '127.0.0.1', port: (server?.address() as AddressInfo).port, path: '/api/review/export', headers: { authorization: `Bearer ${ADMIN}` } }, (response) => {
        response.once('data', (chunk: Buffer) => {
          request.destroy();
          resolve(chunk.toString('utf8'));
        });
      });
      request.on('error', (error) => {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
      });
    });
    expect(JSON.parse(firstChunk.split('\n')[0] as string).messages.at(-1).content).toBe('A1999.');
    await responseClosed;
    release();
    await handled;
    // Page 2 was asked for before the client left; pages 3 and 4 were not.
    expect(pages).toBe(2);
    await stores.close();
  });
});

import { type AddressInfo, createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { cacheStoreContract } from './cache-store.contract.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { RedisCacheStore } from './redis-cache-store.js';
import type { DeletedEntries } from './deleted-entries.js';
import { openSqliteCacheStore } from '../store/sqlite/sqlite-cache-store.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Memory counts UTF-16 bytes of key and value: 1,000 bytes is a ~500-character entry.
cacheStoreContract('memory', async () => new MemoryCacheStore(systemClock, { maxEntries: 100, maxBytes: 100_000, maxEntryBytes: 1_000 }), sleep);

// SQLite counts UTF-8 bytes of key and value.
cacheStoreContract('sqlite', async () => openSqliteCacheStore(':memory:', systemClock, { maxEntries: 100, maxBytes: 100_000, maxEntryBytes: 1_000 }), sleep);

describe('sqlite cache bounds', () => {
  it('stays within max entries and bytes, expired and oldest entries first', async () => {
    const store = openSqliteCacheStore(':memory:', systemClock, { maxEntries: 50, maxBytes: 5_000, maxEntryBytes: 1_000 });
    for (let i = 0; i < 500; i++) await store.set(`key-${i}`, 'v'.repeat(100), 60_000);
    const stats = await store.stats();
    expect(stats.entries).toBeLessThanOrEqual(50);
    expect(stats.bytes).toBeLessThanOrEqual(5_000);
    expect(stats.evictions).toBeGreaterThan(400);
    expect(await store.get('key-499')).toBe('v'.repeat(100));
    expect(await store.get('key-0')).toBeUndefined();
  });
});

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
const run = `switchyard-test:cache:${process.pid}:${Date.now()}`;
const opened: RedisCacheStore[] = [];
afterAll(async () => {
  const keys = await redis.keys(`${run}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await Promise.all(opened.map((store) => store.close()));
  redis.disconnect();
});
/** A store on a connection of its own (closing a store closes its connection), under `prefix`. */
function redisStore(prefix: string): RedisCacheStore {
  const store = new RedisCacheStore(redis.duplicate(), { prefix, maxEntryBytes: 1_000, timeoutMs: 1_000 });
  opened.push(store);
  return store;
}
cacheStoreContract('redis', async () => redisStore(`${run}:${opened.length}:`), sleep);

describe('redis cache stores sharing a prefix (replicas)', () => {
  /** Resolves with the first deletion `store` is told of. */
  const nextDeletion = (store: RedisCacheStore) => new Promise<DeletedEntries>((resolve) => store.onDeleted(resolve));
  /** Waits until `store`'s channel subscription has taken (a message sent before it would be lost). */
  async function subscribed(count: number): Promise<void> {
    for (;;) {
      const [, subscribers] = (await redis.pubsub('NUMSUB', channelOf(`${run}:shared:`))) as [string, number];
      if (Number(subscribers) >= count) return;
      await sleep(10);
    }
  }
  const channelOf = (prefix: string) => `switchyard:cache-deleted:0:${prefix}`;

  it("tells every store on the prefix the keys another deleted, and every entry it cleared; a store on another prefix hears nothing", async () => {
    const [a, b, other] = [redisStore(`${run}:shared:`), redisStore(`${run}:shared:`), redisStore(`${run}:other:`)];
    const heardByOther: DeletedEntries[] = [];
    other.onDeleted((deleted) => heardByOther.push(deleted));
    const heardByB = nextDeletion(b);
    a.onDeleted(() => undefined);
    await subscribed(2);
    await a.set('q-1', '{"answer":"one"}', 60_000);
    await a.set('q-2', '{"answer":"two"}', 60_000);
    await other.set('q-1', '{"answer":"one"}', 60_000);
    expect(await a.deleteWhere((value) => value.includes('one'))).toBe(1);
    expect(await heardByB).toEqual({ keys: new Set(['q-1']) });
    const clearedForB = nextDeletion(b);
    await a.clear();
    expect(await clearedForB).toEqual({ all: true });
    expect(heardByOther).toEqual([]);
    expect(await other.get('q-1')).toBe('{"answer":"one"}');
  });

  it("ignores what is not a store's message on the channel, and goes on hearing the next one", async () => {
    const [a, b] = [redisStore(`${run}:shared:`), redisStore(`${run}:shared:`)];
    const heard: DeletedEntries[] = [];
    b.onDeleted((deleted) => heard.push(deleted));
    const next = nextDeletion(b);
    await subscribed(3);
    // The last: a store's shape, but 2 MB (200,000 keys), longer than any store sends, so not parsed on the request path.
    const huge = JSON.stringify({ from: 'x', keys: Array.from({ length: 200_000 }, (_, i) => `k-${String(i).padStart(6, '0')}`) });
    for (const junk of ['not json', 'null', '42', '{"keys":"q-1"}', '{"keys":[1,{"x":2}]}', '{"all":"yes"}', huge]) await redis.publish(channelOf(`${run}:shared:`), junk);
    await a.set('q-3', 'three', 60_000);
    await a.deleteWhere(() => true);
    // Redis delivers a channel's messages in order: had any of the junk been taken, it would be first.
    expect(await next).toEqual({ keys: new Set(['q-3']) });
    expect(heard).toEqual([{ keys: new Set(['q-3']) }]);
  });
});

describe('memory cache bounds', () => {
  const manual = (): Clock & { at: number } => {
    const clock = { at: 0, now: () => clock.at, sleep: async () => undefined };
    return clock;
  };

  it('evicts the least recently used entry past max_entries', async () => {
    const store = new MemoryCacheStore(manual(), { maxEntries: 2, maxBytes: 1_000_000, maxEntryBytes: 1_000 });
    await store.set('a', '1', 1_000);
    await store.set('b', '2', 1_000);
    await store.get('a');
    await store.set('c', '3', 1_000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('1');
    expect((await store.stats()).evictions).toBe(1);
  });

  it('stays under max bytes however many distinct entries arrive', async () => {
    const store = new MemoryCacheStore(manual(), { maxEntries: 1_000_000, maxBytes: 10_000, maxEntryBytes: 1_000 });
    for (let i = 0; i < 5_000; i++) await store.set(`key-${i}`, 'v'.repeat(200), 60_000);
    const stats = await store.stats();
    expect(stats.bytes).toBeLessThanOrEqual(10_000);
    expect(stats.entries).toBeGreaterThan(0);
    expect(await store.get('key-4999')).toBe('v'.repeat(200));
  });

  it('expires by the injected clock', async () => {
    const clock = manual();
    const store = new MemoryCacheStore(clock, { maxEntries: 10, maxBytes: 10_000, maxEntryBytes: 1_000 });
    await store.set('a', '1', 1_000);
    clock.at = 999;
    expect(await store.get('a')).toBe('1');
    clock.at = 1_000;
    expect(await store.get('a')).toBeUndefined();
    expect((await store.stats()).bytes).toBe(0);
  });
});

describe('redis cache outage', () => {
  it('rejects a read at its timeout when Redis accepts the connection and never answers, so the gateway can treat it as a miss', async () => {
    // A black hole: the TCP connection opens, no reply ever comes. Only the store's own timeout
    // can end the read; without it this test would hang until vitest gives up.
    const sockets: Socket[] = [];
    const hole = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    const silent = new Redis({ host: '127.0.0.1', port: (hole.address() as AddressInfo).port, maxRetriesPerRequest: 0, retryStrategy: () => null });
    silent.on('error', () => undefined);
    try {
      await expect.poll(() => sockets.length).toBe(1);
      const store = new RedisCacheStore(silent, { prefix: 'x:', maxEntryBytes: 1_000, timeoutMs: 100 });
      await expect(store.get('k')).rejects.toThrow('the cache store did not answer within 100 ms');
      await expect(store.set('k', 'v', 1_000)).rejects.toThrow('the cache store did not answer within 400 ms');
    } finally {
      silent.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hole.close(() => resolve()));
    }
  });
});

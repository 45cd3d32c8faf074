import { type AddressInfo, createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { cacheStoreContract } from './cache-store.contract.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { RedisCacheStore } from './redis-cache-store.js';
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
let stores = 0;
afterAll(async () => {
  const keys = await redis.keys(`${run}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});
cacheStoreContract('redis', async () => new RedisCacheStore(redis, { prefix: `${run}:${stores++}:`, maxEntryBytes: 1_000, timeoutMs: 1_000 }), sleep);

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

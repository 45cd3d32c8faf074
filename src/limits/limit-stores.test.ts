import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { limitStoreContract } from './limit-store.contract.js';
import { MemoryLimitStore } from './memory-limit-store.js';
import { RedisLimitStore } from './redis-limit-store.js';

limitStoreContract('memory', async (seed) => [new MemoryLimitStore(seed)]);

// Two clients, as two gateway replicas would have: every assertion holds across both.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const clients = [new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 }), new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })] as const;
let run = 0;
const base = `switchyard-test:${process.pid}:${Date.now()}`;
afterAll(async () => {
  const keys = await clients[0].keys(`${base}:*`);
  if (keys.length > 0) await clients[0].del(...keys);
  for (const client of clients) client.disconnect();
});
limitStoreContract('redis', async (seed) => {
  const prefix = `${base}:${run++}`;
  return clients.map((client) => new RedisLimitStore(client, seed, prefix));
});

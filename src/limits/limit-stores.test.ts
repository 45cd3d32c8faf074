import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { limitStoreContract } from './limit-store.contract.js';
import { MemoryLimitStore } from './memory-limit-store.js';
import { RedisLimitStore } from './redis-limit-store.js';

limitStoreContract('memory', async (spend) => new MemoryLimitStore(spend));

// Two clients, as two gateway replicas would have: every assertion holds across both.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
const prefix = `switchyard-test:${process.pid}:${Date.now()}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});
limitStoreContract('redis', async (spend) => new RedisLimitStore(redis, spend, prefix));

import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { VirtualKey } from './keys.js';
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

describe('redis limit store when Redis loses its data', () => {
  const key: VirtualKey = { name: 'lossy', hash: 'h', team: null, teamBudget: null, models: null, budget: { usd: 1, period: 'total' }, rateLimit: null };
  const ask = (reserveUsd: number) => ({ estimatedTokens: 0, reserveUsd });

  it('seeds the spend from the traces again instead of handing out the budget a second time', async () => {
    const prefix = `${base}:lossy`;
    // The traces hold what was spent: 0.7 before these calls, and what they settle.
    let traced = 0.7;
    const [a, b] = clients.map((client) => new RedisLimitStore(client, async () => traced, prefix)) as [RedisLimitStore, RedisLimitStore];
    for (const [i, store] of [a, b].entries()) {
      const admission = await store.admit(key, ask(0.1), 1_000 + i);
      await store.settle(key, admission, 0, 0.1, 1_000 + i);
      traced += 0.1;
    }
    // Redis restarts empty, or is flushed, while both replicas run (each has seeded already).
    const lost = await clients[0].keys(`${prefix}:*`);
    await clients[0].del(...lost);
    await expect(b.admit(key, ask(0.2), 2_000)).rejects.toThrow('has spent $0.9000 of its $1 total budget');
    await expect(a.admit(key, ask(0.2), 2_001)).rejects.toThrow('has spent $0.9000 of its $1 total budget');
    expect((await b.usage(key, 2_002)).spendUsd).toBeCloseTo(0.9, 10);
  });

  it('counts a call served while Redis was unreachable once, also when Redis came back empty', async () => {
    const prefix = `${base}:owed`;
    let traced = 0;
    // A replica whose connection breaks: with no offline queue its commands fail at once.
    const broken = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    await broken.connect();
    try {
      const store = new RedisLimitStore(broken, async () => traced, prefix);
      const admission = await store.admit(key, ask(0.1), 1_000);
      await store.settle(key, admission, 0, 0.1, 1_001);
      traced += 0.1;
      const ended = new Promise((resolve) => broken.once('end', resolve));
      broken.disconnect();
      await ended;
      // Served unlimited (limits.on_error: open): its trace holds the cost, Redis cannot take it.
      await store.chargeUnadmitted(key, 0.5, 1_002);
      traced += 0.5;
      // Redis restarts empty meanwhile; the replica reconnects and pays before its next admission.
      const lost = await clients[0].keys(`${prefix}:*`);
      await clients[0].del(...lost);
      await broken.connect();
      await expect(store.admit(key, ask(0.5), 2_000)).rejects.toThrow('has spent $0.6000 of its $1 total budget');
      expect((await store.usage(key, 2_001)).spendUsd).toBeCloseTo(0.6, 10);
    } finally {
      broken.disconnect();
    }
  });

  it('does not count twice a spend Redis kept from before the seed mark existed', async () => {
    const prefix = `${base}:unmarked`;
    // Spend counted by a gateway that kept no mark: Redis and the traces agree on 0.6.
    await clients[0].set(`${prefix}:key:lossy:spend:0`, '0.6');
    const store = new RedisLimitStore(clients[1], async () => 0.6, prefix);
    const admission = await store.admit(key, ask(0.3), 1_000);
    expect(admission.reservedUsd).toBe(0.3);
    expect((await store.usage(key, 1_001)).spendUsd).toBeCloseTo(0.6, 10);
  });
});

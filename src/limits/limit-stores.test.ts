import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS_KEY_SPACES } from '../config/validate-redis-prefixes.js';
import type { VirtualKey } from './keys.js';
import { limitStoreContract } from './limit-store.contract.js';
import { MemoryLimitStore } from './memory-limit-store.js';
import { MemoryOwedSpendStore, type OwedSpendStore } from './owed-spend.js';
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

describe('redis limit store: a hold its replica never settled', () => {
  const ask = (reserveUsd: number) => ({ estimatedTokens: 0, reserveUsd });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  for (const period of ['total', 'monthly'] as const) {
    it(`charges its worst case to a ${period} budget when the key's next call comes after the hold lapsed, not only while another hold is held`, async () => {
      const key: VirtualKey = { id: `ks_dead_${period}`, name: `dead-${period}`, hash: 'h', team: null, teamBudget: null, models: null, budget: { usd: 1, period }, rateLimit: null };
      // Holds lapse after 100 ms here (a minute past timeouts.total_ms in a gateway); Redis expires keys in its own time.
      const [a, b] = clients.map((client) => new RedisLimitStore(client, async () => 0, `${base}:dead-${period}`, 100)) as [RedisLimitStore, RedisLimitStore];
      await a.admit(key, ask(0.75), Date.now());
      // Replica a dies with the call in flight: nothing settles it.
      await sleep(300);
      expect(await b.usage(key, Date.now())).toMatchObject({ spendUsd: 0.75, reservedUsd: 0 });
      await expect(b.admit(key, ask(0.5), Date.now())).rejects.toThrow(/has spent \$0\.7500 of its \$1/);
    });
  }
});

describe('redis limit store when Redis loses its data', () => {
  const key: VirtualKey = { id: 'ks_lossy', name: 'lossy', hash: 'h', team: null, teamBudget: null, models: null, budget: { usd: 1, period: 'total' }, rateLimit: null };
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
    await clients[0].set(`${prefix}:key:ks_lossy:spend:0`, '0.6');
    const store = new RedisLimitStore(clients[1], async () => 0.6, prefix);
    const admission = await store.admit(key, ask(0.3), 1_000);
    expect(admission.reservedUsd).toBe(0.3);
    expect((await store.usage(key, 1_001)).spendUsd).toBeCloseTo(0.6, 10);
  });
});

describe('redis limit store after an upgrade from counters kept by key name', () => {
  it('starts a key’s spend under its identity from the traces, once, and deletes the name’s counters', async () => {
    const prefix = `${base}:by-name`;
    const key: VirtualKey = { id: 'ks_renamed', name: 'renamed', hash: 'h', team: null, teamBudget: null, models: null, budget: { usd: 1, period: 'total' }, rateLimit: { requestsPerMinute: 1, tokensPerMinute: null } };
    // What a gateway counting by name left: the key's spend (marked seeded) and a request this minute.
    const before = `${prefix}:key:renamed`;
    await clients[0].set(`${before}:spend:0`, '0.6');
    await clients[0].set(`${before}:seeded:0`, '1');
    await clients[0].zadd(`${before}:requests`, 999, 'earlier');
    const seeded: string[] = [];
    const store = new RedisLimitStore(clients[1], async (scope) => (seeded.push(scope.id), scope.key?.id === 'ks_renamed' ? 0.6 : 0), prefix);
    const admission = await store.admit(key, { estimatedTokens: 0, reserveUsd: 0.3 }, 1_000);
    // The traces' 0.6, not 0 (a fresh budget) nor 1.2 (the name's spend added on top).
    expect(await store.usage(key, 1_001)).toMatchObject({ spendUsd: 0.6, reservedUsd: 0.3, requestsLastMinute: 1 });
    await store.settle(key, admission, 0, 0.3, 1_002);
    expect((await store.usage(key, 1_003)).spendUsd).toBeCloseTo(0.9, 10);
    expect(seeded).toEqual(['key:ks_renamed']);
    // A total budget's counters never expire: left there, they lingered unread.
    expect(await clients[0].exists(`${before}:spend:0`, `${before}:seeded:0`)).toBe(0);
  });

  it('takes over a name’s lifetime spend that the traces do not hold, so it is neither split nor lost', async () => {
    const prefix = `${base}:by-name-more`;
    const key: VirtualKey = { id: 'kc_lifetime', name: 'lifetime', hash: 'h', team: null, teamBudget: null, models: null, budget: { usd: 1, period: 'total' }, rateLimit: null };
    // 0.9 counted by name, of which the traces hold 0.5 (a lapsed hold charged its worst case, a trace lost).
    const before = `${prefix}:key:lifetime`;
    await clients[0].set(`${before}:spend:0`, '0.9');
    await clients[0].set(`${before}:seeded:0`, '1');
    const [a, b] = clients.map((client) => new RedisLimitStore(client, async () => 0.5, prefix)) as [RedisLimitStore, RedisLimitStore];
    await expect(a.admit(key, { estimatedTokens: 0, reserveUsd: 0.2 }, 1_000)).rejects.toThrow('has spent $0.9000 of its $1 total budget');
    // Another replica after the name's counters are gone: the spend is under the key's identity, once.
    expect((await b.usage(key, 1_001)).spendUsd).toBeCloseTo(0.9, 10);
    expect(await clients[0].exists(`${before}:spend:0`, `${before}:seeded:0`)).toBe(0);
    const admission = await b.admit(key, { estimatedTokens: 0, reserveUsd: 0.05 }, 1_002);
    await b.settle(key, admission, 0, 0.05, 1_003);
    expect((await a.usage(key, 1_004)).spendUsd).toBeCloseTo(0.95, 10);
  });

  it('leaves a team’s counters and another name’s alone', async () => {
    const prefix = `${base}:by-name-team`;
    const key: VirtualKey = { id: 'kc_member', name: 'member', hash: 'h', team: 'crew', teamBudget: { usd: 5, period: 'total' }, models: null, budget: { usd: 1, period: 'total' }, rateLimit: null };
    await clients[0].set(`${prefix}:team:crew:spend:0`, '2');
    await clients[0].set(`${prefix}:team:crew:seeded:0`, '1');
    await clients[0].set(`${prefix}:key:other:spend:0`, '0.4');
    const store = new RedisLimitStore(clients[1], async () => 0, prefix);
    await store.admit(key, { estimatedTokens: 0, reserveUsd: 0 }, 1_000);
    expect((await store.usage(key, 1_001)).spendUsd).toBe(0);
    expect(await clients[0].get(`${prefix}:team:crew:spend:0`)).toBe('2');
    expect(await clients[0].get(`${prefix}:key:other:spend:0`)).toBe('0.4');
  });
});

describe('redis limit store: spend owed from an outage, in a store every replica shares', () => {
  const key: VirtualKey = { id: 'ks_owing', name: 'owing', hash: 'h', team: 'crew', teamBudget: { usd: 5, period: 'total' }, models: null, budget: { usd: 1, period: 'total' }, rateLimit: null };
  const spendOf = async (prefix: string, scope: string) => Number((await clients[0].get(`${prefix}:${scope}:spend:0`)) ?? 0);

  /** A replica whose connection to Redis is down: with no offline queue its commands fail at once. */
  async function cutOff(prefix: string, owed: OwedSpendStore): Promise<{ store: RedisLimitStore; client: Redis }> {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    client.on('error', () => undefined);
    await client.connect();
    const ended = new Promise((resolve) => client.once('end', resolve));
    client.disconnect();
    await ended;
    return { store: new RedisLimitStore(client, async () => 0, prefix, undefined, owed), client };
  }

  it('keeps what a replica owed when it dies before Redis is back, and another pays it once', async () => {
    const prefix = `${base}:owed-died`;
    const owed = new MemoryOwedSpendStore();
    const dying = await cutOff(prefix, owed);
    await dying.store.chargeUnadmitted(key, 0.25, 1_000);
    await dying.store.chargeUnadmitted(key, 0.5, 1_001);
    // Kept in the shared store before anything else: once per budget the call counts against.
    const kept = (await owed.due(prefix, 10)).map((debt) => [debt.spendKey, debt.usd]);
    expect(kept.sort((x, y) => String(x).localeCompare(String(y)))).toEqual([
      [`${prefix}:key:ks_owing:spend:0`, 0.25],
      [`${prefix}:key:ks_owing:spend:0`, 0.5],
      [`${prefix}:team:crew:spend:0`, 0.25],
      [`${prefix}:team:crew:spend:0`, 0.5],
    ]);
    await dying.store.close(); // SIGKILLed: it never pays
    // Two replicas that reach Redis pay at the same moment; each debt is added once.
    const [a, b] = clients.map((client) => new RedisLimitStore(client, async () => 0, prefix, undefined, owed)) as [RedisLimitStore, RedisLimitStore];
    await Promise.all([a.payOwed(), b.payOwed(), a.payOwed()]);
    expect(await spendOf(prefix, 'key:ks_owing')).toBeCloseTo(0.75, 10);
    expect(await spendOf(prefix, 'team:crew')).toBeCloseTo(0.75, 10);
    expect(await owed.due(prefix, 10)).toEqual([]);
    await expect(a.admit(key, { estimatedTokens: 0, reserveUsd: 0.3 }, 2_000)).rejects.toThrow('has spent $0.7500 of its $1 total budget');
    // The config refuses a cache prefix that begins any of these (validateRedisPrefixes): a key
    // outside them would be one a cache clear could delete unchecked.
    const written = await clients[0].keys(`${prefix}:*`);
    expect(written.length).toBeGreaterThan(3);
    expect(written.filter((k) => !LIMITS_KEY_SPACES.some((space) => k.startsWith(`${prefix}:${space}`)))).toEqual([]);
    expect(new Set(written.map((k) => k.slice(prefix.length + 1).split(':')[0]))).toEqual(new Set(['key', 'team', 'owed-paid']));
    await Promise.all([a.close(), b.close()]);
  });

  it('does not pay a debt twice when the replica that paid it died before removing it from the store', async () => {
    const prefix = `${base}:owed-paid-not-removed`;
    const shared = new MemoryOwedSpendStore();
    const owing = await cutOff(prefix, shared);
    await owing.store.chargeUnadmitted({ ...key, team: null, teamBudget: null }, 0.5, 1_000);
    await owing.store.close();
    // This replica's write to the store fails after Redis took the debts (it dies there).
    const dies: OwedSpendStore = { add: (d) => shared.add(d), due: (p, n) => shared.due(p, n), remove: async () => Promise.reject(new Error('killed')) };
    const first = new RedisLimitStore(clients[0], async () => 0, prefix, undefined, dies);
    await expect(first.payOwed()).rejects.toThrow('killed');
    expect(await shared.due(prefix, 10)).toHaveLength(1);
    const next = new RedisLimitStore(clients[1], async () => 0, prefix, undefined, shared);
    await next.payOwed();
    expect(await spendOf(prefix, 'key:ks_owing')).toBeCloseTo(0.5, 10);
    expect(await shared.due(prefix, 10)).toEqual([]);
    await Promise.all([first.close(), next.close()]);
  });

  it('pays from memory what the store could not keep (it was unreachable too), and keeps nothing twice', async () => {
    const prefix = `${base}:owed-store-down`;
    const shared = new MemoryOwedSpendStore();
    let storeUp = false;
    const flaky: OwedSpendStore = {
      add: (d) => (storeUp ? shared.add(d) : Promise.reject(new Error('store down'))),
      due: (p, n) => (storeUp ? shared.due(p, n) : Promise.reject(new Error('store down'))),
      remove: (ids) => (storeUp ? shared.remove(ids) : Promise.reject(new Error('store down'))),
    };
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    client.on('error', () => undefined);
    await client.connect();
    const ended = new Promise((resolve) => client.once('end', resolve));
    client.disconnect();
    await ended;
    const store = new RedisLimitStore(client, async () => 0, prefix, undefined, flaky);
    const solo = { ...key, team: null, teamBudget: null };
    await store.chargeUnadmitted(solo, 0.125, 1_000);
    await client.connect();
    // Redis is back, the store is not: the debt held in memory is paid before the next admission.
    await store.admit(solo, { estimatedTokens: 0, reserveUsd: 0 }, 2_000);
    expect(await spendOf(prefix, 'key:ks_owing')).toBeCloseTo(0.125, 10);
    storeUp = true;
    await store.payOwed();
    expect(await spendOf(prefix, 'key:ks_owing')).toBeCloseTo(0.125, 10);
    expect(await shared.due(prefix, 10)).toEqual([]);
    await store.close();
    client.disconnect();
  });

  /** A replica whose connection to Redis drops after it admitted a call, before the call settles. */
  async function dropsAfterAdmit(prefix: string, owed: OwedSpendStore, holdMs?: number) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    client.on('error', () => undefined);
    await client.connect();
    const store = new RedisLimitStore(client, async () => 0, prefix, holdMs, owed);
    const drop = async () => {
      const ended = new Promise((resolve) => client.once('end', resolve));
      client.disconnect();
      await ended;
    };
    return { store, client, drop };
  }
  const solo = { ...key, team: null, teamBudget: null };

  it('owes the cost of a call admitted before Redis went away, and paying it releases the call’s hold', async () => {
    const prefix = `${base}:owed-settle`;
    const owed = new MemoryOwedSpendStore();
    const replica = await dropsAfterAdmit(prefix, owed);
    const admission = await replica.store.admit(solo, { estimatedTokens: 10, reserveUsd: 0.5 }, 1_000);
    await replica.drop();
    // Logged beside the call's trace: what happened to its cost, not ioredis's "Stream isn't writeable and enableOfflineQueue options is false".
    await expect(replica.store.settle(solo, admission, 10, 0.1, 1_500)).rejects.toThrow(
      "limits not settled (no connection to Redis (down or unreachable; the client reconnects every ≤ 2 s)): the call's cost is owed to its budgets and paid into Redis once it answers",
    );
    expect((await owed.due(prefix, 10)).map((debt) => [debt.usd, debt.hold?.member])).toEqual([[0.1, `${admission.id}:0.5`]]);
    await replica.store.close();
    // Another replica pays it: the cost counts, the worst case no longer does.
    const other = new RedisLimitStore(clients[0], async () => 0, prefix, undefined, owed);
    expect(await other.usage(solo, 2_000)).toMatchObject({ spendUsd: 0, reservedUsd: 0.5 });
    await other.payOwed();
    expect(await other.usage(solo, 2_001)).toMatchObject({ spendUsd: 0.1, reservedUsd: 0 });
    await other.payOwed();
    expect((await other.usage(solo, 2_002)).spendUsd).toBeCloseTo(0.1, 10);
    await other.close();
    replica.client.disconnect();
  });

  it('does not add the cost on top when the hold lapsed first and was charged its worst case', async () => {
    const prefix = `${base}:owed-settle-lapsed`;
    const owed = new MemoryOwedSpendStore();
    const replica = await dropsAfterAdmit(prefix, owed, 1_000);
    const admission = await replica.store.admit(solo, { estimatedTokens: 0, reserveUsd: 0.5 }, 1_000);
    await replica.drop();
    await expect(replica.store.settle(solo, admission, 0, 0.1, 1_500)).rejects.toThrow();
    await replica.store.close();
    const other = new RedisLimitStore(clients[0], async () => 0, prefix, 1_000, owed);
    // The hold lapsed (its replica looked dead) and was charged at its worst case.
    expect(await other.usage(solo, 3_000)).toMatchObject({ spendUsd: 0.5, reservedUsd: 0 });
    await other.payOwed();
    expect((await other.usage(solo, 3_001)).spendUsd).toBeCloseTo(0.5, 10);
    expect(await owed.due(prefix, 10)).toEqual([]);
    await other.close();
    replica.client.disconnect();
  });

  it('does not hold an admission for long while the store hangs (a database at its connect timeout)', async () => {
    const prefix = `${base}:owed-store-hangs`;
    const shared = new MemoryOwedSpendStore();
    let hang = false;
    const slow: OwedSpendStore = {
      add: (d) => shared.add(d),
      due: (p, n) => (hang ? new Promise(() => undefined) : shared.due(p, n)),
      remove: (ids) => shared.remove(ids),
    };
    const replica = await dropsAfterAdmit(prefix, slow);
    await replica.drop();
    await replica.store.chargeUnadmitted(solo, 0.125, 1_000);
    hang = true;
    await replica.client.connect();
    // Answers (a hang would fail the test at its timeout), the payment left running.
    await expect(replica.store.admit(solo, { estimatedTokens: 0, reserveUsd: 0.1 }, 2_000)).resolves.toMatchObject({ reservedUsd: 0.1 });
    hang = false;
    await replica.store.close();
    replica.client.disconnect();
  });
});

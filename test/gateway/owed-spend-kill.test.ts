import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { configKeyId, hashKey } from '../../src/limits/keys.js';
import { RedisLimitStore } from '../../src/limits/redis-limit-store.js';
import { startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { openStores } from '../../src/store/open-stores.js';
import { eventually } from '../../src/test-support/eventually.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';
import { Relay } from '../../src/test-support/redis-relay.js';
import { type ServeProcess, serveProcess } from '../../src/test-support/serve-process.js';

/**
 * A replica serves calls while Redis is away (limits.on_error: open) and is SIGKILLed before
 * Redis is back: what those calls cost was kept in the shared store as each settled, so another
 * replica pays it into Redis once, and the budget counts it.
 */
const prefix = `switchyard-test:owed-kill:${process.pid}:${Date.now()}`;
const schema = uniqueSchema();
let dir: string;
let sim: Simulator;
const replicas: ServeProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-owed-kill-'));
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  for (const { child } of replicas) if (child.exitCode === null) child.kill('SIGKILL');
  await sim.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
  await deleteRedisKeys(`${prefix}:*`);
  rmSync(dir, { recursive: true, force: true });
});

const ask = (url: string) =>
  new OpenAI({ apiKey: 'sk-sy-owed-kill', baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions
    .create({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })
    .then(() => 200, (error: { status?: number }) => error.status ?? 0);

describe.each([
  ['sqlite', () => `{ sqlite: "${join(dir, 'shared.db')}" }`],
  ['postgres', () => `{ postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }`],
])('spend owed from a Redis outage, on %s, when the replica that owed it is SIGKILLed', (backend, storeYaml) => {
  it('is paid by another replica once Redis is back, exactly once', { timeout: 60_000 }, async () => {
    const relay = new Relay();
    await relay.open();
    const scoped = `${prefix}:${backend}`;
    // A call costs $0.015 and holds ~$0.09 (its worst case) in flight: 9 calls fit $0.2 unlimited, not counted.
    const yaml = (redisUrl: string) => `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 1000, output_per_mtok: 1000 } } }
keys: [ { key: sk-sy-owed-kill, name: owed, budget: { usd: 0.2 } } ]
limits: { store: redis, redis_url: "${redisUrl}", redis_prefix: "${scoped}", on_error: open }
traces: { flush_interval_ms: 50 }
store: ${storeYaml()}
`;
    const config = join(dir, `${backend}.yaml`);
    writeFileSync(config, yaml(`redis://127.0.0.1:${relay.port}`));
    const dying = await serveProcess(config);
    replicas.push(dying);
    const dyingUrl = dying.url;
    const stores = await openStores(parseConfig(yaml('redis://127.0.0.1:6379')).store);
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const counted = async () => Number((await redis.get(`${scoped}:key:${configKeyId(hashKey('sk-sy-owed-kill'))}:spend:0`)) ?? 0);
      expect(await ask(dyingUrl)).toBe(200);
      await eventually('the first call counted in Redis', async () => (await counted()) > 0);
      const before = await counted();

      await relay.cut();
      for (let i = 0; i < 8; i++) expect(await ask(dyingUrl)).toBe(200);
      // Kept in the shared store as each call settled, before Redis is back.
      await eventually('8 debts in the store', async () => (await stores.owed.due(scoped, 100)).length === 8);
      const owed = (await stores.owed.due(scoped, 100)).reduce((sum, debt) => sum + debt.usd, 0);
      expect(owed).toBeGreaterThan(0.1);
      dying.child.kill('SIGKILL');
      await dying.exited;
      expect(await counted()).toBeCloseTo(before, 10);

      // Another replica, reaching Redis, pays what the dead one owed, with no call of its own needed.
      const survivor = await startServer(parseConfig(yaml('redis://127.0.0.1:6379')), { port: 0 });
      try {
        // Paid into Redis first, then struck from the store (the marks keep a retry from paying twice).
        await eventually('the outage’s spend counted in Redis', async () => Math.abs((await counted()) - (before + owed)) < 1e-9);
        await eventually('the paid debts struck from the store', async () => (await stores.owed.due(scoped, 100)).length === 0);
        expect(await ask(survivor.url)).toBe(429);
        // It stays counted once: a later sweep finds nothing to pay again. The sweep the timer runs
        // every 5 s, run now: the second starts after the one that struck the debts has ended.
        expect(survivor.limits).toBeInstanceOf(RedisLimitStore);
        const limits = survivor.limits as RedisLimitStore;
        await limits.payOwed();
        await limits.payOwed();
        expect(await counted()).toBeCloseTo(before + owed, 9);
      } finally {
        await survivor.close();
      }
    } finally {
      redis.disconnect();
      await stores.close();
      await relay.cut();
    }
  });
});

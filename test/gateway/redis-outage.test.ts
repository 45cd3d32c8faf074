import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { configKeyId, hashKey } from '../../src/limits/keys.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { eventually } from '../../src/test-support/eventually.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';
import { Relay } from '../../src/test-support/redis-relay.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openaiTo } from '../../src/test-support/gateway-harness.js';

let sim: Simulator;
let dir: string;
const relay = new Relay();
const servers: Record<'open' | 'closed', RunningServer | undefined> = { open: undefined, closed: undefined };
const prefix = `switchyard-test:outage:${process.pid}:${Date.now()}`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'switchyard-outage-'));
  await relay.open();
  for (const policy of ['open', 'closed'] as const) {
    servers[policy] = await startServer(
      parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 1, output_per_mtok: 1 } } }
keys: [ { key: sk-sy-outage-test, name: outage, budget: { usd: 100 }, rate_limit: { requests_per_minute: 1000 } } ]
limits: { store: redis, redis_url: "redis://127.0.0.1:${relay.port}", redis_prefix: "${prefix}:${policy}", on_error: ${policy} }
store: { sqlite: "${join(dir, `${policy}.db`)}" }`),
      { port: 0 },
    );
  }
});
afterAll(async () => {
  for (const server of Object.values(servers)) await server?.close();
  await relay.cut();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  await deleteRedisKeys(`${prefix}:*`);
});

const ask = (server: RunningServer) =>
  openaiTo(server, 'sk-sy-outage-test').chat.completions
    .create({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })
    .then(() => 200, (error: { status?: number }) => error.status ?? 0);

interface Health {
  status: string;
  degraded?: string[];
  limits: { reachable: boolean };
}
const healthBody = async (server: RunningServer) => {
  const response = await fetch(`${server.url}/health`);
  // Still 200 when degraded: a Redis outage hits every replica, and a load balancer must not drop them all.
  expect(response.status).toBe(200);
  return (await response.json()) as Health;
};
const health = async (server: RunningServer) => (await healthBody(server)).limits;

describe('a Redis outage', () => {
  it('degrades as each replica is configured, shows on /health and the trace, and recovers', async () => {
    const open = servers.open as RunningServer;
    const closed = servers.closed as RunningServer;
    expect(await ask(open)).toBe(200);
    expect(await ask(closed)).toBe(200);

    await relay.cut();
    expect(await ask(open)).toBe(200);
    expect(await ask(closed)).toBe(503);
    expect(await health(open)).toMatchObject({ reachable: false, on_error: 'open' });
    expect(await health(closed)).toMatchObject({ reachable: false, on_error: 'closed' });
    expect(await healthBody(closed)).toMatchObject({ status: 'degraded', degraded: [expect.stringContaining('refused with 503')] });
    expect(await healthBody(open)).toMatchObject({ status: 'degraded', degraded: [expect.stringContaining('without budgets or rate limits')] });
    await open.traces.flush();
    const [latest] = (await open.store.listTraces({ limit: 1 })).traces;
    const trace = await open.store.getTrace(latest?.id as string);
    expect(trace?.decisions?.limits).toMatchObject({ degraded: true, policy: 'open' });
    // In an operator's words, not ioredis's "Stream isn't writeable and enableOfflineQueue options is false".
    expect((trace?.decisions?.limits as { reason?: string }).reason).toMatch(/^limit store unreachable: (no connection to Redis \(down or unreachable; the client reconnects every ≤ 2 s\)|Redis did not answer within 2 s)$/);

    await relay.open();
    const deadline = Date.now() + 10_000;
    while ((await ask(closed)) !== 200) {
      if (Date.now() > deadline) throw new Error('the closed replica did not recover within 10 s of Redis coming back');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await health(closed)).toMatchObject({ reachable: true });
    const recovered = await healthBody(closed);
    expect(recovered.status).toBe('ok');
    expect(recovered.degraded).toBeUndefined();
  });
});

describe('Redis away when the gateway starts', () => {
  it('starts anyway, says so, applies each policy, and takes Redis up once it answers', async () => {
    const late = new Relay();
    await late.open();
    await late.cut(); // a port nothing listens on, that the relay opens again later
    const logs: string[] = [];
    const started: RunningServer[] = [];
    try {
      for (const policy of ['open', 'closed'] as const) {
        started.push(
          await startServer(
            parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 1, output_per_mtok: 1 } } }
keys: [ { key: sk-sy-outage-test, name: outage, budget: { usd: 100 }, rate_limit: { requests_per_minute: 1000 } } ]
limits: { store: redis, redis_url: "redis://:hunter2@127.0.0.1:${late.port}", redis_prefix: "${prefix}:late-${policy}", on_error: ${policy} }
store: { sqlite: "${join(dir, `late-${policy}.db`)}" }`),
            { port: 0, log: (line) => logs.push(line) },
          ),
        );
      }
      const [open, closed] = started as [RunningServer, RunningServer];
      expect(logs.filter((l) => l.startsWith('limits.redis_url: cannot reach'))).toHaveLength(2);
      // Why, and what to check: not ioredis's "Connection is closed."
      expect(logs[0]).toContain(`(connect ECONNREFUSED 127.0.0.1:${late.port}: is Redis running and listening on 127.0.0.1:${late.port}?)`);
      expect(logs.join('\n')).toContain('are refused (503) (limits.on_error: closed) until it answers');
      expect(logs.join('\n')).not.toContain('hunter2');
      expect(await ask(open)).toBe(200);
      expect(await ask(closed)).toBe(503);
      expect(await health(closed)).toMatchObject({ reachable: false, on_error: 'closed' });

      await late.open();
      const deadline = Date.now() + 10_000;
      while ((await ask(closed)) !== 200) {
        if (Date.now() > deadline) throw new Error('the closed replica did not reach Redis within 10 s of it coming up');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await health(closed)).toMatchObject({ reachable: true });
    } finally {
      for (const server of started) await server.close();
      await late.cut();
    }
  });
});

describe('a Redis database the server does not have', () => {
  const config = (database: number) =>
    parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 1, output_per_mtok: 1 } } }
keys: [ { key: sk-sy-outage-test, name: outage, budget: { usd: 100 }, rate_limit: { requests_per_minute: 1000 } } ]
limits: { store: redis, redis_url: "redis://127.0.0.1:6379/${database}", redis_prefix: "${prefix}:db${database}" }
store: { sqlite: "${join(dir, `db-${database}.db`)}" }`);

  it('is named when Redis is reached only after the start, and the limits stay off rather than in database 0', async () => {
    const late = new Relay();
    await late.open();
    await late.cut();
    const logs: string[] = [];
    const server = await startServer(
      parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 1, output_per_mtok: 1 } } }
keys: [ { key: sk-sy-outage-test, name: outage, budget: { usd: 100 } } ]
limits: { store: redis, redis_url: "redis://127.0.0.1:${late.port}/9999", redis_prefix: "${prefix}:late-db" }
store: { sqlite: "${join(dir, 'late-db.db')}" }`),
      { port: 0, log: (line) => logs.push(line) },
    );
    try {
      expect(await ask(server)).toBe(503);
      await late.open();
      await eventually('the missing database to be named', async () => logs.some((l) => l.includes('database 9999 does not exist')));
      expect(logs.find((l) => l.includes('database 9999 does not exist'))).toBe(
        `limits.redis_url: database 9999 does not exist on redis://127.0.0.1:${late.port}/9999 (ERR DB index is out of range); calls of keys with limits stay refused (503) (limits.on_error: closed): name a database the server has and restart`,
      );
      // Before, ioredis went on in database 0 and the call was admitted there.
      expect(await ask(server)).toBe(503);
      expect(await health(server)).toMatchObject({ reachable: false });
    } finally {
      await server.close();
      await late.cut();
    }
  });

  it('stops the start naming it, where ioredis went on in database 0; a database it has holds the counters', async () => {
    await expect(startServer(config(9999), { port: 0 })).rejects.toThrow(
      /^limits\.redis_url: database 9999 does not exist on redis:\/\/127\.0\.0\.1:6379\/9999 \(ERR DB index is out of range\): this server has \d+, 0 to \d+ \(redis\.conf's "databases" sets how many\)$/,
    );
    const server = await startServer(config(1), { port: 0 });
    try {
      expect(await ask(server)).toBe(200);
      const one = new Redis('redis://127.0.0.1:6379/1');
      const zero = new Redis('redis://127.0.0.1:6379/0');
      try {
        expect((await one.keys(`${prefix}:db1:*`)).length).toBeGreaterThan(0);
        expect(await zero.keys(`${prefix}:db1:*`)).toEqual([]);
        const written = await one.keys(`${prefix}:db1:*`);
        await one.del(...written);
      } finally {
        one.disconnect();
        zero.disconnect();
      }
    } finally {
      await server.close();
    }
  });
});

/** Polls until `check` holds (a replica settles a call after its answer was delivered), or fails after 10 s. */
describe('calls served unlimited while Redis was away (on_error: open)', () => {
  it('count against the budget once Redis is back, on every replica', async () => {
    const cut = new Relay();
    await cut.open();
    const shared = `${prefix}:owed`;
    // Two replicas of one deployment: one reaches Redis through the relay, the other directly.
    // A call costs $0.015 here and holds about $0.09 (its worst case) while in flight.
    const config = (url: string, db: string) =>
      parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 1000, output_per_mtok: 1000 } } }
keys: [ { key: sk-sy-outage-test, name: owed, budget: { usd: 0.2 } } ]
limits: { store: redis, redis_url: "${url}", redis_prefix: "${shared}", on_error: open }
store: { sqlite: "${join(dir, db)}" }`);
    const redis = new Redis('redis://127.0.0.1:6379');
    const counted = async () => Number((await redis.get(`${shared}:key:${configKeyId(hashKey('sk-sy-outage-test'))}:spend:0`)) ?? 0);
    const started: RunningServer[] = [];
    try {
      started.push(await startServer(config(`redis://127.0.0.1:${cut.port}`, 'owed-a.db'), { port: 0 }));
      started.push(await startServer(config('redis://127.0.0.1:6379', 'owed-b.db'), { port: 0 }));
      const [a, b] = started as [RunningServer, RunningServer];
      let traced = 0;
      const tracedCalls = async (calls: number) => {
        await eventually(`${calls} traces on replica a`, async () => {
          await a.traces.flush();
          const { traces } = await a.store.listTraces({ limit: 100 });
          traced = traces.reduce((sum, trace) => sum + trace.costUsd, 0);
          return traces.length === calls;
        });
        return traced;
      };
      expect(await ask(a)).toBe(200);
      await tracedCalls(1);
      await eventually('the first call counted in Redis', async () => (await counted()) > 0);

      await cut.cut();
      for (let i = 0; i < 8; i++) expect(await ask(a)).toBe(200);
      const spent = await tracedCalls(9);
      // What Redis counts without the outage's calls still leaves room for another call.
      expect((await counted()) + 0.09).toBeLessThan(0.2);
      expect(spent + 0.09).toBeGreaterThan(0.2);

      // Replica a pays what it owes once Redis answers, with no call of its own needed.
      await cut.open();
      await eventually('the outage’s spend counted in Redis', async () => Math.abs((await counted()) - spent) < 1e-9);
      expect(await ask(b)).toBe(429);
      expect(await ask(a)).toBe(429);
    } finally {
      for (const server of started) await server.close();
      await cut.cut();
      redis.disconnect();
    }
  });
});

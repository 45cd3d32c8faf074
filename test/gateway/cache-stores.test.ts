import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { closedPort, openaiTo } from '../../src/test-support/gateway-harness.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';

const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `switchyard-test:gwcache:${process.pid}:${Date.now()}:`;
let sim: Simulator;
const servers: RunningServer[] = [];

const config = (redisUrl: string, price = '') =>
  parseConfig(
    `
providers:
  sim: { type: openai, base_url: ${sim.url}/v1, api_key: sk-upstream }
models:
  small: { provider: sim, model: standin-small${price ? `, price: ${price}` : ''} }
cache:
  store: redis
  redis_url: ${redisUrl}
  redis_prefix: "${prefix}"
  redis_timeout_ms: 200
  routes: { small: {} }
store: { sqlite: ":memory:" }
`,
    'test',
  );

async function gateway(redisUrl: string, log?: (line: string) => void, price?: string): Promise<{ server: RunningServer; client: OpenAI }> {
  const server = await startServer(config(redisUrl, price), { port: 0, host: '127.0.0.1', ...(log ? { log } : {}) });
  servers.push(server);
  return { server, client: openaiTo(server, 'any') };
}

let redis: Redis;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  redis = new Redis(REDIS);
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await sim.close();
  redis.disconnect();
  await deleteRedisKeys(`${prefix}*`, REDIS);
});

/**
 * Waits until Redis holds the answer of the call traced as `response`'s trace id: the entry is
 * written after the answer went out (its header names the trace), so a fixed wait before the next
 * request was a race the write lost on a loaded machine.
 */
async function storedInRedis(response: Response): Promise<void> {
  const traceId = response.headers.get('x-switchyard-trace-id') as string;
  const holds = async () => {
    for (const key of await redis.keys(`${prefix}*`)) if ((await redis.get(key))?.includes(`"traceId":"${traceId}"`)) return true;
    return false;
  };
  await expect.poll(holds, { interval: 20 }).toBe(true);
}

const messages = [{ role: 'user' as const, content: `shared question ${Date.now()}` }];

describe('response cache in Redis', () => {
  it("prices what a hit saved at the model's price at the hit: a replica whose config changed the price since counts its own", async () => {
    const before = await gateway(REDIS, undefined, '{ input_per_mtok: 1, output_per_mtok: 2 }');
    const now = await gateway(REDIS, undefined, '{ input_per_mtok: 10, output_per_mtok: 40 }');
    const question = [{ role: 'user' as const, content: `priced question ${Date.now()}` }];
    const miss = await before.client.chat.completions.create({ model: 'small', temperature: 0, messages: question }).withResponse();
    expect(miss.response.headers.get('x-switchyard-cache')).toBe('miss');
    const usage = miss.data.usage as OpenAI.CompletionUsage;
    expect(Number(miss.response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo((usage.prompt_tokens * 1 + usage.completion_tokens * 2) / 1e6, 8);
    await before.server.traces.flush();
    // The entry is written after the answer: wait for it, as a later request would find it.
    await storedInRedis(miss.response);
    const hit = await now.client.chat.completions.create({ model: 'small', temperature: 0, messages: question }).withResponse();
    expect(hit.response.headers.get('x-switchyard-cache')).toBe('hit');
    await now.server.traces.flush();
    const id = hit.response.headers.get('x-switchyard-trace-id') as string;
    const trace = await now.server.store.getTrace(id);
    expect(trace?.decisions?.cache).toMatchObject({
      status: 'hit',
      savedTokens: { input: usage.prompt_tokens, output: usage.completion_tokens, cached: 0 },
      savedUsd: expect.closeTo((usage.prompt_tokens * 10 + usage.completion_tokens * 40) / 1e6, 12),
      savedPricedAt: 'hit',
    });
  });

  it('is shared by replicas: an answer one gateway stored is a hit on another', async () => {
    const a = await gateway(REDIS);
    const b = await gateway(REDIS);
    const first = await a.client.chat.completions.create({ model: 'small', temperature: 0, messages }).withResponse();
    expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
    // The write is queued after the answer went out.
    await storedInRedis(first.response);
    const second = await b.client.chat.completions.create({ model: 'small', temperature: 0, messages }).withResponse();
    expect(second.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
  });

  it('serves every request from the provider when Redis is unreachable, and says so on the trace', async () => {
    const dead = await gateway(`redis://127.0.0.1:${await closedPort()}`);
    const before = sim.stats().requests;
    for (let i = 0; i < 2; i++) {
      const { response } = await dead.client.chat.completions.create({ model: 'small', temperature: 0, messages }).withResponse();
      expect(response.headers.get('x-switchyard-cache')).toBe('miss');
      const id = response.headers.get('x-switchyard-trace-id') ?? '';
      await dead.server.traces.flush();
      const trace = await dead.server.store.getTrace(id);
      expect(trace?.decisions?.cache).toMatchObject({ status: 'error', error: expect.stringContaining('cache store') });
    }
    // Each lookup gives up (at redis_timeout_ms, see src/cache/cache-stores.test.ts) and the provider answers.
    expect(sim.stats().requests).toBe(before + 2);
  });

  it('says a Redis is unavailable without the password its URL holds', async () => {
    const logs: string[] = [];
    const port = await closedPort();
    await gateway(`redis://:hunter2@127.0.0.1:${port}`, (line) => logs.push(line));
    const deadline = Date.now() + 5_000;
    while (!logs.some((l) => l.startsWith('cache: Redis')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Before: "cache: Redis at redis://:hunter2@127.0.0.1:… is unavailable".
    expect(logs.find((l) => l.startsWith('cache: Redis'))).toMatch(new RegExp(`^cache: Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} is unavailable, serving without the cache: `));
    expect(logs.join('\n')).not.toContain('hunter2');
  });

  it('names a database the Redis server lacks and serves without the cache, not in database 0', async () => {
    const logs: string[] = [];
    const missing = `${REDIS}/9999`;
    const { client } = await gateway(missing, (line) => logs.push(line));
    const deadline = Date.now() + 5_000;
    while (!logs.some((l) => l.startsWith('cache.redis_url')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(logs.find((l) => l.startsWith('cache.redis_url'))).toMatch(/^cache\.redis_url: database 9999 does not exist on redis:\/\/.*\/9999 \(ERR DB index is out of range\): this server has \d+, 0 to \d+ \(redis\.conf's "databases" sets how many\); serving without the cache$/);
    const before = sim.stats().requests;
    const question = [{ role: 'user' as const, content: `no database ${Date.now()}` }];
    for (let i = 0; i < 2; i++) {
      const { response } = await client.chat.completions.create({ model: 'small', temperature: 0, messages: question }).withResponse();
      expect(response.headers.get('x-switchyard-cache')).toBe('miss');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Before, ioredis went on in database 0: the second call was a hit there.
    expect(sim.stats().requests).toBe(before + 2);
  });
});

describe('response cache in SQLite', () => {
  it('keeps answers across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-cache-sqlite-'));
    const text = `
providers:
  sim: { type: openai, base_url: ${sim.url}/v1, api_key: sk-upstream }
models:
  small: { provider: sim, model: standin-small }
cache: { store: sqlite, sqlite_path: ${join(dir, 'cache.db')}, routes: { small: {} } }
store: { sqlite: ":memory:" }
`;
    const ask = async () => {
      const server = await startServer(parseConfig(text, 'test'), { port: 0, host: '127.0.0.1' });
      try {
        const client = openaiTo(server, 'any');
        const answer = await client.chat.completions.create({ model: 'small', temperature: 0, messages }).withResponse();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return answer;
      } finally {
        await server.close();
      }
    };
    try {
      const first = await ask();
      expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
      const afterRestart = await ask();
      expect(afterRestart.response.headers.get('x-switchyard-cache')).toBe('hit');
      expect(afterRestart.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not replay an answer after the name is pointed at another provider: the new one answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-cache-sqlite-'));
    const other = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
    const text = (baseUrl: string, model: string) => `
providers:
  sim: { type: openai, base_url: ${baseUrl}/v1, api_key: sk-upstream }
models:
  small: { provider: sim, model: ${model} }
cache: { store: sqlite, sqlite_path: ${join(dir, 'cache.db')}, routes: { small: {} } }
store: { sqlite: ":memory:" }
`;
    const ask = async (config: string) => {
      const server = await startServer(parseConfig(config, 'test'), { port: 0, host: '127.0.0.1' });
      try {
        const client = openaiTo(server, 'any');
        const { response } = await client.chat.completions.create({ model: 'small', temperature: 0, messages }).withResponse();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return response.headers.get('x-switchyard-cache');
      } finally {
        await server.close();
      }
    };
    try {
      expect(await ask(text(sim.url, 'standin-small'))).toBe('miss');
      expect(await ask(text(sim.url, 'standin-small'))).toBe('hit');
      // Before: both were hits, the first provider's answer replayed for the second.
      expect(await ask(text(other.url, 'standin-small'))).toBe('miss');
      expect(other.stats().requests).toBe(1);
      expect(await ask(text(sim.url, 'standin-large'))).toBe('miss');
    } finally {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { openaiTo } from '../../src/test-support/gateway-harness.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';

/**
 * Two replicas on one PostgreSQL schema and one Redis cache with a semantic route: an erasure run
 * on one reaches what the other holds in memory of the erased calls' cached answers (the question
 * in its semantic index, the decoded answer), told through Redis, not left until a lookup meets it.
 */
const ADMIN = 'admin-key-erasure-replicas';
const schema = uniqueSchema();
const prefix = `switchyard-test:erasure-replicas:${process.pid}:${Date.now()}:`;
let sim: Simulator;
const replicas: RunningServer[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  const config = parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } } }
routes: { faq: { policy: static, target: small } }
keys: [{ key: sk-sy-erasure-replicas, name: app }]
cache:
  store: redis
  redis_url: "redis://127.0.0.1:6379"
  redis_prefix: "${prefix}"
  routes: { faq: { semantic: {} } }
server: { admin_key: ${ADMIN} }
traces: { flush_interval_ms: 5 }
store: { postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }`);
  // One at a time: the second finds the schema migrated by the first.
  for (let i = 0; i < 2; i++) replicas.push(await startServer(config, { port: 0, host: '127.0.0.1', log: () => undefined }));
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await sim?.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
  await deleteRedisKeys(`${prefix}*`);
});

const replica = (i: number) => replicas[i] as RunningServer;

async function held(i: number): Promise<{ answers: number; questions: number }> {
  const response = await fetch(`${replica(i).url}/api/providers`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return ((await response.json()) as { cacheHeld: { answers: number; questions: number } }).cacheHeld;
}

describe('an erasure on one replica', () => {
  it("drops the erased question from the other replica's semantic index and its decoded answer, told through Redis", async () => {
    const app = openaiTo(replica(1), 'sk-sy-erasure-replicas');
    const ask = (user: string, content: string) => app.chat.completions.create({ model: 'faq', user, temperature: 0, messages: [{ role: 'user', content }] }).withResponse();
    const cacheDecision = async (r: { response: Response }) => {
      await replica(1).traces.flush();
      return (await replica(1).stores.traces.getTrace(r.response.headers.get('x-switchyard-trace-id') as string))?.decisions?.cache as { status: string; semantic?: { nearest?: number | null } };
    };
    await ask('grace', 'How do I reset my Quellmoor password?');
    const reworded = 'how do I reset my Quellmoor password';
    expect(await cacheDecision(await ask('grace', reworded))).toMatchObject({ status: 'hit' });
    expect(await held(1)).toEqual({ answers: 1, questions: 1 });
    expect(await held(0)).toEqual({ answers: 0, questions: 0 });

    await replica(1).traces.flush();
    const erasure = await fetch(`${replica(0).url}/api/erasure`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ user: 'grace' }) });
    expect(((await erasure.json()) as { erased: Record<string, number> }).erased).toMatchObject({ traces: 2, cachedAnswers: 1 });
    // Told through Redis: the other replica hears it within moments (no lookup of its own needed).
    let now = await held(1);
    for (let tries = 0; tries < 200 && now.questions > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      now = await held(1);
    }
    expect(now).toEqual({ answers: 0, questions: 0 });
    // Nothing of hers is close any more on that replica.
    expect(await cacheDecision(await ask('henry', reworded))).toMatchObject({ status: 'miss', semantic: { nearest: null } });
  });

  it('and a cleared cache empties what every replica holds', async () => {
    const app = openaiTo(replica(0), 'sk-sy-erasure-replicas');
    await app.chat.completions.create({ model: 'faq', temperature: 0, messages: [{ role: 'user', content: 'Where is my parcel?' }] });
    expect((await held(0)).questions).toBe(1);
    await fetch(`${replica(1).url}/api/cache`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    let now = await held(0);
    for (let tries = 0; tries < 200 && now.questions > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      now = await held(0);
    }
    expect(now).toEqual({ answers: 0, questions: 0 });
  });
});

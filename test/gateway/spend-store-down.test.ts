import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { eventually } from '../../src/test-support/eventually.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';
import { Relay } from '../../src/test-support/redis-relay.js';
import { anthropicTo, openaiTo } from '../../src/test-support/gateway-harness.js';

// Redis answers, PostgreSQL does not, and a budget's spend has to be read from the traces (the
// replica's first call of the period): the 503 and /health said "limit store unreachable" while
// /health showed Redis reachable, which sent the operator to the wrong server.
let sim: Simulator;
const relay = new Relay(Number(new URL(TEST_POSTGRES_URL).port || 5432));
const schema = uniqueSchema();
const prefix = `switchyard-test:spend-down:${process.pid}:${Date.now()}`;
const servers: Record<'open' | 'closed', RunningServer | undefined> = { open: undefined, closed: undefined };
let location = '';

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  await relay.open();
  const url = new URL(TEST_POSTGRES_URL);
  url.port = String(relay.port);
  url.password = 's3cret-not-shown';
  location = `postgres://${url.username}@127.0.0.1:${relay.port}${url.pathname}?schema=${schema}`;
  for (const policy of ['open', 'closed'] as const) {
    servers[policy] = await startServer(
      parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 1, output_per_mtok: 1 } } }
keys: [ { key: sk-sy-spend-down-test, name: spender, budget: { usd: 100 } } ]
limits: { store: redis, redis_prefix: "${prefix}:${policy}", on_error: ${policy} }
store: { postgres: "${url.toString()}?schema=${schema}" }`),
      { port: 0 },
    );
  }
});
afterAll(async () => {
  for (const server of Object.values(servers)) await server?.close();
  await relay.cut();
  await sim.close();
  await deleteRedisKeys(`${prefix}:*`);
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
});

const openai = (server: RunningServer) =>
  openaiTo(server, 'sk-sy-spend-down-test').chat.completions.create({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
const anthropic = (server: RunningServer) =>
  anthropicTo(server, 'sk-sy-spend-down-test').messages.create({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });

interface Health {
  status: string;
  degraded?: string[];
  limits: { reachable: boolean; spend_source?: { store: string; reachable: boolean; last_error?: string } };
}
const health = async (server: RunningServer) => (await (await fetch(`${server.url}/health`)).json()) as Health;

describe('a budget whose spend cannot be read because PostgreSQL is down while Redis answers', () => {
  it('is refused under on_error: closed with a 503 naming the trace store (PostgreSQL) in each API shape, and /health names its URL and what to check', async () => {
    const closed = servers.closed as RunningServer;
    await relay.cut();
    // The pool hears its connections close; the next read connects anew and is refused.
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The store by kind, not its address: the database's host and port stay in the log and /health.
    const named = 'the budget of key "spender" cannot be checked right now: its spend is read from the trace store (postgres), which did not answer; the limit store answers; retry shortly (the gateway\'s log and /health name the cause)';
    const viaOpenai = (await openai(closed).then(() => undefined, (error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(viaOpenai).toBeInstanceOf(OpenAI.APIError);
    expect(viaOpenai.status).toBe(503);
    expect(viaOpenai.headers?.get('retry-after')).toBe('1');
    expect((viaOpenai.error as { message: string }).message).toBe(named);
    expect(JSON.stringify(viaOpenai.error)).not.toContain('s3cret');
    expect(JSON.stringify(viaOpenai.error)).not.toContain(`127.0.0.1:${relay.port}`);
    const viaAnthropic = (await anthropic(closed).then(() => undefined, (error: unknown) => error)) as InstanceType<typeof Anthropic.APIError>;
    expect(viaAnthropic).toBeInstanceOf(Anthropic.APIError);
    expect(viaAnthropic.status).toBe(503);
    expect((viaAnthropic.error as { error: { message: string } }).error.message).toBe(named);

    const shown = await health(closed);
    expect(shown.limits).toMatchObject({ reachable: true, spend_source: { store: 'postgres', reachable: false, last_error: expect.stringContaining(`store.postgres: cannot connect to ${location}`) } });
    expect(shown.status).toBe('degraded');
    expect(shown.degraded).toContainEqual(expect.stringMatching(/^budget spend unreadable: the trace store \(postgres\) did not answer .* are refused with 503 \(limits\.on_error: closed\); the limit store \(redis\) is not the cause; last error: store\.postgres: cannot connect to /));
    expect(JSON.stringify(shown)).not.toContain('s3cret');
    expect(shown.degraded?.some((line) => line.startsWith('limit store unreachable'))).toBe(false);
  });

  it('is served under on_error: open, and /health says it is served without its budget', async () => {
    const open = servers.open as RunningServer;
    await relay.cut();
    expect((await openai(open)).choices[0]?.message.content).toBeTruthy();
    expect((await health(open)).degraded).toContainEqual(expect.stringContaining('are served without budgets or rate limits (limits.on_error: open)'));
  });

  it('is checked again once PostgreSQL is back, and /health turns ok without a call', async () => {
    await relay.open();
    for (const server of [servers.closed, servers.open] as RunningServer[]) {
      await eventually('/health ok once PostgreSQL is back', async () => (await health(server)).status === 'ok');
      expect((await health(server)).limits.spend_source).toBeUndefined();
      expect((await openai(server)).choices[0]?.message.content).toBeTruthy();
    }
  });
});

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';

// A model nobody priced is booked at $0, which no dollar budget counts: a key with a $1 budget
// could call it forever. By default (limits.unpriced: refuse) a budgeted key is refused such a
// model before anything is sent, in its client's own error shape; `allow` serves it, still
// counted against the request and token rate limits, on every replica.

const hello = { messages: [{ role: 'user' as const, content: 'hello there' }] };
type ApiError = InstanceType<typeof OpenAI.APIError>;

describe('limits.unpriced: refuse (the default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('', (sim) => `
providers:
  sim:  { type: openai,    base_url: ${sim}/v1, api_key: sk-up }
  anth: { type: anthropic, base_url: ${sim},    api_key: sk-ant-up }
models:
  astra:  { provider: sim, model: my-vllm-model }
  claude: { provider: anth, model: claude-standin }
  priced: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  mixed:
    fallbacks: [ { provider: sim, model: my-vllm-model }, { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } } ]
  embed:  { provider: sim, model: my-embedder }
  own:    { provider: sim, model: my-vllm-model, price: { input_per_mtok: 0 } }
keys:
  - { key: sk-sy-budget, name: budgeted, budget: { usd: 1, period: monthly } }
  - { key: sk-sy-free, name: unbudgeted }
  - { key: sk-sy-team, name: member, team: research }
teams:
  - { name: research, budget: { usd: 5 } }
`);
  });
  afterAll(() => h.close());
  const as = (key: string) => h.openai(key);

  it('refuses a budgeted key a model with no price: 403 naming the model, the budget and the price to add, nothing sent upstream', async () => {
    const before = h.sim.stats().requests;
    const error = (await as('sk-sy-budget').chat.completions.create({ model: 'astra', ...hello }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, type: 'invalid_request_error', code: 'unpriced_model' });
    expect(error.message).toContain('model "astra" is served by "my-vllm-model", which has no price');
    expect(error.message).toContain('key "budgeted"\'s $1 monthly budget cannot count its calls');
    expect(error.message).toContain('add a price for "my-vllm-model" under models.astra.price in switchyard.yaml');
    expect(error.message).toContain('limits.unpriced: allow');
    expect(h.sim.stats().requests).toBe(before);
    const trace = await h.traceOf(error.headers?.get('x-switchyard-trace-id'));
    expect(trace.status).toBe(403);
    expect(trace.attempts).toEqual([]);
    expect(trace.decisions?.unpriced).toMatchObject({ policy: 'refuse', skipped: ['sim/my-vllm-model'], budget: 'key:budgeted' });
  });

  it('refuses it a stream too, before the first byte', async () => {
    const error = (await as('sk-sy-budget').chat.completions.create({ model: 'astra', stream: true, ...hello }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.message).toContain('no price');
  });

  it('answers an Anthropic client in its own shape: permission_error', async () => {
    // An unpriced Claude deployment, called by the Anthropic SDK.
    const claude = new Anthropic({ apiKey: 'sk-sy-budget', baseURL: h.baseURL.replace(/\/v1$/, ''), maxRetries: 0 });
    const error = (await claude.messages.create({ model: 'claude', max_tokens: 20, ...hello }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const body = error.error as { type: string; error: { type: string; message: string } };
    expect(body.error.type).toBe('permission_error');
    expect(body.error.message).toContain('model "claude" is served by "claude-standin", which has no price');
  });

  it('names the team budget when that is the one the key falls under', async () => {
    const error = (await as('sk-sy-team').chat.completions.create({ model: 'astra', ...hello }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(403);
    expect(error.message).toContain('team "research"\'s $5 total budget');
  });

  it('refuses an unpriced embedding model too', async () => {
    const error = (await as('sk-sy-budget').embeddings.create({ model: 'embed', input: 'hello' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.message).toContain('"my-embedder", which has no price');
  });

  it('passes over the unpriced target of a fallback chain and answers from the priced one', async () => {
    const answer = await as('sk-sy-budget').chat.completions.create({ model: 'mixed', ...hello }).withResponse();
    expect(answer.data.choices[0]?.message.content).toBeTruthy();
    const trace = await h.traceOf(answer.response.headers);
    expect(trace.upstreamModel).toBe('standin-small');
    expect(trace.costUsd).toBeGreaterThan(0);
    expect(trace.decisions?.unpriced).toMatchObject({ skipped: ['sim/my-vllm-model'] });
  });

  it('serves a budgeted key a model priced at zero (one you run yourself): free is a price, unknown is not', async () => {
    const own = await as('sk-sy-budget').chat.completions.create({ model: 'own', ...hello }).withResponse();
    expect(own.data.choices[0]?.message.content).toBeTruthy();
    expect(own.response.headers.get('x-switchyard-cost-usd')).toBe('0.00000000');
  });

  it('serves a key without a budget, and a budgeted key a priced model', async () => {
    const free = await as('sk-sy-free').chat.completions.create({ model: 'astra', ...hello }).withResponse();
    expect(free.data.choices[0]?.message.content).toBeTruthy();
    // Its $0 is unknown, not free: no cost header (every reader parses a number), the model named instead.
    expect(free.response.headers.get('x-switchyard-cost-usd')).toBeNull();
    expect(free.response.headers.get('x-switchyard-cost-unpriced')).toBe('my-vllm-model');
    const priced = await as('sk-sy-budget').chat.completions.create({ model: 'priced', ...hello }).withResponse();
    expect(priced.data.choices[0]?.message.content).toBeTruthy();
    expect(Number(priced.response.headers.get('x-switchyard-cost-usd'))).toBeGreaterThan(0);
    expect(priced.response.headers.get('x-switchyard-cost-unpriced')).toBeNull();
  });
});

describe('limits.unpriced: allow, across two replicas sharing Redis', () => {
  const prefix = `switchyard:test:unpriced:${process.pid}:${Date.now()}`;
  let sim: Simulator;
  const replicas: RunningServer[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
    const config = parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { astra: { provider: sim, model: my-vllm-model } }
keys:
  - { key: sk-sy-rpm, name: rpm, budget: { usd: 1 }, rate_limit: { requests_per_minute: 3 } }
  - { key: sk-sy-tpm, name: tpm, budget: { usd: 1 }, rate_limit: { tokens_per_minute: 40 } }
limits: { store: redis, redis_url: "redis://127.0.0.1:6379", redis_prefix: "${prefix}", unpriced: allow }
`);
    for (let i = 0; i < 2; i++) replicas.push(await startServer(config, { port: 0, host: '127.0.0.1' }));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await sim?.close();
    await deleteRedisKeys(`${prefix}:*`);
  });
  const on = (i: number, apiKey: string) => new OpenAI({ apiKey, baseURL: `${(replicas[i % 2] as RunningServer).url}/v1`, maxRetries: 0 });

  it('serves a budgeted key an unpriced model, counted against its request limit on every replica', async () => {
    for (let i = 0; i < 3; i++) await on(i, 'sk-sy-rpm').chat.completions.create({ model: 'astra', ...hello });
    const error = (await on(3, 'sk-sy-rpm').chat.completions.create({ model: 'astra', ...hello }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toContain('3 requests per minute');
  });

  it('counts its tokens against the token limit', async () => {
    // The body is estimated at ~20 tokens; the answer's real count (prompt and completion) is
    // settled, so a second call no longer fits beside the first in 40 tokens a minute.
    const first = await on(0, 'sk-sy-tpm').chat.completions.create({ model: 'astra', ...hello });
    expect((first.usage?.total_tokens ?? 0) + 20).toBeGreaterThan(40);
    const error = (await on(1, 'sk-sy-tpm').chat.completions.create({ model: 'astra', ...hello }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toContain('tokens per minute');
  });
});

import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/core/trace.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// Every model call a cascade makes counts: the rejected cheap answer's tokens and cost are on the
// trace (per step and in the totals) and against the key's token rate limit, while the client's
// `usage` is that of the answer it got — as with the JSON-schema re-ask.

let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
  cheap:  { provider: sim,  model: standin-cheap,  price: { input_per_mtok: 0.1, output_per_mtok: 0.4 } }
  strong: { provider: anth, model: claude-standin, price: { input_per_mtok: 3,   output_per_mtok: 15 } }
routes:
  triage:
    policy: cascade
    targets: [ cheap, strong ]
    escalate_on: { validation: { labels: [billing, shipping, other] } }
  extract:
    policy: cascade
    targets: [ cheap, strong ]
    escalate_on: { validation: { json_schema: { type: object, required: [ intent ], properties: { intent: { enum: [ billing, shipping ] } } } } }
guardrails:
  policies:
    reask: { output: { json_schema: { schema: { type: object, required: [ intent ], properties: { intent: { type: string } } }, action: block, max_reasks: 1 } } }
  apply:
    routes: { extract: reask }
keys:
  - { key: sk-sy-app, name: app }
  - { key: sk-sy-tpm, name: tpm, rate_limit: { tokens_per_minute: 240 } }
metrics: { token: scrape-token-0123456789 }
retry: { max_attempts: 1 }
`);
  // The cheap model answers a story request with prose (it fails the label check); the strong one labels it.
  h.sim.addScript({ match: 'story', model: 'standin-cheap', reply: 'Once upon a time', usage: { prompt_tokens: 100, completion_tokens: 10, cached_tokens: 40 } });
  h.sim.addScript({ match: 'story', model: 'claude-standin', reply: 'other', usage: { prompt_tokens: 120, completion_tokens: 3, cached_tokens: 0, cache_creation_tokens: 0 } });
  h.sim.addScript({ match: 'invoice', model: 'standin-cheap', reply: 'billing', usage: { prompt_tokens: 90, completion_tokens: 1, cached_tokens: 0 } });
  // extract: the cheap model chats (the guard re-asks), then answers JSON the cascade's check
  // rejects; the strong model answers it. The re-ask prompt quotes the request, so it is matched first.
  h.sim.addScript({ match: 'rejected because it does not match', model: 'standin-cheap', reply: { json: { intent: 'other' } }, usage: { prompt_tokens: 150, completion_tokens: 5, cached_tokens: 20 } });
  h.sim.addScript({ match: 'extract the intent', model: 'standin-cheap', reply: 'Sure, happy to help!', usage: { prompt_tokens: 100, completion_tokens: 10, cached_tokens: 40 } });
  h.sim.addScript({ match: 'extract the intent', model: 'claude-standin', reply: { json: { intent: 'billing' } }, usage: { prompt_tokens: 120, completion_tokens: 3, cached_tokens: 0, cache_creation_tokens: 0 } });
});
afterAll(async () => {
  await h.close();
});

const client = (key = 'sk-sy-app') => h.openai(key);
const story = { model: 'triage', messages: [{ role: 'user' as const, content: 'Tell me a story' }] };
// cheap: 100 input (40 cached, no cached price: billed as input) × $0.1/M + 10 × $0.4/M; strong: 120 × $3/M + 3 × $15/M.
const CHEAP_USD = (100 * 0.1 + 10 * 0.4) / 1e6;
const STRONG_USD = (120 * 3 + 3 * 15) / 1e6;


/** The `switchyard_tokens_total` sample of the cascade route answered by the strong model's provider. */
async function routeTokens(type: 'input' | 'output' | 'cached_input'): Promise<number> {
  const text = await (await fetch(`${h.gateway.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } })).text();
  const line = text.split('\n').find((l) => l.startsWith('switchyard_tokens_total{') && l.includes('model="triage"') && l.includes('provider="anth"') && l.includes(`type="${type}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

type Step = { target: string; action: string; inputTokens: number | null; outputTokens: number | null; cachedTokens: number | null; costUsd: number | null };

function expectBothSteps(trace: TraceRecord) {
  // The totals hold both model calls…
  expect(trace).toMatchObject({ inputTokens: 220, outputTokens: 13, cachedTokens: 40 });
  expect(trace.costUsd).toBeCloseTo(CHEAP_USD + STRONG_USD, 12);
  // …and the route decision lists each step with its own tokens and cost.
  const steps = (trace.decisions?.route as { cascade: Step[] }).cascade;
  expect(steps).toEqual([
    expect.objectContaining({ target: 'cheap', action: 'escalate', inputTokens: 100, outputTokens: 10, cachedTokens: 40, costUsd: expect.closeTo(CHEAP_USD, 12) }),
    expect.objectContaining({ target: 'strong', action: 'final', inputTokens: 120, outputTokens: 3, cachedTokens: 0, costUsd: expect.closeTo(STRONG_USD, 12) }),
  ]);
}

describe('cascade: every step counts', () => {
  it('whole answer: the client gets the delivered answer’s usage; the trace and the cost header count both steps', async () => {
    const before = { input: await routeTokens('input'), output: await routeTokens('output'), cached: await routeTokens('cached_input') };
    const { data, response } = await client().chat.completions.create(story).withResponse();
    expect(data.choices[0]?.message.content).toBe('other');
    expect(data.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 3 });
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(CHEAP_USD + STRONG_USD, 8);
    expectBothSteps(await h.traceOf(response.headers.get('x-switchyard-trace-id')));
    // Metrics count the trace's totals: both steps, filed under the route and the provider that answered.
    expect(await routeTokens('input')).toBe(before.input + 220);
    expect(await routeTokens('output')).toBe(before.output + 13);
    expect(await routeTokens('cached_input')).toBe(before.cached + 40);
  });

  it('streamed: the same, with the usage chunk of the delivered answer', async () => {
    const { data: stream, response } = await client().chat.completions.create({ ...story, stream: true, stream_options: { include_usage: true } }).withResponse();
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('other');
    expect(usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 3 });
    expectBothSteps(await h.traceOf(response.headers.get('x-switchyard-trace-id')));
  });

  it('an accepted first answer is the only step, with its tokens', async () => {
    for (const stream of [false, true]) {
      const { response } = await client().chat.completions.create({ model: 'triage', messages: [{ role: 'user', content: 'Where is my invoice?' }], stream }).withResponse();
      if (stream) await response.text();
      const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
      expect(trace).toMatchObject({ inputTokens: 90, outputTokens: 1 });
      expect((trace.decisions?.route as { cascade: Step[] }).cascade).toEqual([expect.objectContaining({ target: 'cheap', action: 'accept', inputTokens: 90, outputTokens: 1 })]);
    }
  });

  it('the rejected step’s tokens count against the key’s token rate limit', async () => {
    // 220 + 13 = 233 tokens used; the next request's estimate (a token per 4 bytes of body) passes 240.
    await client('sk-sy-tpm').chat.completions.create(story);
    const error = await client('sk-sy-tpm').chat.completions.create(story).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as Error).message).toContain('240 tokens per minute (233 used)');
  });
});

describe('cascade and re-ask: each model call counted once, in its step', () => {
  // cheap answers twice in its step (chatter, re-asked; then JSON the cascade escalates): (100 + 150) × $0.1/M + (10 + 5) × $0.4/M.
  const CHEAP_STEP_USD = (250 * 0.1 + 15 * 0.4) / 1e6;

  for (const stream of [false, true]) {
    it(`${stream ? 'streamed' : 'whole'}: the cheap step's figures hold its re-ask, and the steps sum to the trace's totals`, async () => {
      const { data, response } = await client().chat.completions.create({ model: 'extract', messages: [{ role: 'user', content: 'extract the intent: I was charged twice' }], stream }).withResponse();
      let text = '';
      if (data instanceof Object && 'choices' in data && !stream) text = (data as OpenAI.ChatCompletion).choices[0]?.message.content ?? '';
      else for await (const chunk of data as AsyncIterable<OpenAI.ChatCompletionChunk>) text += chunk.choices[0]?.delta.content ?? '';
      expect(JSON.parse(text)).toEqual({ intent: 'billing' });
      const trace = await h.traceOf(response);
      expect(trace).toMatchObject({ inputTokens: 370, outputTokens: 18, cachedTokens: 60 });
      expect(trace.costUsd).toBeCloseTo(CHEAP_STEP_USD + STRONG_USD, 12);
      expect(Number(response.headers.get('x-switchyard-cost-usd') ?? trace.costUsd)).toBeCloseTo(trace.costUsd, 8);
      const steps = (trace.decisions?.route as { cascade: (Step & { latencyMs: number | null; reasks?: { action: string }[] })[] }).cascade;
      expect(steps).toEqual([
        expect.objectContaining({ target: 'cheap', action: 'escalate', inputTokens: 250, outputTokens: 15, cachedTokens: 60, costUsd: expect.closeTo(CHEAP_STEP_USD, 12) }),
        expect.objectContaining({ target: 'strong', action: 'final', inputTokens: 120, outputTokens: 3, cachedTokens: 0, costUsd: expect.closeTo(STRONG_USD, 12) }),
      ]);
      // Visibly: the cheap step lists its two answers, the first re-asked (the second passed the guard, not the cascade's check); the delivered answer was not re-asked.
      expect(steps[0]?.reasks?.map((a) => a.action)).toEqual(['reask', 'pass']);
      expect(steps[1]?.reasks).toBeUndefined();
      expect(trace.decisions?.reask).toBeUndefined();
      // Each step's latency is its model calls' (three attempts: two in the cheap step), so the steps sum to the attempts.
      expect(trace.attempts).toHaveLength(3);
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      expect(steps[0]?.latencyMs).toBeCloseTo(sum(trace.attempts.slice(0, 2).map((a) => a.latencyMs)), 6);
      expect(sum(steps.map((s) => s.latencyMs ?? 0))).toBeCloseTo(sum(trace.attempts.map((a) => a.latencyMs)), 6);
      for (const key of ['inputTokens', 'outputTokens', 'cachedTokens'] as const) expect(sum(steps.map((s) => s[key] ?? 0))).toBe(trace[key]);
      expect(sum(steps.map((s) => s.costUsd ?? 0))).toBeCloseTo(trace.costUsd, 12);
    });
  }
});


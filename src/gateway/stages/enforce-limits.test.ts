import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { toVirtualKey } from '../../limits/keys.js';
import type { LimitStore } from '../../limits/limit-store.js';
import { MemoryLimitStore } from '../../limits/memory-limit-store.js';
import type { ChatProvider } from '../../providers/spec.js';
import { ModelCatalog } from '../../routing/catalog.js';
import { Call } from '../call.js';
import { pdfDocument } from '../../test-support/pdf-document.js';
import { createProvider } from '../../providers/registry.js';
import type { ProviderConfig } from '../../config/schema.js';
import type { Outcome } from '../outcome.js';
import { enforceLimits } from './enforce-limits.js';

const config = parseConfig(`
providers: { sim: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models:
  cheap: { provider: sim, model: c, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  dear: { provider: sim, model: d, price: { input_per_mtok: 10, output_per_mtok: 40 } }
routes: { either: { policy: split, arms: [ { target: cheap, weight: 1 }, { target: dear, weight: 1 } ] } }`);
const catalog = new ModelCatalog(config, new Map([['sim', {} as ChatProvider]]));
const key = toVirtualKey({ key: 'sk-sy-xxxxxxxx', name: 'k', budget: { usd: 100, period: 'total' } });
const ok: Outcome = { kind: 'json', status: 200, body: {}, headers: {} } as unknown as Outcome;

function callFor(model: string, body: object): Call {
  const text = JSON.stringify({ model, ...body });
  const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: text, body: JSON.parse(text), signal: new AbortController().signal });
  call.key = key;
  call.model = model;
  return call;
}

const down: LimitStore = {
  admit: async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  },
  settle: async () => undefined,
  chargeUnadmitted: async () => undefined,
  usage: async () => ({ requestsLastMinute: 0, tokensLastMinute: 0, spendUsd: 0, reservedUsd: 0, periodStart: 0 }),
  budgetUsage: async () => ({ spendUsd: 0, reservedUsd: 0, periodStart: 0 }),
  rateUsage: async () => ({ requestsLastMinute: 0, tokensLastMinute: 0 }),
};

describe('enforceLimits', () => {
  it('reserves the worst case: every body byte as input, the output cap, at the dearest price a route can pick', async () => {
    const limits = new MemoryLimitStore();
    const direct = callFor('cheap', { max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    await enforceLimits(limits, catalog, systemClock)(direct, async () => ok);
    const bytes = direct.input.bodyText.length;
    expect(direct.decisions?.limits).toEqual({ reservedUsd: (bytes * 1 + 100 * 2) / 1e6 });

    const routed = callFor('either', { max_completion_tokens: 50, n: 2, messages: [{ role: 'user', content: 'hi' }] });
    await enforceLimits(limits, catalog, systemClock)(routed, async () => ok);
    expect(routed.decisions?.limits).toEqual({ reservedUsd: (routed.input.bodyText.length * 10 + 100 * 40) / 1e6 });

    const uncapped = callFor('cheap', { messages: [{ role: 'user', content: 'hi' }] });
    await enforceLimits(limits, catalog, systemClock, { defaultMaxOutputTokens: 1000 })(uncapped, async () => ok);
    expect(uncapped.decisions?.limits).toEqual({ reservedUsd: (uncapped.input.bodyText.length + 1000 * 2) / 1e6 });
  });

  it("reserves no more output than the model can produce, when the catalog knows its limit", async () => {
    const limited = parseConfig(`
providers: { sim: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models:
  mini: { provider: sim, model: gpt-4o-mini, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  pair: { fallbacks: [ { provider: sim, model: gpt-4o-mini }, { provider: sim, model: gpt-4.1-mini } ], price: { input_per_mtok: 1, output_per_mtok: 2 } }
  local: { provider: sim, model: llama3.1, price: { input_per_mtok: 1, output_per_mtok: 2 } }
routes: { any: { policy: split, arms: [ { target: mini, weight: 1 }, { target: pair, weight: 1 } ] } }`);
    const limitedCatalog = new ModelCatalog(limited, new Map([['sim', {} as ChatProvider]]));
    const reserved = async (model: string, body: object) => {
      const call = callFor(model, { ...body, messages: [{ role: 'user', content: 'hi' }] });
      await enforceLimits(new MemoryLimitStore(), limitedCatalog, systemClock, { defaultMaxOutputTokens: 20_000 })(call, async () => ok);
      return (call.decisions?.limits as { reservedUsd: number }).reservedUsd * 1e6 - call.input.bodyText.length;
    };
    // 200,000 asked of gpt-4o-mini, which stops at 16,384: output reserved at $2/M.
    expect(await reserved('mini', { max_tokens: 200_000 })).toBeCloseTo(16_384 * 2, 6);
    expect(await reserved('mini', { max_tokens: 100, n: 3 })).toBeCloseTo(300 * 2, 6);
    // The default for a request without a cap is held to the limit too.
    expect(await reserved('mini', {})).toBeCloseTo(16_384 * 2, 6);
    // Fallbacks: the largest limit of any target (gpt-4.1-mini's 32,768); a route: of every model.
    expect(await reserved('pair', { max_completion_tokens: 200_000 })).toBeCloseTo(32_768 * 2, 6);
    // A model whose limit is unknown (a local server) keeps the client's cap, and so does a route that may pick it.
    expect(await reserved('local', { max_tokens: 200_000 })).toBeCloseTo(200_000 * 2, 6);
    expect(await reserved('any', { max_tokens: 200_000 })).toBeCloseTo(200_000 * 2, 6);
    expect(limitedCatalog.outputBound('mini')).toBe(16_384);
    expect(limitedCatalog.outputBound('any')).toBeUndefined();
  });

  it('refuses with a retryable 503 when the store is down and the policy is closed, and says so on the trace', async () => {
    const call = callFor('cheap', { max_tokens: 1, messages: [] });
    let reached = false;
    const error = (await enforceLimits(down, catalog, systemClock, { onStoreError: 'closed' })(call, async () => {
      reached = true;
      return ok;
    }).catch((e: unknown) => e)) as SwitchyardError;
    expect(reached).toBe(false);
    expect(error.status).toBe(503);
    expect(error.retryAfter).toBe(1);
    expect(call.decisions?.limits).toMatchObject({ degraded: true, policy: 'closed', reason: 'limit store unreachable: connect ECONNREFUSED 127.0.0.1:6379' });
  });

  it('serves unlimited when the store is down and the policy is open, and says so on the trace', async () => {
    const lines: string[] = [];
    const call = callFor('cheap', { max_tokens: 1, messages: [] });
    const outcome = await enforceLimits(down, catalog, systemClock, { onStoreError: 'open', log: (line) => lines.push(line) })(call, async () => ok);
    expect(outcome).toBe(ok);
    expect(call.decisions?.limits).toMatchObject({ degraded: true, policy: 'open' });
    expect(lines).toEqual(['limit store unreachable: connect ECONNREFUSED 127.0.0.1:6379 (failing open)']);
  });

  const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, cachedTokens: 0, cacheWriteTokens: 0, outputTokens, reasoningTokens: 0, estimated: false });

  it('charges what a call served unlimited cost to its budgets once it settles', async () => {
    const charged: number[] = [];
    const store: LimitStore = { ...down, chargeUnadmitted: async (_key, costUsd) => void charged.push(costUsd) };
    const call = callFor('cheap', { max_tokens: 1, messages: [] });
    await enforceLimits(store, catalog, systemClock, { onStoreError: 'open' })(call, async () => ok);
    call.costUsd = 0.25;
    await call.settle({ status: 200, clientClosed: false });
    expect(charged).toEqual([0.25]);
  });

  it('counts a body of n characters as n/4 tokens (rounded up) until the call settles with the real count', async () => {
    const limits = new MemoryLimitStore();
    const limited = toVirtualKey({ key: 'sk-sy-yyyyyyyy', name: 'tpm', rate_limit: { tokens_per_minute: 1_000_000 } });
    const call = callFor('cheap', { messages: [{ role: 'user', content: 'x'.repeat(50) }] });
    call.key = limited;
    await enforceLimits(limits, catalog, systemClock)(call, async () => ok);
    const t = Date.now();
    expect((await limits.usage(limited, t)).tokensLastMinute).toBe(Math.ceil(call.input.bodyText.length / 4));
    // No budget: nothing reserved, and nothing said about it on the trace.
    expect(call.decisions?.limits).toBeUndefined();
    call.usage = usage(30, 12);
    await call.settle({ status: 200, clientClosed: false });
    expect((await limits.usage(limited, Date.now())).tokensLastMinute).toBe(42);
  });

  it('counts an inlined PDF’s pages beyond its bytes, in the reservation and the token estimate, at the dearest target’s rule', async () => {
    // Ten Letter pages in a few hundred bytes: each page is read as an image of 1,575 tokens on
    // Claude (the rule for a provider with none of its own), 258 on Gemini 2.5.
    const pdf = pdfDocument(Array(10).fill('x'), { compressed: true }).toString('base64');
    const body = { max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: `data:application/pdf;base64,${pdf}` } }] }] };
    const limits = new MemoryLimitStore();
    const both = { ...key, rate_limit: { tokens_per_minute: 10_000_000 } } as typeof key;
    const call = callFor('cheap', body);
    call.key = both;
    await enforceLimits(limits, catalog, systemClock)(call, async () => ok);
    const bytes = call.input.bodyText.length;
    expect(call.decisions?.limits).toEqual({ reservedUsd: ((bytes + 10 * 1575) * 1 + 100 * 2) / 1e6 });
    expect((await limits.usage(both, Date.now())).tokensLastMinute).toBe(Math.ceil(bytes / 4) + 10 * 1575);

    const gemini = parseConfig(`
providers: { g: { type: gemini, base_url: "http://127.0.0.1:1", api_key: k } }
models: { flash: { provider: g, model: gemini-2.5-flash, price: { input_per_mtok: 1, output_per_mtok: 2 } } }`);
    const geminiCall = callFor('flash', body);
    geminiCall.key = key;
    await enforceLimits(new MemoryLimitStore(), new ModelCatalog(gemini, new Map([['g', createProvider('g', gemini.providers.g as ProviderConfig)]])), systemClock)(geminiCall, async () => ok);
    expect(geminiCall.decisions?.limits).toEqual({ reservedUsd: ((bytes + 10 * 258) * 1 + 100 * 2) / 1e6 });
  });

  it('counts an image given by URL as its target’s vendor bills an image of unknown size, in the reservation and the token estimate', async () => {
    // Before: only the URL's bytes counted; the image is read as up to 1,600 tokens on Claude.
    const body = {
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in these?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }, { type: 'image_url', image_url: { url: 'https://example.com/b.png' } }] }],
    };
    const limits = new MemoryLimitStore();
    const both = { ...key, rate_limit: { tokens_per_minute: 10_000_000 } } as typeof key;
    const call = callFor('cheap', body);
    call.key = both;
    await enforceLimits(limits, catalog, systemClock)(call, async () => ok);
    const bytes = call.input.bodyText.length;
    // A provider with no rule of its own: Claude's, the largest image it reads (1,600).
    expect(call.decisions?.limits).toEqual({ reservedUsd: ((bytes + 2 * 1600) * 1 + 100 * 2) / 1e6 });
    expect((await limits.usage(both, Date.now())).tokensLastMinute).toBe(Math.ceil(bytes / 4) + 2 * 1600);

    // Each vendor's own rule for an image of unknown size: OpenAI's largest tiling (85 + 8 × 170
    // on gpt-4o, its base alone at detail low), Claude's largest image, Gemini 2.5's one tile,
    // Gemini 3's fixed default.
    const vendors = parseConfig(`
providers:
  oa: { type: openai, base_url: "http://127.0.0.1:1/v1", api_key: k }
  an: { type: anthropic, base_url: "http://127.0.0.1:1", api_key: k }
  g: { type: gemini, base_url: "http://127.0.0.1:1", api_key: k }
models:
  gpt: { provider: oa, model: gpt-4o, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  sonnet: { provider: an, model: claude-sonnet-4-6, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  flash: { provider: g, model: gemini-2.5-flash, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  flash3: { provider: g, model: gemini-3-flash-preview, price: { input_per_mtok: 1, output_per_mtok: 2 } }`);
    const providers = new Map(Object.entries(vendors.providers).map(([name, p]) => [name, createProvider(name, p as ProviderConfig)]));
    const reserved = async (model: string, detail?: string) => {
      const one = { max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png', ...(detail ? { detail } : {}) } }] }] };
      const c = callFor(model, one);
      await enforceLimits(new MemoryLimitStore(), new ModelCatalog(vendors, providers), systemClock)(c, async () => ok);
      return Math.round(((c.decisions?.limits as { reservedUsd: number }).reservedUsd * 1e6 - 100 * 2) - c.input.bodyText.length);
    };
    expect([await reserved('gpt'), await reserved('gpt', 'low'), await reserved('sonnet'), await reserved('flash'), await reserved('flash3')]).toEqual([85 + 8 * 170, 85, 1600, 258, 1120]);
  });

  it('settles an embeddings call with its input tokens only, and spend with its cost', async () => {
    const limits = new MemoryLimitStore();
    const text = JSON.stringify({ model: 'cheap', input: 'hello' });
    const call = new Call({ endpoint: 'embeddings', format: 'openai', bodyText: text, body: JSON.parse(text), signal: new AbortController().signal });
    call.key = key;
    call.model = 'cheap';
    await enforceLimits(limits, catalog, systemClock)(call, async () => ok);
    call.usage = usage(7, 99);
    call.costUsd = 0.5;
    await call.settle({ status: 200, clientClosed: false });
    expect(await limits.usage(key, Date.now())).toMatchObject({ tokensLastMinute: 7, spendUsd: 0.5, reservedUsd: 0 });
  });

  it('settles a failed call (no usage) with no tokens', async () => {
    const limits = new MemoryLimitStore();
    const call = callFor('cheap', { max_tokens: 1, messages: [] });
    await enforceLimits(limits, catalog, systemClock)(call, async () => ok);
    await call.settle({ status: 502, clientClosed: false });
    expect(await limits.usage(key, Date.now())).toMatchObject({ tokensLastMinute: 0, spendUsd: 0, reservedUsd: 0 });
  });

  it('reserves against a team budget for a key without its own', async () => {
    const limits = new MemoryLimitStore();
    const member = { ...toVirtualKey({ key: 'sk-sy-zzzzzzzz', name: 'member', team: 'cx' }), teamBudget: { usd: 10, period: 'total' as const } };
    const call = callFor('cheap', { max_tokens: 100, messages: [] });
    call.key = member;
    await enforceLimits(limits, catalog, systemClock)(call, async () => ok);
    expect(call.decisions?.limits).toEqual({ reservedUsd: (call.input.bodyText.length + 200) / 1e6 });
    const loner = toVirtualKey({ key: 'sk-sy-wwwwwwww', name: 'loner', team: 'cx' });
    const free = callFor('cheap', { max_tokens: 100, messages: [] });
    free.key = loner;
    await enforceLimits(limits, catalog, systemClock)(free, async () => ok);
    expect(free.decisions?.limits).toBeUndefined();
  });

  it('lets an internal call (no key) through untouched', async () => {
    const call = callFor('cheap', { messages: [] });
    call.key = null;
    expect(await enforceLimits(down, catalog, systemClock)(call, async () => ok)).toBe(ok);
    expect(call.decisions?.limits).toBeUndefined();
  });

  it('passes a limit refusal through as it is: a 429 is not an unreachable store', async () => {
    const refusing: LimitStore = { ...down, admit: async () => Promise.reject(new SwitchyardError('rate_limited', 'slow down')) };
    const call = callFor('cheap', { max_tokens: 1, messages: [] });
    const error = (await enforceLimits(refusing, catalog, systemClock, { onStoreError: 'open' })(call, async () => ok).catch((e: unknown) => e)) as SwitchyardError;
    expect(error).toMatchObject({ code: 'rate_limited', message: 'slow down' });
    expect(call.decisions?.limits).toBeUndefined();
  });

  it('logs an unreachable store at most every ten seconds, saying which way it fails', async () => {
    let now = 1_000_000;
    const clock = { now: () => now, sleep: async () => undefined };
    const lines: string[] = [];
    const stage = enforceLimits(down, catalog, clock, { log: (line) => lines.push(line) });
    const attempt = () => stage(callFor('cheap', { max_tokens: 1, messages: [] }), async () => ok).catch((e: unknown) => e as SwitchyardError);
    const first = await attempt();
    expect(first).toMatchObject({ code: 'unavailable', message: 'rate limits and budgets cannot be checked right now (limit store unreachable); retry shortly' });
    now += 10_000;
    await attempt();
    now += 1;
    await attempt();
    expect(lines).toEqual(['limit store unreachable: connect ECONNREFUSED 127.0.0.1:6379 (failing closed)', 'limit store unreachable: connect ECONNREFUSED 127.0.0.1:6379 (failing closed)']);
    const call = callFor('cheap', { max_tokens: 1, messages: [] });
    await stage(call, async () => ok).catch(() => undefined);
    expect(call.decisions?.limits).toEqual({ degraded: true, policy: 'closed', reason: 'limit store unreachable: connect ECONNREFUSED 127.0.0.1:6379' });
  });
});

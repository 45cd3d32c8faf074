import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// What the price table charges for OpenAI's Ultrafast tier and for web searches (OpenAI's $10 per
// 1,000 calls, a config's own price per search), and cached tokens the simulator's prompt cache
// reports by itself, through the official SDKs. Each asserts the trace's cost.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

const TURN = { prompt_tokens: 10_000, cached_tokens: 4_000, completion_tokens: 2_000 };
/** USD of the scripted turn (6,000 fresh, 4,000 cached, 2,000 output) at a price list. */
const turn = (input: number, cached: number, output: number) => (6_000 * input + 4_000 * cached + 2_000 * output) / 1e6;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim, `  oai-native: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }`)}
models:
  sol: { provider: oai, model: gpt-6.2-sol }
  sol-native: { provider: oai-native, model: gpt-6.2-sol }
  astra-native: { provider: oai-native, model: gpt-6.2-astra }
  mini: { provider: oai, model: gpt-5.4-mini }
  mini-native: { provider: oai-native, model: gpt-5.4-mini }
  mini-preview:
    provider: oai-native
    model: gpt-5.4-mini
    price: { input_per_mtok: 0.75, cached_input_per_mtok: 0.075, output_per_mtok: 4.5, web_search_usd: 0.025 }
  sonnet: { provider: anth, model: claude-sonnet-4-6 }
  sonnet-own:
    provider: anth
    model: claude-sonnet-4-6
    price: { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, output_per_mtok: 15, web_search_usd: 0.02 }
retry: { max_attempts: 1 }`);
  openai = h.openai('x');
  anthropic = h.anthropic('x');
  h.sim.addScript({ match: 'fast turn', reply: 'done', usage: TURN });
  h.sim.addScript({ match: 'latest Node', reply: 'Node 24.', usage: TURN });
});
afterAll(() => h.close());

const costHeader = (response: Response) => Number(response.headers.get('x-switchyard-cost-usd'));

describe("OpenAI's Ultrafast tier, at the table's prices", () => {
  it('GPT-6.2 Sol over chat: 6x standard, in the header and on the trace', async () => {
    const asked = { messages: [{ role: 'user' as const, content: 'fast turn' }], ...({ service_tier: 'ultrafast' } as object) };
    const { data, response } = await openai.chat.completions.create({ model: 'sol', ...asked }).withResponse();
    expect(data.service_tier as string).toBe('ultrafast');
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo(turn(12, 0.6, 60), 12);
    expect(costHeader(response)).toBeCloseTo(turn(12, 0.6, 60), 8);
    expect(trace.decisions?.billing).toEqual({ service_tier: 'ultrafast', priced_as: 'ultrafast' });
  });

  it('GPT-6.2 Astra on a native Responses provider, streamed: 6x standard', async () => {
    const stream = await openai.responses.create({ model: 'astra-native', input: 'fast turn', service_tier: 'ultrafast' as 'priority', stream: true });
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) if (event.type === 'response.completed') completed = event.response;
    expect(completed?.service_tier as string).toBe('ultrafast');
    const trace = await h.waitForTrace((t) => t.requestedModel === 'astra-native' && t.stream && t.costUsd > 0);
    expect(trace.costUsd).toBeCloseTo(turn(48, 2.4, 240), 12);
  });
});

describe('web searches, billed per call on top of tokens', () => {
  it("OpenAI's web_search tool on a native model: $0.01 a call, whole and streamed", async () => {
    const tools = [{ type: 'web_search' as const }];
    const { data, response } = await openai.responses.create({ model: 'mini-native', input: 'What is the latest Node release?', tools }).withResponse();
    expect(data.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
    const whole = await h.traceOf(response);
    expect(whole.costUsd).toBeCloseTo(turn(0.75, 0.075, 4.5) + 0.01, 12);
    expect(costHeader(response)).toBeCloseTo(turn(0.75, 0.075, 4.5) + 0.01, 8);
    expect(whole.decisions?.web_search).toEqual({ searches: 1, usd: 0.01 });

    const stream = await openai.responses.create({ model: 'mini-native', input: 'What is the latest Node release?', tools, stream: true });
    for await (const _ of stream);
    const streamed = await h.waitForTrace((t) => t.requestedModel === 'mini-native' && t.stream && t.costUsd > 0);
    expect(streamed.costUsd).toBeCloseTo(turn(0.75, 0.075, 4.5) + 0.01, 12);
  });

  it("a config's web_search_usd replaces the vendor's price: OpenAI's $0.025 preview rate, Claude at $0.02 a search", async () => {
    const { response } = await openai.responses.create({ model: 'mini-preview', input: 'What is the latest Node release?', tools: [{ type: 'web_search_preview' }] }).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo(turn(0.75, 0.075, 4.5) + 0.025, 12);
    expect(trace.decisions?.web_search).toEqual({ searches: 1, usd: 0.025 });

    const search = { type: 'web_search_20250305', name: 'web_search' } as unknown as Anthropic.Tool;
    const ask = (model: string) => anthropic.messages.create({ model, max_tokens: 1024, messages: [{ role: 'user', content: 'What is the latest Node release?' }], tools: [search] }).withResponse();
    const listed = await h.traceOf((await ask('sonnet')).response);
    const own = await h.traceOf((await ask('sonnet-own')).response);
    expect(listed.decisions?.web_search).toEqual({ searches: 1, usd: 0.01 });
    expect(own.decisions?.web_search).toEqual({ searches: 1, usd: 0.02 });
    // The same tokens either way; only the search fee differs.
    expect(own.costUsd - listed.costUsd).toBeCloseTo(0.01, 12);
  });
});

describe("cached tokens the simulator's prompt cache reports, priced end to end", () => {
  const system = 'You are a careful assistant who answers in one line. '.repeat(120);
  const priced = (t: { inputTokens: number; cachedTokens: number; outputTokens: number }) => ((t.inputTokens - t.cachedTokens) * 0.75 + t.cachedTokens * 0.075 + t.outputTokens * 4.5) / 1e6;

  it('a repeated long prompt over chat: the second call reads >= 1,024 tokens from the cache, at the cached price', async () => {
    const ask = (question: string) => openai.chat.completions.create({ model: 'mini', messages: [{ role: 'system', content: system }, { role: 'user', content: question }] }).withResponse();
    const first = await h.traceOf((await ask('first question')).response);
    const { data, response } = await ask('second question');
    const second = await h.traceOf(response);
    expect(first.cachedTokens).toBe(0);
    expect(second.cachedTokens).toBe(data.usage?.prompt_tokens_details?.cached_tokens);
    expect(second.cachedTokens).toBeGreaterThanOrEqual(1024);
    expect(second.costUsd).toBeCloseTo(priced(second), 12);
    expect(second.costUsd).toBeLessThan(((second.inputTokens * 0.75 + second.outputTokens * 4.5) / 1e6) * 0.5);
  });

  it('the same on a native Responses provider (input_tokens_details.cached_tokens)', async () => {
    const ask = (question: string) => openai.responses.create({ model: 'mini-native', instructions: system, input: question }).withResponse();
    await ask('first question');
    const { data, response } = await ask('second question');
    const second = await h.traceOf(response);
    expect(second.cachedTokens).toBe(data.usage?.input_tokens_details.cached_tokens);
    expect(second.cachedTokens).toBeGreaterThanOrEqual(1024);
    expect(second.costUsd).toBeCloseTo(priced(second), 12);
  });
});

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// Calls priced as the vendors bill them: the tier the *response* names (OpenAI's flex and
// priority, on Chat Completions and Responses, streamed, whole and over the WebSocket), Claude's
// fast mode, US-only inference and Priority Tier, through the official SDKs. Each asserts the
// trace's cost, `x-switchyard-cost-usd` where the answer is whole, and `decisions.billing`.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

const TURN = { prompt_tokens: 10_000, cached_tokens: 4_000, completion_tokens: 2_000 };

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim, `  oai-native: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }`)}
models:
  luna: { provider: oai, model: gpt-5.6-luna }
  luna-native: { provider: oai-native, model: gpt-5.6-luna }
  nano41: { provider: oai, model: gpt-4.1-nano }
  sol: { provider: oai, model: gpt-5.6-sol }
  sol-priced:
    provider: oai
    model: gpt-5.6-sol
    price: { input_per_mtok: 5, cached_input_per_mtok: 0.5, output_per_mtok: 30, ultrafast: { input_per_mtok: 15, cached_input_per_mtok: 1.5, output_per_mtok: 90 } }
  astra:
    provider: oai
    model: gpt-6.2-astra
    price: { input_per_mtok: 8, output_per_mtok: 40, flex: { input_per_mtok: 4, output_per_mtok: 20 }, priority: { input_per_mtok: 16, output_per_mtok: 80 } }
  opus5: { provider: anth, model: claude-opus-5 }
  sonnet45: { provider: anth, model: claude-sonnet-4-5 }
  flash:
    provider: gem
    model: gemini-2.5-flash
    price: { input_per_mtok: 0.3, output_per_mtok: 2.5, flex: { input_per_mtok: 0.15, output_per_mtok: 1.25 }, priority: { input_per_mtok: 0.54, output_per_mtok: 4.5 } }
retry: { max_attempts: 1 }`);
  openai = h.openai('x');
  anthropic = h.anthropic('x');
  h.sim.addScript({ match: 'tiered turn', reply: 'done', usage: TURN });
  h.sim.addScript({ match: 'downgraded turn', reply: 'done', usage: TURN, service_tier: 'default' });
  h.sim.addScript({ match: '^claude turn', reply: 'done', usage: { prompt_tokens: 10_000, cached_tokens: 4_000, cache_creation_tokens: 1_000, completion_tokens: 2_000 } });
  h.sim.addScript({ match: 'priority claude turn', reply: 'done', usage: { prompt_tokens: 10_000, completion_tokens: 2_000 }, service_tier: 'priority' });
  h.sim.addScript({ match: 'gemini downgraded turn', reply: 'done', service_tier: 'standard' });
  h.sim.addScript({ match: 'hour cache turn', reply: 'done', usage: { prompt_tokens: 20_000, cached_tokens: 15_000, cache_creation_tokens: 4_000, cache_creation_1h_tokens: 3_000, completion_tokens: 800 } });
});
afterAll(() => h.close());

/** USD of the scripted OpenAI turn (6,000 fresh, 4,000 cached, 2,000 output) at a price list. */
const openAITurn = (input: number, cached: number, output: number) => (6_000 * input + 4_000 * cached + 2_000 * output) / 1e6;

const costHeader = (response: Response) => Number(response.headers.get('x-switchyard-cost-usd'));

describe('OpenAI tiers, billed as the response names them', () => {
  it('Chat Completions on flex: the flex prices, in the header and on the trace', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'luna', messages: [{ role: 'user', content: 'tiered turn' }], service_tier: 'flex' }).withResponse();
    expect(data.service_tier).toBe('flex');
    const trace = await h.traceOf(response);
    const flex = openAITurn(0.1, 0.01, 0.6);
    expect(trace.costUsd).toBeCloseTo(flex, 12);
    expect(costHeader(response)).toBeCloseTo(flex, 8);
    expect(trace.decisions?.billing).toEqual({ service_tier: 'flex', priced_as: 'flex' });
  });

  it('a streamed Chat Completion on priority: the priority prices', async () => {
    const stream = await openai.chat.completions.create({ model: 'luna', messages: [{ role: 'user', content: 'tiered turn' }], service_tier: 'priority', stream: true, stream_options: { include_usage: true } });
    let tier: string | null | undefined;
    for await (const chunk of stream) tier = chunk.service_tier;
    expect(tier).toBe('priority');
    const trace = await h.waitForTrace((t) => t.requestedModel === 'luna' && t.stream && t.costUsd > 0);
    expect(trace.costUsd).toBeCloseTo(openAITurn(0.4, 0.04, 2.4), 12);
    expect((await h.traceOf(trace.id)).decisions?.billing).toEqual({ service_tier: 'priority', priced_as: 'priority' });
  });

  it('a flex request the upstream served at standard is billed at standard', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'luna', messages: [{ role: 'user', content: 'downgraded turn' }], service_tier: 'flex' }).withResponse();
    expect(data.service_tier).toBe('default');
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo(openAITurn(0.2, 0.02, 1.2), 12);
    expect(trace.decisions?.billing).toBeUndefined();
  });

  it('a tier the model has no price for is billed at standard, and the trace says so', async () => {
    const { response } = await openai.chat.completions.create({ model: 'nano41', messages: [{ role: 'user', content: 'tiered turn' }], service_tier: 'flex' }).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo(openAITurn(0.1, 0.025, 0.4), 12);
    expect(trace.decisions?.billing).toEqual({ service_tier: 'flex', priced_as: 'standard' });
  });

  it("a config's tier prices override the table's", async () => {
    const { response } = await openai.chat.completions.create({ model: 'astra', messages: [{ role: 'user', content: 'tiered turn' }], service_tier: 'priority' }).withResponse();
    const trace = await h.traceOf(response);
    // No cached price in the override: cached input at the tier's input price.
    expect(trace.costUsd).toBeCloseTo((10_000 * 16 + 2_000 * 80) / 1e6, 12);
    expect(costHeader(response)).toBeCloseTo((10_000 * 16 + 2_000 * 80) / 1e6, 8);
  });

  it('ultrafast (openai 7.5, gpt-5.6-sol): at its prices when the config has them, else at standard and the trace says so', async () => {
    const asked = { messages: [{ role: 'user' as const, content: 'tiered turn' }], ...({ service_tier: 'ultrafast' } as object) };
    const { data, response } = await openai.chat.completions.create({ model: 'sol', ...asked }).withResponse();
    expect(data.service_tier as string).toBe('ultrafast');
    const unpriced = await h.traceOf(response);
    expect(unpriced.costUsd).toBeCloseTo(openAITurn(5, 0.5, 30), 12);
    expect(unpriced.decisions?.billing).toEqual({ service_tier: 'ultrafast', priced_as: 'standard' });

    const priced = await openai.chat.completions.create({ model: 'sol-priced', ...asked }).withResponse();
    const trace = await h.traceOf(priced.response);
    expect(trace.costUsd).toBeCloseTo(openAITurn(15, 1.5, 90), 12);
    expect(costHeader(priced.response)).toBeCloseTo(openAITurn(15, 1.5, 90), 8);
    expect(trace.decisions?.billing).toEqual({ service_tier: 'ultrafast', priced_as: 'ultrafast' });
  });

  it.each([
    ['translated', 'luna'],
    ['native', 'luna-native'],
  ])('Responses (%s) on flex, whole and streamed, and on "fast" (priority renamed)', async (_, model) => {
    const { data, response } = await openai.responses.create({ model, input: 'tiered turn', service_tier: 'flex' }).withResponse();
    expect(data.service_tier).toBe('flex');
    const whole = await h.traceOf(response);
    expect(whole.costUsd).toBeCloseTo(openAITurn(0.1, 0.01, 0.6), 12);
    expect(costHeader(response)).toBeCloseTo(openAITurn(0.1, 0.01, 0.6), 8);

    const stream = await openai.responses.create({ model, input: 'tiered turn', service_tier: 'fast' as 'priority', stream: true });
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) if (event.type === 'response.completed') completed = event.response;
    // OpenAI answers "priority" whichever name was asked for.
    expect(completed?.service_tier).toBe('priority');
    const streamed = await h.waitForTrace((t) => t.requestedModel === model && t.stream && t.costUsd > 0);
    expect(streamed.costUsd).toBeCloseTo(openAITurn(0.4, 0.04, 2.4), 12);
    expect((await h.traceOf(streamed.id)).decisions?.billing).toEqual({ service_tier: 'priority', priced_as: 'priority' });
  });

  it('Responses over the WebSocket on flex', async () => {
    const ws = new WebSocket(`${h.gateway.url.replace('http:', 'ws:')}/v1/responses`, { headers: { authorization: 'Bearer x', 'x-switchyard-metadata': '{"case":"ws-flex"}' } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const done = new Promise<{ response?: { service_tier?: string } }>((resolve) =>
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as { type: string; response?: { service_tier?: string } };
        if (event.type === 'response.completed' || event.type === 'response.failed' || event.type === 'error') resolve(event);
      }),
    );
    ws.send(JSON.stringify({ type: 'response.create', model: 'luna-native', input: 'tiered turn', service_tier: 'flex' }));
    expect((await done).response?.service_tier).toBe('flex');
    ws.close();
    const trace = await h.waitForTrace((t) => t.metadata?.case === 'ws-flex');
    expect(trace.costUsd).toBeCloseTo(openAITurn(0.1, 0.01, 0.6), 12);
  });
});

/** USD of the scripted Claude turn (5,000 fresh, 4,000 read, 1,000 written for 5 minutes, 2,000 output). */
const claudeTurn = (input: number, read: number, write: number, output: number) => (5_000 * input + 4_000 * read + 1_000 * write + 2_000 * output) / 1e6;

type ClaudeExtras = { speed?: 'fast'; inference_geo?: 'us' | 'global' };
const claude = (model: string, content: string, extras: ClaudeExtras = {}) =>
  anthropic.messages.create({ model, max_tokens: 1024, messages: [{ role: 'user', content }], ...extras } as Anthropic.MessageCreateParamsNonStreaming).withResponse();

describe("Claude's fast mode, US-only inference and Priority Tier", () => {
  it('fast mode on Opus 5: the fast prices (2x), cache reads and writes on top of them', async () => {
    const { data, response } = await claude('opus5', 'claude turn', { speed: 'fast' });
    expect((data.usage as unknown as { speed: string }).speed).toBe('fast');
    const trace = await h.traceOf(response);
    const fast = claudeTurn(10, 1, 12.5, 50);
    expect(trace.costUsd).toBeCloseTo(fast, 12);
    expect(costHeader(response)).toBeCloseTo(fast, 8);
    expect(trace.decisions?.billing).toEqual({ speed: 'fast', priced_as: 'fast' });
  });

  it('US-only inference on Opus 5 at 1.1x, streamed; on Sonnet 4.5 (older than Opus 4.6) at list', async () => {
    const stream = anthropic.messages.stream({ model: 'opus5', max_tokens: 1024, messages: [{ role: 'user', content: 'claude turn' }], inference_geo: 'us' } as Anthropic.MessageStreamParams);
    const message = await stream.finalMessage();
    expect((message.usage as unknown as { inference_geo: string }).inference_geo).toBe('us');
    const trace = await h.waitForTrace((t) => t.requestedModel === 'opus5' && t.stream && t.costUsd > 0);
    expect(trace.costUsd).toBeCloseTo(claudeTurn(5, 0.5, 6.25, 25) * 1.1, 12);
    expect((await h.traceOf(trace.id)).decisions?.billing).toEqual({ inference_geo: 'us', priced_as: 'standard', multiplier: 1.1 });

    const { response } = await claude('sonnet45', 'claude turn', { inference_geo: 'us' });
    expect((await h.traceOf(response)).costUsd).toBeCloseTo(claudeTurn(3, 0.3, 3.75, 15), 12);
  });

  it('Priority Tier (an organisation with capacity) is named on the trace, billed at list prices', async () => {
    const { data, response } = await claude('opus5', 'priority claude turn');
    expect(data.usage.service_tier).toBe('priority');
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo((10_000 * 5 + 2_000 * 25) / 1e6, 12);
    expect(trace.decisions?.billing).toEqual({ service_tier: 'priority', priced_as: 'standard' });
  });

  it('an OpenAI client streaming from Claude: 1-hour cache writes at the 1-hour price, as a Claude client is billed', async () => {
    const stream = await openai.chat.completions.create({ model: 'opus5', messages: [{ role: 'user', content: 'hour cache turn' }], stream: true });
    for await (const _ of stream);
    const translated = await h.waitForTrace((t) => t.requestedModel === 'opus5' && t.endpoint === 'chat' && t.stream && t.costUsd > 0);
    // 1,000 fresh at $5, 15,000 read at $0.50, 1,000 written for 5 minutes at $6.25, 3,000 for an hour at $10, 800 out at $25.
    const billed = (1_000 * 5 + 15_000 * 0.5 + 1_000 * 6.25 + 3_000 * 10 + 800 * 25) / 1e6;
    expect(translated.costUsd).toBeCloseTo(billed, 12);
    const { response } = await claude('opus5', 'hour cache turn');
    expect((await h.traceOf(response)).costUsd).toBeCloseTo(billed, 12);
  });
});

// Gemini says the tier that served a call only in the `x-gemini-service-tier` response header
// (Google's priority-inference guide checks it for `standard` to see a downgrade); the body names none.
describe('Gemini tiers, billed as the x-gemini-service-tier header names them', () => {
  /** USD of a trace's tokens at a price list (no cached price: cached input at the input price). */
  const geminiCost = (t: { inputTokens: number; outputTokens: number }, input: number, output: number) => (t.inputTokens * input + t.outputTokens * output) / 1e6;
  const lastGeminiBody = () => h.sim.stats().lastRequests.filter((r) => r.path.includes(':generateContent') || r.path.includes(':streamGenerateContent')).at(-1)?.body as Record<string, unknown>;

  it('flex is asked for in the request and billed at the flex prices, in the header and on the trace', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: 'a gemini turn' }], service_tier: 'flex' }).withResponse();
    expect(lastGeminiBody().service_tier).toBe('flex');
    expect(data.service_tier).toBe('flex');
    const trace = await h.traceOf(response);
    expect(trace.inputTokens).toBeGreaterThan(0);
    expect(trace.costUsd).toBeCloseTo(geminiCost(trace, 0.15, 1.25), 12);
    expect(costHeader(response)).toBeCloseTo(geminiCost(trace, 0.15, 1.25), 8);
    expect(trace.decisions?.billing).toEqual({ service_tier: 'flex', priced_as: 'flex' });
    expect(trace.decisions?.dropped_params).toBeUndefined();
  });

  it('a streamed priority call: the priority prices', async () => {
    const stream = await openai.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: 'a streamed gemini turn' }], service_tier: 'priority', stream: true, stream_options: { include_usage: true } });
    let tier: string | null | undefined;
    for await (const chunk of stream) tier = chunk.service_tier;
    expect(tier).toBe('priority');
    const trace = await h.waitForTrace((t) => t.requestedModel === 'flash' && t.stream && t.costUsd > 0);
    expect(trace.costUsd).toBeCloseTo(geminiCost(trace, 0.54, 4.5), 12);
    expect((await h.traceOf(trace.id)).decisions?.billing).toEqual({ service_tier: 'priority', priced_as: 'priority' });
  });

  it('a priority request Gemini served at standard (the header says "standard") is billed at standard', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: 'gemini downgraded turn' }], service_tier: 'priority' }).withResponse();
    expect(lastGeminiBody().service_tier).toBe('priority');
    expect(data.service_tier).toBe('default');
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo(geminiCost(trace, 0.3, 2.5), 12);
    expect(trace.decisions?.billing).toBeUndefined();
  });

  it('a Claude client asking for nothing is served and billed at standard; no tier is sent', async () => {
    const message = await anthropic.messages.create({ model: 'flash', max_tokens: 50, messages: [{ role: 'user', content: 'a plain gemini turn' }] });
    expect(message.content.length).toBeGreaterThan(0);
    expect(lastGeminiBody().service_tier).toBeUndefined();
  });

  // A Gemini API client on a Gemini model: the body and answer pass byte for byte, the header is read all the same.
  const gemini = (method: string, text: string, tier: string) =>
    fetch(`${h.gateway.url}/v1beta/models/flash:${method}`, { method: 'POST', headers: { 'x-goog-api-key': 'x', 'content-type': 'application/json' }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text }] }], service_tier: tier }) });

  it('a Gemini API client (same format, forwarded as received) on flex, whole: the flex prices', async () => {
    const response = await gemini('generateContent', 'a native gemini turn', 'flex');
    expect(response.status).toBe(200);
    expect(lastGeminiBody().service_tier).toBe('flex');
    const trace = await h.traceOf(response);
    expect(trace.endpoint).toBe('gemini');
    expect(trace.inputTokens).toBeGreaterThan(0);
    expect(trace.costUsd).toBeCloseTo(geminiCost(trace, 0.15, 1.25), 12);
    expect(costHeader(response)).toBeCloseTo(geminiCost(trace, 0.15, 1.25), 8);
    expect(trace.decisions?.billing).toEqual({ service_tier: 'flex', priced_as: 'flex' });
  });

  it('a Gemini API client streaming on priority: the priority prices; a downgrade bills standard', async () => {
    const response = await gemini('streamGenerateContent?alt=sse', 'a native streamed gemini turn', 'priority');
    expect(await response.text()).toContain('finishReason');
    const trace = await h.waitForTrace((t) => t.endpoint === 'gemini' && t.stream && t.costUsd > 0);
    expect(trace.costUsd).toBeCloseTo(geminiCost(trace, 0.54, 4.5), 12);
    expect((await h.traceOf(trace.id)).decisions?.billing).toEqual({ service_tier: 'priority', priced_as: 'priority' });

    const downgraded = await gemini('generateContent', 'gemini downgraded turn', 'priority');
    const standard = await h.traceOf(downgraded);
    expect(standard.costUsd).toBeCloseTo(geminiCost(standard, 0.3, 2.5), 12);
    expect(standard.decisions?.billing).toBeUndefined();
  });
});

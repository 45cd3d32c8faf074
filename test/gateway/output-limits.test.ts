/**
 * Models' output limits through the gateway, as the official SDKs see it: a budget reserves no
 * more output than the model can produce, a cap the client sized for another model (translated,
 * or an alias) is held to the target's limit (which the provider would refuse to exceed), a
 * request naming the upstream model itself meets the provider's own refusal, and Gemini 2.5 keeps
 * room for the answer under a small max_tokens.
 */
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  mini:  { provider: oai,  model: gpt-4o-mini }
  gpt-4o-mini: { provider: oai, model: gpt-4o-mini }
  haiku: { provider: anth, model: claude-haiku-4-5 }
  claude-haiku: { provider: anth, model: claude-haiku-4-5 }
  flash: { provider: gem,  model: gemini-2.5-flash }
  flash20: { provider: gem, model: gemini-2.0-flash }
  gemini-2.0-flash: { provider: gem, model: gemini-2.0-flash }
  local: { provider: oai, model: llama-local, output_limit: 2048, price: { input_per_mtok: 1, output_per_mtok: 100 } }
  pinned:
    output_limit: 1000
    fallbacks: [ { provider: anth, model: claude-haiku-4-5 }, { provider: gem, model: gemini-2.5-flash, output_limit: 1500 } ]
keys:
  - { key: sk-sy-open, name: open }
  - { key: sk-sy-five-cents, name: five-cents, budget: { usd: 0.05 } }
  - { key: sk-sy-half-dollar, name: half-dollar, budget: { usd: 0.5 } }
`);
});
afterAll(() => h.close());

const sent = () => h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
const openai = (apiKey = 'sk-sy-open') => new OpenAI({ apiKey, baseURL: h.baseURL, maxRetries: 0 });

describe('output limits', () => {
  it("lets a small budget through for a huge max_tokens the model cannot reach, and sends the model's limit", async () => {
    // 128,000 output tokens at gpt-4o-mini's $0.60/M would be $0.077, over the $0.05 budget;
    // the model stops at 16,384 ($0.0098), so the worst case is that.
    const claude = new Anthropic({ apiKey: 'sk-sy-five-cents', baseURL: h.baseURL.replace(/\/v1$/, ''), maxRetries: 0 });
    const { data: message, response } = await claude.messages
      .create({ model: 'mini', max_tokens: 128_000, messages: [{ role: 'user', content: 'Hello' }] }, { timeout: 10_000 })
      .withResponse();
    expect(message.type).toBe('message');
    expect(sent().max_tokens).toBe(16_384);
    const trace = await h.traceOf(response);
    expect(trace.decisions?.output_cap).toEqual({ requested: 128_000, sent: 16_384, model: 'gpt-4o-mini', reason: 'gpt-4o-mini produces at most 16384 output tokens' });
    expect((trace.decisions?.limits as { reservedUsd: number }).reservedUsd).toBeLessThan(0.011);
  });

  it("serves the AI SDK's createAnthropic, which sends max_tokens 128000 for a claude- name it does not know, within a budget that the model's limit fits", async () => {
    // claude-haiku-4-5 stops at 64,000 tokens ($0.32 at $5/M); 128,000 would be $0.64, over $0.50.
    const anthropic = createAnthropic({ baseURL: h.baseURL, apiKey: 'sk-sy-half-dollar' });
    const { text } = await generateText({ model: anthropic('claude-haiku'), prompt: 'Hello', maxRetries: 0 });
    expect(text.length).toBeGreaterThan(0);
    expect(sent().max_tokens).toBe(64_000);
  });

  it("holds an OpenAI client's max_tokens to Claude's output limit, which Anthropic refuses to exceed", async () => {
    const answer = await openai().chat.completions.create({ model: 'haiku', max_tokens: 200_000, messages: [{ role: 'user', content: 'Hello' }] });
    expect(answer.choices[0]?.message.content).toBeTruthy();
    expect(sent().max_tokens).toBe(64_000);
  });

  it("holds a same-format cap to the limit of a model the client did not name (an alias), whole and streamed", async () => {
    const claude = new Anthropic({ apiKey: 'sk-sy-open', baseURL: h.baseURL.replace(/\/v1$/, ''), maxRetries: 0 });
    const request = { model: 'haiku', max_tokens: 128_000, messages: [{ role: 'user' as const, content: 'Hello' }] };
    expect((await claude.messages.create(request, { timeout: 10_000 })).stop_reason).toBe('end_turn');
    expect(sent().max_tokens).toBe(64_000);
    expect((await claude.messages.stream(request).finalMessage()).stop_reason).toBe('end_turn');
    expect(sent().max_tokens).toBe(64_000);
    const answer = await openai().chat.completions.create({ model: 'mini', max_completion_tokens: 200_000, messages: [{ role: 'user', content: 'Hello' }] });
    expect(answer.choices[0]?.message.content).toBeTruthy();
    expect(sent().max_completion_tokens).toBe(16_384);
  });

  it("holds a Gemini API client's maxOutputTokens to the limit of the model an alias names, whole and streamed, forwarding the rest", async () => {
    const gemini = (model: string, method: string, maxOutputTokens: number) =>
      fetch(`${h.gateway.url}/v1beta/models/${model}:${method}`, {
        method: 'POST',
        headers: { 'x-goog-api-key': 'sk-sy-open', 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hello' }] }], generationConfig: { temperature: 0.4, maxOutputTokens } }),
      });
    const whole = await gemini('flash20', 'generateContent', 100_000);
    expect(whole.status).toBe(200);
    expect(sent()).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hello' }] }], generationConfig: { temperature: 0.4, maxOutputTokens: 8192 } });
    expect((await h.traceOf(whole)).decisions?.output_cap).toEqual({ requested: 100_000, sent: 8192, model: 'gemini-2.0-flash', reason: 'gemini-2.0-flash produces at most 8192 output tokens' });
    const streamed = await gemini('flash20', 'streamGenerateContent?alt=sse', 100_000);
    expect(await streamed.text()).toContain('finishReason');
    expect((sent().generationConfig as { maxOutputTokens: number }).maxOutputTokens).toBe(8192);
    // Naming the upstream model itself: the body goes as sent, and Google's answer to it comes back.
    const named = await gemini('gemini-2.0-flash', 'generateContent', 100_000);
    expect((sent().generationConfig as { maxOutputTokens: number }).maxOutputTokens).toBe(100_000);
    expect(named.status).toBe(400);
    expect(await named.text()).toContain('maxOutputTokens value of 100000');
  });

  it("passes a request naming the upstream model itself through as sent, and the client meets the provider's refusal", async () => {
    const error = (await openai().chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 200_000, messages: [{ role: 'user', content: 'Hello' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe('max_tokens');
    expect(error.message).toContain('This model supports at most 16384 completion tokens, whereas you provided 200000.');
  });

  it("holds caps and budgets to a configured output_limit, for a model the table does not know or one it knows otherwise", async () => {
    // 100,000 output tokens at $100/M would be $10, over the $0.50 budget; the configured 2,048 are $0.20.
    const { data: answer, response } = await openai('sk-sy-half-dollar')
      .chat.completions.create({ model: 'local', max_tokens: 100_000, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    expect(answer.choices[0]?.message.content).toBeTruthy();
    expect(sent().max_tokens).toBe(2048);
    const trace = await h.traceOf(response);
    expect(trace.decisions?.output_cap).toEqual({ requested: 100_000, sent: 2048, model: 'llama-local', reason: 'llama-local produces at most 2048 output tokens' });
    expect((trace.decisions?.limits as { reservedUsd: number }).reservedUsd).toBeLessThan(0.21);
    // A translated call is held to it too: the model's setting for Claude (its default max_tokens
    // included), the target's own for Gemini.
    await openai().chat.completions.create({ model: 'pinned', max_tokens: 5000, messages: [{ role: 'user', content: 'Hello' }] });
    expect(sent()).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 1000 });
    await openai().chat.completions.create({ model: 'pinned', messages: [{ role: 'user', content: 'Hello' }] });
    expect(sent()).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 1000 });
    h.sim.addFault({ kind: 'status', status: 503, model: 'claude-haiku-4-5', times: 3 });
    await openai().chat.completions.create({ model: 'pinned', max_tokens: 5000, messages: [{ role: 'user', content: 'Hello' }] });
    expect((sent().generationConfig as { maxOutputTokens: number }).maxOutputTokens).toBe(1500);
  });

  it('keeps half of a small max_tokens for the answer on Gemini 2.5, whose thinking would otherwise use it all', async () => {
    const { data: answer, response } = await openai()
      .chat.completions.create({ model: 'flash', max_tokens: 30, messages: [{ role: 'user', content: 'Write a long essay about trains' }] })
      .withResponse();
    expect(sent().generationConfig).toMatchObject({ maxOutputTokens: 30, thinkingConfig: { thinkingBudget: 15 } });
    expect(answer.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(answer.usage?.completion_tokens).toBeLessThanOrEqual(30);
    expect(answer.usage?.completion_tokens_details?.reasoning_tokens).toBeLessThanOrEqual(15);
    expect((await h.traceOf(response)).decisions?.thinking_budget).toMatchObject({ requested: 'dynamic', sent: 15, model: 'gemini-2.5-flash' });
  });
});

/**
 * The gateway as the Vercel AI SDK (`ai` with `@ai-sdk/openai` and `@ai-sdk/anthropic`) drives it:
 * only the base URL changes. The SDK's OpenAI provider speaks the Responses API by default and,
 * in a multi-step tool loop, sends earlier answers back as `item_reference`s to stored items;
 * `.chat()` speaks chat completions; the Anthropic provider speaks Messages. Every kind of
 * provider sits behind each.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { embed, generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

let h: Harness;
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => responsesConfig(simUrl).replace('keys:', '  embed:  { provider: standin-openai, model: text-embedding-3-small }\n  reasoner: { provider: standin-openai, model: gpt-5.4-mini }\nkeys:'));
  openai = createOpenAI({ baseURL: `${h.baseURL}`, apiKey: 'sk-sy-alpha-key' });
  anthropic = createAnthropic({ baseURL: `${h.baseURL}`, apiKey: 'sk-sy-alpha-key' });
});
afterAll(() => h.close());

const weather = tool({
  description: 'The weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, celsius: 21 }),
});

type ClientKind = 'responses' | 'chat' | 'messages';
const modelFor = (kind: ClientKind, name: string) => (kind === 'responses' ? openai(name) : kind === 'chat' ? openai.chat(name) : anthropic(name));

describe.each(['responses', 'chat', 'messages'] as const)('AI SDK over %s', (kind) => {
  it.each(MODELS)('%s: generateText and streamText answer with usage', async (name) => {
    const model = modelFor(kind, name);
    const whole = await generateText({ model, prompt: 'Say hello', maxOutputTokens: 40, maxRetries: 0 });
    expect(whole.text.length).toBeGreaterThan(0);
    expect(whole.finishReason).toMatch(/stop|length/);
    expect(whole.usage.inputTokens).toBeGreaterThan(0);
    const streamed = streamText({ model, prompt: 'Count to five', maxOutputTokens: 40, maxRetries: 0 });
    let text = '';
    for await (const delta of streamed.textStream) text += delta;
    expect(text.length).toBeGreaterThan(0);
    expect((await streamed.usage).outputTokens).toBeGreaterThan(0);
  });

  it.each(MODELS)('%s: a tool loop runs the tool and answers after it, streamed or not', async (name) => {
    const model = modelFor(kind, name);
    const whole = await generateText({ model, prompt: 'What is the weather in Oslo?', tools: { weather }, stopWhen: stepCountIs(3), maxOutputTokens: 100, maxRetries: 0 });
    expect(whole.steps.flatMap((step) => step.toolCalls.map((call) => call.toolName))).toContain('weather');
    // The step after the tool result is a second request carrying the earlier turn.
    expect(whole.steps.length).toBeGreaterThanOrEqual(2);
    expect(whole.steps.at(-1)?.finishReason).toBe('stop');
    const errors: unknown[] = [];
    const streamed = streamText({ model, prompt: 'What is the weather in Oslo?', tools: { weather }, stopWhen: stepCountIs(3), maxOutputTokens: 100, maxRetries: 0, onError: ({ error }) => void errors.push(error) });
    for await (const _ of streamed.textStream);
    expect(errors).toEqual([]);
    expect((await streamed.steps).length).toBeGreaterThanOrEqual(2);
  });

  it.each(MODELS)('%s: generateObject returns an object of the schema', async (name) => {
    const { object } = await generateObject({ model: modelFor(kind, name), schema: z.object({ name: z.string(), age: z.number() }), prompt: 'A person', maxOutputTokens: 100, maxRetries: 0 });
    expect(typeof object.name).toBe('string');
    expect(typeof object.age).toBe('number');
  });
});

it('embeds through the OpenAI provider', async () => {
  const { embedding, usage } = await embed({ model: openai.embedding('embed'), value: 'hello', maxRetries: 0 });
  expect(embedding.length).toBeGreaterThan(0);
  expect(usage.tokens).toBeGreaterThan(0);
});

it('sends max_tokens as max_completion_tokens to a reasoning model behind an alias, which the SDK cannot know it is', async () => {
  // The SDK sends max_tokens for a name it does not recognise; OpenAI's gpt-5 and o-series refuse it.
  const whole = await generateText({ model: openai.chat('reasoner'), prompt: 'Say hello', maxOutputTokens: 40, maxRetries: 0 });
  expect(whole.text.length).toBeGreaterThan(0);
  const sent = h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
  expect(sent).toMatchObject({ model: 'gpt-5.4-mini', max_completion_tokens: 40 });
  expect(sent).not.toHaveProperty('max_tokens');
  const streamed = streamText({ model: openai.chat('reasoner'), prompt: 'Count to five', maxOutputTokens: 40, maxRetries: 0 });
  let text = '';
  for await (const delta of streamed.textStream) text += delta;
  expect(text.length).toBeGreaterThan(0);
});

it('carries the AI SDK’s reasoning settings to a Gemini model behind a gateway name', async () => {
  const thinkingConfig = () => (h.sim.stats().lastRequests.at(-1)?.body as { generationConfig?: { thinkingConfig?: unknown } }).generationConfig?.thinkingConfig;
  const ask = { prompt: 'Is 91 prime?', maxOutputTokens: 100, maxRetries: 0 };
  // @ai-sdk/anthropic's thinking budget as that budget (it was the nearest effort's, 8,192), and thinking disabled as off.
  await generateText({ model: anthropic('flash'), ...ask, providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 10_000 } } } });
  expect(thinkingConfig()).toEqual({ thinkingBudget: 10_000, includeThoughts: true });
  await generateText({ model: anthropic('flash'), ...ask, providerOptions: { anthropic: { thinking: { type: 'disabled' } } } });
  expect(thinkingConfig()).toEqual({ thinkingBudget: 0 });
  // @ai-sdk/openai's reasoningEffort over chat completions.
  await generateText({ model: openai.chat('flash'), ...ask, maxOutputTokens: 60_000, providerOptions: { openai: { reasoningEffort: 'low' } } });
  expect(thinkingConfig()).toEqual({ thinkingBudget: 1024 });
  // Over the Responses API the SDK sends `reasoning` only for names it knows reason (o-series,
  // gpt-5), never for a gateway's own name, with a warning; `forceReasoning` sends it.
  await generateText({ model: openai('flash'), ...ask, maxOutputTokens: 60_000, providerOptions: { openai: { reasoningEffort: 'low' } } });
  expect(thinkingConfig()).toBeUndefined();
  await generateText({ model: openai('flash'), ...ask, maxOutputTokens: 60_000, providerOptions: { openai: { reasoningEffort: 'low', forceReasoning: true } } });
  expect(thinkingConfig()).toEqual({ thinkingBudget: 1024 });
});

it('answers the Anthropic provider whose base URL is the host root, as the Anthropic SDK wants it', async () => {
  // createAnthropic appends /messages to its base URL (Anthropic's default ends in /v1), so a
  // host-root base URL written the Anthropic SDK's way sends POST /messages.
  const hostRoot = createAnthropic({ baseURL: h.gateway.url, apiKey: 'sk-sy-alpha-key' });
  const whole = await generateText({ model: hostRoot('claude'), prompt: 'Say hello', maxOutputTokens: 40, maxRetries: 0 });
  expect(whole.text.length).toBeGreaterThan(0);
  const counted = await fetch(`${h.gateway.url}/messages/count_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-sy-alpha-key', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude', messages: [{ role: 'user', content: 'Say hello' }] }),
  });
  expect(counted.status).toBe(200);
  expect(((await counted.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
});

describe('token log probabilities over the Responses API (providerOptions.openai.logprobs)', () => {
  // The SDK sends include: ['message.output_text.logprobs'] and top_logprobs.
  const logprobsOf = (metadata: unknown) => ((metadata as { openai?: { logprobs?: { token: string; top_logprobs: unknown[] }[][] } } | undefined)?.openai?.logprobs ?? []).flat();

  it.each(['small', 'native', 'flash'] as const)('%s: come back for every token of the answer', async (name) => {
    const whole = await generateText({ model: openai(name), prompt: 'Say hello', maxOutputTokens: 40, providerOptions: { openai: { logprobs: 2 } }, maxRetries: 0 });
    const tokens = logprobsOf(whole.providerMetadata);
    expect(tokens.map((entry) => entry.token).join('')).toBe(whole.text);
    expect(tokens[0]?.top_logprobs).toHaveLength(2);
  });

  it.each(['small', 'native'] as const)('%s: come back streamed, per text delta', async (name) => {
    const streamed = streamText({ model: openai(name), prompt: 'Say hello', maxOutputTokens: 40, providerOptions: { openai: { logprobs: 2 } }, maxRetries: 0 });
    const text = await streamed.text;
    expect(logprobsOf(await streamed.providerMetadata).map((entry) => entry.token).join('')).toBe(text);
  });

  it('are refused on Claude, which has none, naming the field', async () => {
    const error = await generateText({ model: openai('claude'), prompt: 'Say hello', providerOptions: { openai: { logprobs: 2 } }, maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e as { statusCode?: number; responseBody?: string },
    );
    expect(error).toMatchObject({ statusCode: 400 });
    expect(JSON.parse(error?.responseBody ?? '{}')).toMatchObject({ error: { param: 'logprobs' } });
  });
});

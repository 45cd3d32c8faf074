import { readFileSync } from 'node:fs';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

/**
 * OpenAI's explicit prompt-cache breakpoints as `@langchain/openai` 1.6 (on openai 7, Node 22)
 * sends them: `prompt_cache_breakpoint: { mode: "explicit" }` on the system prompt's text block,
 * over chat completions and over the Responses API (the fixture: the requests a logging proxy
 * recorded). Claude caches only what `cache_control` marks, so the gateway turns the breakpoint
 * into it: the second call reads the shared prefix from the cache instead of paying for it again.
 */
interface Recorded {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/langchain16-prompt-cache-breakpoint.json', import.meta.url), 'utf8')) as Record<'chat' | 'responses', Recorded>;
const KEY = 'sk-sy-alpha-key';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

type Details = { cached_tokens?: number; cache_write_tokens?: number };
async function replay(recorded: Recorded, model: string): Promise<{ status: number; cached: number; written: number; prompt: number }> {
  const response = await fetch(`${h.gateway.url}${recorded.path}`, {
    method: 'POST',
    headers: { ...recorded.headers, authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ ...recorded.body, model }),
  });
  const body = (await response.json()) as { usage?: { prompt_tokens?: number; input_tokens?: number; prompt_tokens_details?: Details; input_tokens_details?: Details } };
  const usage = body.usage ?? {};
  const details = usage.prompt_tokens_details ?? usage.input_tokens_details ?? {};
  return { status: response.status, cached: details.cached_tokens ?? 0, written: details.cache_write_tokens ?? 0, prompt: usage.prompt_tokens ?? usage.input_tokens ?? 0 };
}

describe.each(['chat', 'responses'] as const)('an explicit prompt-cache breakpoint over %s', (api) => {
  it('is a Claude cache breakpoint: the second call reads the marked system prompt from the cache', async () => {
    await fetch(`${h.sim.url}/_sim/reset`, { method: 'POST' });
    const first = await replay(fixture[api], 'claude');
    const second = await replay(fixture[api], 'claude');
    expect(first).toMatchObject({ status: 200, cached: 0 });
    // The first call wrote the prefix, reported in OpenAI's own field on both APIs
    // (chat's prompt_tokens_details.cache_write_tokens, the Responses API's input_tokens_details).
    expect(first.written).toBeGreaterThan(first.prompt * 0.9);
    expect(second).toMatchObject({ status: 200, written: 0 });
    // The system prompt is all but the few tokens of "Say hi" and the message framing.
    expect(second.cached).toBeGreaterThan(second.prompt * 0.9);
  });

  it.each(MODELS)('is taken by %s', async (model) => {
    expect((await replay(fixture[api], model)).status).toBe(200);
  });
});

describe("Claude's cache writes through the OpenAI-side clients", () => {
  // Claude reports cache writes apart from its input; OpenAI's usage has them in
  // prompt_tokens_details.cache_write_tokens, which the openai SDK types and the AI SDK reads.
  const script = { match: '^cache write turn', reply: 'done', usage: { prompt_tokens: 5_000, cached_tokens: 1_000, cache_creation_tokens: 3_000, completion_tokens: 20 } };

  it('are cache_write_tokens in chat usage, whole and streamed (openai SDK)', async () => {
    h.sim.addScript(script);
    const client = h.openai(KEY);
    const whole = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'cache write turn' }] });
    expect(whole.usage?.prompt_tokens).toBe(5_000);
    expect(whole.usage?.prompt_tokens_details).toMatchObject({ cached_tokens: 1_000, cache_write_tokens: 3_000 });
    let streamed: OpenAI.CompletionUsage | undefined;
    for await (const chunk of await client.chat.completions.create({ model: 'claude', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'cache write turn' }] })) streamed = chunk.usage ?? streamed;
    expect(streamed?.prompt_tokens_details).toMatchObject({ cached_tokens: 1_000, cache_write_tokens: 3_000 });
  });

  it("are the AI SDK's cacheWriteTokens over chat completions, and the fresh input excludes them", async () => {
    h.sim.addScript(script);
    const model = createOpenAI({ baseURL: h.baseURL, apiKey: KEY }).chat('claude');
    const whole = await generateText({ model, prompt: 'cache write turn', maxRetries: 0 });
    expect(whole.usage.inputTokenDetails).toEqual({ noCacheTokens: 1_000, cacheReadTokens: 1_000, cacheWriteTokens: 3_000 });
    const streamed = streamText({ model, prompt: 'cache write turn', maxRetries: 0 });
    for await (const _ of streamed.textStream);
    expect((await streamed.usage).inputTokenDetails).toEqual({ noCacheTokens: 1_000, cacheReadTokens: 1_000, cacheWriteTokens: 3_000 });
  });
});

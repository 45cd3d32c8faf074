import { readFileSync } from 'node:fs';
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

async function replay(recorded: Recorded, model: string): Promise<{ status: number; cached: number; prompt: number }> {
  const response = await fetch(`${h.gateway.url}${recorded.path}`, {
    method: 'POST',
    headers: { ...recorded.headers, authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ ...recorded.body, model }),
  });
  const body = (await response.json()) as { usage?: { prompt_tokens?: number; input_tokens?: number; prompt_tokens_details?: { cached_tokens?: number }; input_tokens_details?: { cached_tokens?: number } } };
  const usage = body.usage ?? {};
  return { status: response.status, cached: usage.prompt_tokens_details?.cached_tokens ?? usage.input_tokens_details?.cached_tokens ?? 0, prompt: usage.prompt_tokens ?? usage.input_tokens ?? 0 };
}

describe.each(['chat', 'responses'] as const)('an explicit prompt-cache breakpoint over %s', (api) => {
  it('is a Claude cache breakpoint: the second call reads the marked system prompt from the cache', async () => {
    await fetch(`${h.sim.url}/_sim/reset`, { method: 'POST' });
    const first = await replay(fixture[api], 'claude');
    const second = await replay(fixture[api], 'claude');
    expect(first).toMatchObject({ status: 200, cached: 0 });
    expect(second.status).toBe(200);
    // The system prompt is all but the few tokens of "Say hi" and the message framing.
    expect(second.cached).toBeGreaterThan(second.prompt * 0.9);
  });

  it.each(MODELS)('is taken by %s', async (model) => {
    expect((await replay(fixture[api], model)).status).toBe(200);
  });
});

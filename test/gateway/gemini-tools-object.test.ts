import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

/**
 * `@ai-sdk/google` 2.0 (the AI SDK 5's Google provider, which Mastra 0.24 bundles) sends `tools`
 * as one Tool object, not a list. Google reads one value where a list is due as a list of it, so
 * its tool calls work on Gemini; the gateway refused the request for every model it translates
 * (400 "tools must be an array of Tool objects") and the simulator for Gemini itself ("Expected a
 * list at 'tools'"). The body is what `generateText({ tools: { weather } })` sent, recorded by a
 * logging proxy on 2026-12-07.
 */
const sent = {
  generationConfig: {},
  contents: [{ role: 'user', parts: [{ text: 'What is the weather in Paris?' }] }],
  tools: { functionDeclarations: [{ name: 'weather', description: 'Get the weather for a city', parameters: { required: ['city'], type: 'object', properties: { city: { type: 'string' } } } }] },
  toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

type Answer = { candidates: { content: { parts: { functionCall?: { name: string; args: { city?: unknown } } }[] } }[] };

describe('tools sent as one Tool object, not a list', () => {
  it.each(MODELS)('%s calls the function it declares', async (model) => {
    const res = await fetch(`${h.gateway.url}/v1beta/models/${model}:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sy-alpha-key' },
      body: JSON.stringify(sent),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Answer;
    const call = answer.candidates[0]?.content.parts.find((part) => part.functionCall)?.functionCall;
    expect(call?.name).toBe('weather');
    expect(typeof call?.args.city).toBe('string');
  });

  it('a tools value that is neither a list nor an object is still refused', async () => {
    const res = await fetch(`${h.gateway.url}/v1beta/models/claude:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sy-alpha-key' },
      body: JSON.stringify({ ...sent, tools: 'weather' }),
    });
    expect(res.status).toBe(400);
  });
});

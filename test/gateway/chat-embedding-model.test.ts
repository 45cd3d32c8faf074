import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A chat request naming an embedding model, the mirror of `embeddings-chat-model.test.ts`: OpenAI
 * answers 404 "This is not a chat model…" (param `model`), Google 404 "… is not supported for
 * generateContent". The simulator chatted with any model, so this passed on it and failed live.
 * The client gets the provider's 404, which its SDK raises as NotFound and is told not to retry,
 * and the model's circuit stays closed: it is the one its embeddings calls use, and five such chat
 * requests opened it, so every client's embeddings answered 503 for the next 10 s.
 */
const KEY = 'sk-sy-alpha-key';
const OPENAI_WORDS = 'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `
providers:
  sim-openai: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
  sim-google: { type: gemini, base_url: ${sim}, api_key: AIza-sim-key }
models:
  text-embedding-3-small: { provider: sim-openai, model: text-embedding-3-small }
  gemini-embedding-001: { provider: sim-google, model: gemini-embedding-001 }
keys:
  - { key: ${KEY}, name: alpha }
`);
});
afterAll(() => h.close());

const client = (maxRetries = 0) => new OpenAI({ baseURL: h.baseURL, apiKey: KEY, maxRetries });
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (thrown: unknown) => thrown as InstanceType<typeof OpenAI.APIError>);

describe('chat from an embedding model', () => {
  it("answers OpenAI's 404 as OpenAI gives it, streamed or not, and the SDK does not retry it", async () => {
    for (const stream of [false, true]) {
      h.sim.resetStats();
      const error = await refusal(client(2).chat.completions.create({ model: 'text-embedding-3-small', messages: [{ role: 'user', content: 'hello' }], stream }));
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error).toMatchObject({ status: 404, param: 'model', message: `404 ${OPENAI_WORDS}` });
      expect(error?.headers?.get('x-should-retry')).toBe('false');
      expect(h.sim.stats().requests).toBe(1);
    }
  });

  it("answers Google's 404 naming generateContent, over chat completions and the Responses API", async () => {
    const chat = await refusal(client().chat.completions.create({ model: 'gemini-embedding-001', messages: [{ role: 'user', content: 'hello' }] }));
    expect(chat).toBeInstanceOf(OpenAI.NotFoundError);
    expect(chat?.message).toContain('provider "sim-google" answered 404: models/gemini-embedding-001 is not found for API version v1beta, or is not supported for generateContent');
    const responses = await refusal(client().responses.create({ model: 'gemini-embedding-001', input: 'hello' }));
    expect(responses).toBeInstanceOf(OpenAI.NotFoundError);
    const openai = await refusal(client().responses.create({ model: 'text-embedding-3-small', input: 'hello' }));
    expect(openai?.message).toContain(`provider "sim-openai" answered 404: ${OPENAI_WORDS}`);
  });

  it("answers an Anthropic client Anthropic's not_found_error, quoting the provider", async () => {
    const res = await fetch(`${h.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'text-embedding-3-small', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-should-retry')).toBe('false');
    const body = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: `provider "sim-openai" answered 404: ${OPENAI_WORDS}` } });
  });

  it.each(['text-embedding-3-small', 'gemini-embedding-001'])("leaves %s's circuit closed: its embeddings still answer after a client's chat requests", async (model) => {
    // The default breaker opens after 5 failures in a row.
    for (let i = 0; i < 6; i++) expect((await refusal(client().chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] })))?.status).toBe(404);
    const providers = (await (await fetch(`${h.gateway.url}/api/providers`)).json()) as { targets: { target: string; state: string; consecutiveFailures: number }[] };
    expect(providers.targets.find((t) => t.target.endsWith(`/${model}`))).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    const embedded = await client().embeddings.create({ model, input: 'hello' });
    expect(embedded.data[0]?.embedding.length).toBeGreaterThan(0);
  });
});

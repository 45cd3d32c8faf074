import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// groq-sdk 1.6 appends "/openai/v1/chat/completions" (and /embeddings, /models) to its baseURL,
// whose default is https://api.groq.com: an app pointing baseURL at the gateway's root sends these
// paths, which were 404s. The official OpenAI SDK with baseURL `<gateway>/openai/v1` sends the
// same requests.
let h: Harness;
let groqStyle: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  gpt-5.4-mini: { provider: oai, model: gpt-5.4-mini }
  claude-sonnet-4-6: { provider: anth, model: claude-sonnet-4-6 }
  gemini-2.5-flash: { provider: gem, model: gemini-2.5-flash }
  text-embedding-3-small: { provider: oai, model: text-embedding-3-small }
keys:
  - { key: sk-sy-groq, name: groq }
`);
  groqStyle = new OpenAI({ apiKey: 'sk-sy-groq', baseURL: `${h.gateway.url}/openai/v1`, maxRetries: 0 });
});
afterAll(() => h.close());

describe("groq-sdk's /openai/v1 paths", () => {
  it.each(['gpt-5.4-mini', 'claude-sonnet-4-6', 'gemini-2.5-flash'])('answers chat completions, whole and streamed, for %s', async (model) => {
    const whole = await groqStyle.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hi' }] });
    expect(whole.choices[0]?.message.content).toBeTruthy();
    const stream = await groqStyle.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    const trace = await h.waitForTrace((t) => t.requestedModel === model && t.stream);
    expect(trace.endpoint).toBe('chat');
  });

  it('serves embeddings and the model list', async () => {
    const embedded = await groqStyle.embeddings.create({ model: 'text-embedding-3-small', input: ['hello', 'world'] });
    expect(embedded.data).toHaveLength(2);
    const models = await groqStyle.models.list();
    expect(models.data.map((m) => m.id)).toContain('claude-sonnet-4-6');
  });

  it('asks for the key as on /v1', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${h.gateway.url}/openai/v1`, maxRetries: 0 });
    const error = await wrong.chat.completions.create({ model: 'gpt-5.4-mini', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('names the path the client called in a 405 or a wrong-method 404, not the /v1 path it is served as', async () => {
    const call = async (method: string, path: string) => {
      const response = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: 'Bearer sk-sy-groq', 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      return { status: response.status, allow: response.headers.get('allow'), message: ((await response.json()) as { error: { message: string } }).error.message };
    };
    // Before 2026-12-07 (leftovers15): "/v1/models takes GET, not POST".
    expect(await call('POST', '/openai/v1/models')).toEqual({ status: 405, allow: 'GET, HEAD', message: '/openai/v1/models takes GET, not POST' });
    expect(await call('PUT', '/openai/v1/models/gpt-5.4-mini')).toMatchObject({ status: 405, message: '/openai/v1/models/{model} takes GET, not PUT' });
    expect(await call('DELETE', '/openai/v1/models/gpt-5.4-mini')).toMatchObject({ status: 404, message: expect.stringMatching(/^no route DELETE \/openai\/v1\/models\/gpt-5\.4-mini:/) });
    expect(await call('PUT', '/openai/v1/embeddings')).toMatchObject({ status: 405, message: '/openai/v1/embeddings takes POST, not PUT' });
    expect(await call('GET', '/openai/v1/chat/completions')).toMatchObject({ status: 404, message: expect.stringMatching(/^no route GET \/openai\/v1\/chat\/completions:/) });
    // The /v1 paths are named as called too.
    expect(await call('POST', '/v1/models')).toMatchObject({ status: 405, message: '/v1/models takes GET, not POST' });
  });

  it('still names a wrong base URL for anything else under /openai', async () => {
    const response = await fetch(`${h.gateway.url}/openai/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-groq', 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('no route POST /openai/chat/completions');
  });
});

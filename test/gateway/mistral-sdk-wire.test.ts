import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// Requests as Mistral's SDK (@mistralai/mistralai 2.7, `serverURL` at the gateway) sent them,
// recorded by a logging proxy on 2026-12-07.
let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  gpt-5.4-mini: { provider: oai, model: gpt-5.4-mini }
  claude-sonnet-4-6: { provider: anth, model: claude-sonnet-4-6 }
  text-embedding-3-small: { provider: oai, model: text-embedding-3-small }
  gemini-embedding-001: { provider: gem, model: gemini-embedding-001 }
keys:
  - { key: sk-sy-mistral, name: mistral }
`);
});
afterAll(() => h.close());

const post = (path: string, body: unknown) =>
  fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-sy-mistral', 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'mistral-client-typescript/2.7.0' },
    body: JSON.stringify(body),
  });

describe("Mistral's SDK on the gateway", () => {
  // Its EmbeddingResponse requires `id` (Mistral's API sends one); OpenAI's answer has none, and
  // every embeddings.create failed "Response validation failed … at id".
  it.each(['text-embedding-3-small', 'gemini-embedding-001'])('gets an id on every embeddings answer (%s), the rest as OpenAI sends it', async (model) => {
    const response = await post('/v1/embeddings', { model, input: ['hello', 'world'] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: unknown; object: string; data: { embedding: number[] }[]; usage: unknown };
    expect(body.id).toEqual(expect.stringMatching(/^embd-/));
    expect(body.object).toBe('list');
    expect(body.data).toHaveLength(2);
    expect(body.data[0]?.embedding.length).toBeGreaterThan(0);
    // The official SDK reads the same answer (the extra field is ignored).
    const openai = h.openai('sk-sy-mistral');
    expect((await openai.embeddings.create({ model, input: 'hello' })).data).toHaveLength(1);
  });

  // Its toolChoice "any" is sent as tool_choice "any", which OpenAI refuses; the 400 said
  // `tool_choice: expected object, got "any"`, naming neither the words OpenAI takes nor the fix.
  it.each(['gpt-5.4-mini', 'claude-sonnet-4-6'])('refuses tool_choice "any" naming "required" (%s)', async (model) => {
    const response = await post('/v1/chat/completions', {
      model,
      stream: false,
      messages: [{ role: 'user', content: 'What is the weather in Paris? Use the tool.' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } } }],
      tool_choice: 'any',
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; param: string; code: string } };
    expect(error).toMatchObject({ param: 'tool_choice', code: 'invalid_value' });
    expect(error.message).toContain('tool_choice: "any" is not one of "none", "auto", "required" or a tool object');
    expect(error.message).toContain('toolChoice: "required"');
    const fixed = await h.openai('sk-sy-mistral').chat.completions.create({ model, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }], tool_choice: 'required' });
    expect(fixed.choices[0]?.message.tool_calls?.length).toBeGreaterThan(0);
  });

});

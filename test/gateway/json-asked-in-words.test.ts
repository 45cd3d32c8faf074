import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

/**
 * A client that asks for JSON in words, the schema written into the prompt and no
 * `response_format` sent: Genkit's default for a model it does not know (the fixture is its
 * recorded request). Real models follow the instruction; the simulated ones answered prose, so
 * Genkit's `output` parse failed on every model behind the gateway, on the simulator only.
 */
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/genkit-json-in-prompt.json', import.meta.url), 'utf8')) as {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
};
const KEY = 'sk-sy-alpha-key';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

describe('JSON asked for in words, with the schema in the prompt', () => {
  it.each(MODELS)('%s answers an object that fits the schema', async (model) => {
    const res = await fetch(`${h.gateway.url}${fixture.path}`, {
      method: 'POST',
      headers: { ...fixture.headers, authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ ...fixture.body, model }),
    });
    expect(res.status).toBe(200);
    const content = ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? '';
    const answer = JSON.parse(content) as Record<string, unknown>;
    expect(typeof answer.name).toBe('string');
    expect(typeof answer.age).toBe('number');
  });

  it('leaves a prompt that names no schema in prose', async () => {
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'Explain what JSON is, e.g. {"a": 1}' }] }),
    });
    const content = ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? '';
    expect(() => JSON.parse(content)).toThrow();
  });
});

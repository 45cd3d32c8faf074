import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

/**
 * Instructor's JSON modes, replayed from its recorded requests through the official SDK. JSON and
 * MD_JSON write the schema into a system message (JSON with `response_format: json_object`);
 * real models fill it, the simulated ones answered a free-form object or prose, so Instructor's
 * parse failed on every simulated model. JSON_SCHEMA sends `response_format: {type: "json_object",
 * schema}`, which OpenAI refuses (`Unknown parameter: 'response_format.schema'.`) and the
 * simulator took.
 */
type Body = OpenAI.ChatCompletionCreateParamsNonStreaming;
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/instructor-json-modes.json', import.meta.url), 'utf8')) as {
  modes: Record<'JSON' | 'MD_JSON' | 'JSON_SCHEMA', Body>;
};

let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
  client = new OpenAI({ baseURL: h.baseURL, apiKey: 'sk-sy-alpha-key', maxRetries: 0 });
});
afterAll(() => h.close());

describe("Instructor's JSON modes", () => {
  describe.each(['JSON', 'MD_JSON'] as const)('%s: the schema in the system message', (mode) => {
    it.each(MODELS)('%s answers an object that fits it', async (model) => {
      const completion = await client.chat.completions.create({ ...fixture.modes[mode], model });
      const answer = JSON.parse(completion.choices[0]?.message.content ?? '') as Record<string, unknown>;
      expect(Object.keys(answer).sort()).toEqual(['age', 'name']);
      expect(typeof answer.name).toBe('string');
      expect(typeof answer.age).toBe('number');
    });
  });

  it("JSON_SCHEMA: an OpenAI model refuses response_format.schema in OpenAI's words", async () => {
    const error = await client.chat.completions.create({ ...fixture.modes.JSON_SCHEMA, model: 'small' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
      message: "Unknown parameter: 'response_format.schema'.",
      param: 'response_format.schema',
      code: 'unknown_parameter',
    });
  });

  it('a json_object request whose prompt spells out no schema still gets a free-form object', async () => {
    const completion = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Reply in JSON about the weather' }], response_format: { type: 'json_object' } });
    const answer = JSON.parse(completion.choices[0]?.message.content ?? '') as Record<string, unknown>;
    expect(Object.keys(answer).length).toBeGreaterThan(0);
    expect(answer).not.toHaveProperty('age');
  });
});

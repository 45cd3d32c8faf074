/**
 * A described field whose type is a shared definition: `{"$ref": "#/$defs/Address", "description":
 * "Where they live"}`. zod 4 writes it for a schema used twice (and, from 4.3.2, for a described
 * `.optional()`), `@anthropic-ai/sdk` 1.17's `zodOutputFormat` keeps the description its 1.16
 * dropped, and Gemini's `responseJsonSchema` takes it. Claude and Gemini read it; OpenAI's strict
 * mode refuses it (the simulator too: src/simulate/strict-schema-refs.test.ts). Through the
 * gateway each model gets the schema in a form it takes, the description kept.
 */
import Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { refWithSiblings } from '../../src/core/ref-siblings.js';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  gpt: { provider: oai, model: gpt-4.1-mini }
  sonnet: { provider: anth, model: claude-sonnet-4-6 }
  flash: { provider: gem, model: gemini-2.5-flash }
keys:
  - { key: sk-sy-test, name: test }
`);
});
afterAll(() => h.close());

const Address = z.object({ city: z.string(), country: z.string() }).describe('A postal address');
const Person = z.object({
  name: z.string(),
  home: Address.describe('Where the person lives'),
  work: Address.describe('Where the person works'),
  nickname: z.string().describe('What friends call them').optional(),
});
/** The same as plain JSON Schema, as a Gemini or OpenAI client writes it by hand. */
const personSchema = {
  type: 'object',
  properties: { home: { $ref: '#/$defs/Address', description: 'Where they live' }, work: { $ref: '#/$defs/Address', description: 'Where they work' } },
  required: ['home', 'work'],
  $defs: { Address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

type Schema = { properties: Record<string, Record<string, unknown>>; $defs?: Record<string, unknown> };
const sentSchema = (): Schema => {
  const body = h.sim.stats().lastRequests.at(-1)?.body as Record<string, any>;
  return body.output_config?.format?.schema ?? body.response_format?.json_schema?.schema;
};

describe('a described $ref from an Anthropic client (@anthropic-ai/sdk 1.17 messages.parse)', () => {
  it('reaches an OpenAI model with the definition written out under the description, and parses', async () => {
    expect(refWithSiblings(zodOutputFormat(Person).schema as Record<string, unknown> as never)).toBeDefined(); // what the SDK sends
    const message = await h.anthropic('sk-sy-test').messages.parse({ model: 'gpt', max_tokens: 400, messages: [{ role: 'user', content: 'Make up a person' }], output_config: { format: zodOutputFormat(Person) } });
    expect(Person.safeParse(message.parsed_output).success).toBe(true);
    const sent = sentSchema();
    expect(refWithSiblings(sent as never)).toBeUndefined();
    expect(sent.properties.home).toMatchObject({ type: 'object', description: 'Where the person lives', required: ['city', 'country'] });
    expect(sent.properties.work?.description).toBe('Where the person works');
    expect(sent.properties.nickname?.description).toBe('What friends call them');
  });

  it('reaches Claude as sent, the $ref and its description side by side', async () => {
    const message = await h.anthropic('sk-sy-test').messages.parse({ model: 'sonnet', max_tokens: 400, messages: [{ role: 'user', content: 'Make up a person' }], output_config: { format: zodOutputFormat(Person) } });
    expect(Person.safeParse(message.parsed_output).success).toBe(true);
    expect(sentSchema().properties.home).toEqual({ $ref: expect.stringMatching(/^#\/\$defs\//), description: 'Where the person lives' });
  });
});

describe('a described $ref sent to Claude from other clients', () => {
  it('keeps the description beside the $ref from a Gemini client (@google/genai responseJsonSchema)', async () => {
    const ai = new GoogleGenAI({ apiKey: 'sk-sy-test', httpOptions: { baseUrl: h.gateway.url } });
    const answer = await ai.models.generateContent({ model: 'sonnet', contents: 'Make up two addresses', config: { responseMimeType: 'application/json', responseJsonSchema: personSchema } });
    expect(JSON.parse(answer.text ?? '')).toHaveProperty('home.city');
    expect(sentSchema().properties).toMatchObject({ home: { $ref: '#/$defs/Address', description: 'Where they live' }, work: { $ref: '#/$defs/Address', description: 'Where they work' } });
  });

  it('keeps it from an OpenAI client, whose own model would refuse it in strict mode with OpenAI\'s 400', async () => {
    const openai = h.openai('sk-sy-test');
    const answer = await openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'Make up two addresses' }], response_format: { type: 'json_schema', json_schema: { name: 'person', schema: personSchema } } });
    expect(JSON.parse(answer.choices[0]?.message.content ?? '')).toHaveProperty('work.city');
    expect(sentSchema().properties.home).toEqual({ $ref: '#/$defs/Address', description: 'Where they live' });
    // The same schema, strict, to an OpenAI model: OpenAI's own answer, passed on to its client.
    const refused = await openai.chat.completions
      .create({ model: 'gpt', messages: [{ role: 'user', content: 'Make up two addresses' }], response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: personSchema } } })
      .then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ code: 'invalid_json_schema', param: 'response_format' });
  });
});

describe('described $refs that would be written out without end', () => {
  it("refuses in a 400 naming output_config.format.schema a 2 kB schema whose definitions each describe two uses of the next, and keeps serving", async () => {
    // Written out, 16 such definitions are 2^17 copies (18 MB sent upstream, 5.7 s of the event loop before the bound).
    const $defs: Record<string, unknown> = { D16: { type: 'string' } };
    for (let i = 0; i < 16; i++) $defs[`D${i}`] = { type: 'object', properties: { a: { $ref: `#/$defs/D${i + 1}`, description: 'a' }, b: { $ref: `#/$defs/D${i + 1}`, description: 'b' } } };
    const schema = { type: 'object', properties: { x: { $ref: '#/$defs/D0', description: 'x' } }, $defs };
    const client = h.anthropic('sk-sy-test');
    const before = h.sim.stats().requests;
    const refused = await client.messages
      .create({ model: 'gpt', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], output_config: { format: { type: 'json_schema', schema } } })
      .then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refused as InstanceType<typeof Anthropic.BadRequestError>).message).toMatch(/output_config\.format\.schema: .*more than 500,000 characters of schema/);
    expect(h.sim.stats().requests).toBe(before); // nothing went upstream
    const person = await client.messages.parse({ model: 'gpt', max_tokens: 400, messages: [{ role: 'user', content: 'Make up a person' }], output_config: { format: zodOutputFormat(Person) } });
    expect(Person.safeParse(person.parsed_output).success).toBe(true);
  });
});

/**
 * OpenAI's strict structured outputs refuse a `$ref` that carries other keywords, in its words
 * (community.openai.com "allow annotation-only keywords … for $ref", langchain-ai/langchainjs#11381):
 * the simulator refuses it too, so a gateway that passes such a schema on fails its tests as it
 * would fail against OpenAI. Outside strict mode OpenAI does not check the schema, nor does this.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';

let openai: OpenAI;
simulatorPerFile((sim) => {
  openai = openaiOn(sim);
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);
const hi = [{ role: 'user' as const, content: 'Make up a person' }];
/** What zod 4 writes for two described fields of one shared object type. */
const person = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    home: { $ref: '#/$defs/Address', description: 'Where they live' },
    work: { $ref: '#/$defs/Address', description: 'Where they work', title: 'Work' },
  },
  required: ['name', 'home', 'work'],
  additionalProperties: false,
  $defs: { Address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } },
};
const bare = { ...person, properties: { name: { type: 'string' }, home: { $ref: '#/$defs/Address' }, work: { $ref: '#/$defs/Address' } } };

/** The `error` object of OpenAI's body, as the SDK keeps it. */
function openaiError(error: unknown): Record<string, unknown> {
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return (error as InstanceType<typeof OpenAI.BadRequestError>).error as Record<string, unknown>;
}

describe('a $ref with sibling keywords in a strict schema', () => {
  it('Chat Completions response_format: 400 invalid_json_schema naming the place and the keywords', async () => {
    const error = await failure(openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: person } } }));
    expect(openaiError(error)).toEqual({
      message: "Invalid schema for response_format 'person': context=('properties', 'home'), $ref cannot have keywords {'description'}.",
      type: 'invalid_request_error',
      param: 'response_format',
      code: 'invalid_json_schema',
    });
  });

  it('a strict function on Chat Completions: 400 invalid_function_parameters, every keyword named', async () => {
    const parameters = { ...person, properties: { work: person.properties.work } };
    const error = await failure(openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: hi, tools: [{ type: 'function', function: { name: 'save', strict: true, parameters } }] }));
    expect(openaiError(error)).toMatchObject({
      message: "Invalid schema for function 'save': context=('properties', 'work'), $ref cannot have keywords {'description', 'title'}.",
      param: 'tools[0].function.parameters',
      code: 'invalid_function_parameters',
    });
  });

  it('the Responses API text.format and strict function tools, with their own params', async () => {
    const format = await failure(openai.responses.create({ model: 'gpt-4.1-mini', input: 'Make up a person', text: { format: { type: 'json_schema', name: 'person', strict: true, schema: person } } }));
    expect(openaiError(format)).toMatchObject({ param: 'text.format.schema', code: 'invalid_json_schema', message: "Invalid schema for response_format 'person': context=('properties', 'home'), $ref cannot have keywords {'description'}." });
    const tool = await failure(openai.responses.create({ model: 'gpt-4.1-mini', input: 'Save a person', tools: [{ type: 'function', name: 'save', strict: true, parameters: person }] }));
    expect(openaiError(tool)).toMatchObject({ param: 'tools[0].parameters', code: 'invalid_function_parameters' });
  });

  it('is found inside definitions and list items too', async () => {
    const nested = { ...bare, $defs: { Address: { type: 'object', properties: { lines: { type: 'array', items: { $ref: '#/$defs/Line', description: 'One line' } } }, required: ['lines'], additionalProperties: false }, Line: { type: 'string' } } };
    const error = await failure(openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: nested } } }));
    expect(openaiError(error).message).toContain("context=('$defs', 'Address', 'properties', 'lines', 'items'), $ref cannot have keywords {'description'}.");
  });

  it('is taken outside strict mode, and bare refs are taken in it', async () => {
    const loose = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'person', schema: person } } });
    expect(JSON.parse(loose.choices[0]?.message.content ?? '')).toHaveProperty('home.city');
    const strict = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: bare } } });
    expect(JSON.parse(strict.choices[0]?.message.content ?? '')).toHaveProperty('work.city');
  });
});

/**
 * The deterministic generators behind every simulated answer: text, token splitting,
 * truncation, JSON-schema values and prompt caching.
 */
import { describe, expect, it } from 'vitest';
import { satisfiesSchema } from '../test-support/satisfies-schema.js';
import { echoWords, generateText, splitTokens, truncate } from './content.js';
import { seededRandom } from '../core/seeded-random.js';
import { PromptCache, PromptDigest } from './prompt-digest.js';
import { valueForSchema } from './schema-value.js';

describe('text', () => {
  it('is the same for the same seed and differs across seeds', () => {
    expect(generateText(seededRandom(1), 'Tell me about queues')).toBe(generateText(seededRandom(1), 'Tell me about queues'));
    const answers = new Set(Array.from({ length: 20 }, (_, seed) => generateText(seededRandom(seed), 'Tell me about queues')));
    expect(answers.size).toBeGreaterThan(15);
  });

  it('echoes the end of the question, where its topic usually is', () => {
    expect(generateText(seededRandom(3), 'Could you please tell me about vector databases?')).toMatch(/vector databases/);
  });

  it('echoes a guardrail placeholder whole, as models repeat it, so the gateway can put the value back', () => {
    // Before: "STREET ADDRESS 1", which no restore recognises, in every simulated answer about a redacted value.
    expect(echoWords('Bitte schicken Sie die Unterlagen an <STREET_ADDRESS_1>.', 3)).toEqual(['Unterlagen', 'an', '<STREET_ADDRESS_1>']);
    expect(echoWords('Tell me about rate limits!', 3)).toEqual(['about', 'rate', 'limits']);
  });
});

describe('tokens and truncation', () => {
  it('splits text into pieces that join back exactly', () => {
    const text = '  Hello there, extraordinarily   long words\nand "quotes"! ';
    expect(splitTokens(text).join('')).toBe(text);
    expect(splitTokens('Hello there, world')).toEqual(['Hello', ' there,', ' world']);
  });

  it('stops at the earliest stop sequence, before the token limit applies', () => {
    expect(truncate('one two three four', ['four', 'two'], 10)).toMatchObject({ text: 'one ', finish: 'stop_sequence', stopSequence: 'two' });
    expect(truncate('one two three four', ['four'], 2)).toMatchObject({ text: 'one two', finish: 'length', stopSequence: null });
    expect(truncate('one two', [], undefined)).toMatchObject({ text: 'one two', finish: 'stop', pieces: ['one', ' two'] });
  });
});

describe('values for JSON schemas', () => {
  const generate = (schema: object, seed = 1) => valueForSchema(schema, { rng: seededRandom(seed), hint: 'ship to Oslo', root: schema as Record<string, unknown> });

  const schemas: Record<string, object> = {
    'bounded numbers': { type: 'object', properties: { n: { type: 'integer', minimum: 5, maximum: 6 }, x: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, m: { type: 'integer', multipleOf: 7, minimum: 1, maximum: 30 } }, required: ['n', 'x', 'm'] },
    'strings with formats and lengths': { type: 'object', properties: { d: { type: 'string', format: 'date' }, t: { type: 'string', format: 'date-time' }, e: { type: 'string', format: 'email' }, u: { type: 'string', format: 'uuid' }, s: { type: 'string', minLength: 30, maxLength: 40 } }, required: ['d', 't', 'e', 'u', 's'] },
    'arrays with bounds': { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 2, maxItems: 3 },
    'nullable unions': { type: 'object', properties: { v: { anyOf: [{ type: 'string' }, { type: 'null' }] }, w: { type: ['integer', 'null'] } }, required: ['v', 'w'] },
    'local references': { type: 'object', properties: { item: { $ref: '#/$defs/item' } }, required: ['item'], $defs: { item: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } }, required: ['sku', 'qty'] } } },
    'allOf merges': { allOf: [{ type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'] }, { properties: { b: { const: 'fixed' } }, required: ['b'] }] },
  };

  for (const [name, schema] of Object.entries(schemas)) {
    it(`satisfies ${name} for many seeds`, () => {
      for (let seed = 0; seed < 25; seed++) expect(satisfiesSchema(schema, generate(schema, seed)), JSON.stringify(generate(schema, seed))).toBe(true);
    });
  }

  it('writes a number over a wide range whole, as clients parse such fields as integers', () => {
    // The Codex CLI declares exec_command's yield_time_ms a `number` and parses it as u64: a
    // simulated 88.48 failed the README's `codex exec` call ("expected u64").
    const codex = { type: 'object', properties: { yield_time_ms: { type: 'number' }, max_output_tokens: { type: 'number' }, timeout_ms: { type: 'number', minimum: 10000, maximum: 3600000 } }, required: ['yield_time_ms', 'max_output_tokens', 'timeout_ms'] };
    for (let seed = 0; seed < 25; seed++) {
      for (const value of Object.values(generate(codex, seed) as Record<string, number>)) expect(Number.isInteger(value), String(value)).toBe(true);
    }
    // A narrow range such as a score keeps its fractions.
    const score = { type: 'number', minimum: 0, maximum: 1 };
    const scores = Array.from({ length: 25 }, (_, seed) => generate(score, seed) as number);
    expect(scores.some((value) => !Number.isInteger(value))).toBe(true);
    expect(scores.every((value) => value >= 0 && value <= 1)).toBe(true);
  });

  it('reads zod 4’s safe-integer limits as no bound, writing an integer a model would', () => {
    // z.object({ age: z.number().int() }) in zod 4's JSON Schema, as openai's zodResponseFormat and
    // the AI SDK send it: the simulated age was 1701357044105215 before.
    const person = { type: 'object', properties: { age: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } }, required: ['age'] };
    const ages = Array.from({ length: 25 }, (_, seed) => (generate(person, seed) as { age: number }).age);
    expect(ages.every((age) => Number.isInteger(age) && age >= 0 && age <= 100)).toBe(true);
    // A bound the schema means still holds.
    const adult = { type: 'integer', minimum: 18, maximum: 9007199254740991 };
    expect(Array.from({ length: 25 }, (_, seed) => generate(adult, seed) as number).every((age) => age >= 18 && age <= 118)).toBe(true);
  });

  it('is deterministic and echoes words of the hint in strings', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    expect(generate(schema, 9)).toEqual(generate(schema, 9));
    const cities = Array.from({ length: 20 }, (_, seed) => (generate(schema, seed) as { city: string }).city);
    expect(cities.some((city) => /Oslo|ship/.test(city))).toBe(true);
  });
});

describe('prompt cache', () => {
  it('finds the longest remembered prefix', () => {
    const digest = (text: string) => {
      const d = new PromptDigest(512, 4096);
      d.message('user');
      d.add(text);
      return d;
    };
    const base = 'x'.repeat(6000);
    const cache = new PromptCache();
    const first = digest(base);
    expect(cache.longestSeen(first.checkpoints)).toBe(0);
    cache.remember(first.checkpoints);
    const longer = digest(`${base}${'y'.repeat(2000)}`);
    expect(cache.longestSeen(longer.checkpoints)).toBe(first.checkpoints.at(-1)?.tokens);
    expect(cache.longestSeen(digest('z'.repeat(6000)).checkpoints)).toBe(0);
  });
});

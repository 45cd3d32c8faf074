import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaAskedInWords } from './schema-in-prompt.js';

describe('schemaAskedInWords', () => {
  it('finds the schema Genkit writes into its prompt, fenced and after other braces', () => {
    const text = 'Output should be in JSON format and conform to the following schema:\n\n```\n{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}\n```\n';
    expect(schemaAskedInWords(text)).toEqual({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
    expect(schemaAskedInWords('Example {"a": 1}. Reply in JSON fitting {"type":"object","properties":{"b":{"type":"number"}}}')).toEqual({ type: 'object', properties: { b: { type: 'number' } } });
  });

  it('skips braces inside strings', () => {
    expect(schemaAskedInWords('JSON: {"type":"object","description":"a } brace","properties":{}}')).toMatchObject({ description: 'a } brace' });
  });

  it('needs the word JSON and an object schema', () => {
    expect(schemaAskedInWords('conform to {"type":"object","properties":{}}')).toBeUndefined();
    expect(schemaAskedInWords('JSON like {"name": "Ada"}')).toBeUndefined();
    expect(schemaAskedInWords('JSON {"type":"object","properties":')).toBeUndefined();
  });

  it('looks only at the first 16 objects of the first 20,000 characters', () => {
    const schema = '{"type":"object","properties":{}}';
    expect(schemaAskedInWords(`JSON ${'{"x":1} '.repeat(16)}${schema}`)).toBeUndefined();
    expect(schemaAskedInWords(`JSON ${'{"x":1} '.repeat(15)}${schema}`)).toBeDefined();
    expect(schemaAskedInWords(`JSON ${' '.repeat(20_000)}${schema}`)).toBeUndefined();
  });

  it('reads a type notation after an instruction to answer in JSON (BAML, promptfoo)', () => {
    expect(schemaAskedInWords('Extract the resume.\nAnswer in JSON using this schema:\n{\n  name: string,\n  years: int,\n}')).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, years: { type: 'integer' } },
      required: ['name', 'years'],
    });
    expect(schemaAskedInWords('You respond with a JSON object with this structure: {reason: string, pass: boolean, score: number}')?.['required']).toEqual(['reason', 'pass', 'score']);
  });

  it("takes an example's keys and types, its booleans and numbers as given, its lists at their length", () => {
    expect(schemaAskedInWords('Return output ONLY as a minified JSON object.\nFormat:\n{"steps": <list_of_strings>}\nExample:\n{"steps":["<Step 1>","<Step 2>"]}')).toEqual({
      type: 'object',
      properties: { steps: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 } },
      required: ['steps'],
    });
    expect(schemaAskedInWords('Respond with a JSON object. Example: {"score":0,"ok":true,"reason":"short"}')).toEqual({
      type: 'object',
      properties: { score: { const: 0 }, ok: { const: true }, reason: { type: 'string' } },
      required: ['score', 'ok', 'reason'],
    });
  });

  it("takes the last example before an instruction that closes the prompt (KaibanJS's agent prompt, recorded with kaibanjs 0.23)", () => {
    const kaiban = readFileSync(new URL('./__fixtures__/kaibanjs-agent-system-prompt.txt', import.meta.url), 'utf8');
    expect(kaiban.trimEnd().endsWith('You must return a valid JSON object. As if you were returning a JSON object from a function.')).toBe(true);
    expect(schemaAskedInWords(kaiban)).toEqual({ type: 'object', properties: { finalAnswer: { type: 'string' } }, required: ['finalAnswer'] });
    expect(schemaAskedInWords('Like {"a": 1} or {"b": "x"}.\nReturn a JSON object.')).toEqual({ type: 'object', properties: { b: { type: 'string' } }, required: ['b'] });
    // An instruction with more of the prompt after it does not close it: its examples are not taken.
    expect(schemaAskedInWords(`Like {"b": "x"}.\nReturn a JSON object.\n${'Some more words about the task. '.repeat(10)}`)).toBeUndefined();
  });

  it('leaves JSON shown to be read, not asked for, alone', () => {
    expect(schemaAskedInWords('Explain this JSON: {"a": 1}')).toBeUndefined();
    expect(schemaAskedInWords('What does {name: string} mean in a JSON type?')).toBeUndefined();
  });
});

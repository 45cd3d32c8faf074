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
});

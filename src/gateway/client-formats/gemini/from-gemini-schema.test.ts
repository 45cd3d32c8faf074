import { describe, expect, it } from 'vitest';
import { fromGeminiSchema as simulatorSchema } from '../../../simulate/gemini-schema.js';
import { fromGeminiSchema } from './from-gemini-schema.js';

describe('fromGeminiSchema', () => {
  it('turns Gemini types into JSON Schema types, nullable into a type list', () => {
    expect(fromGeminiSchema({ type: 'OBJECT', properties: { n: { type: 'INTEGER', nullable: true } }, propertyOrdering: ['n'] })).toEqual({ type: 'object', properties: { n: { type: ['integer', 'null'] } } });
  });

  it('keeps a keyword or a property named __proto__ (assigned, it set the copy\'s prototype and was lost)', () => {
    const schema = JSON.parse('{"type":"OBJECT","__proto__":{"x":1},"properties":{"__proto__":{"type":"STRING"},"constructor":{"type":"NUMBER"}}}') as unknown;
    expect(JSON.stringify(fromGeminiSchema(schema))).toBe('{"type":"object","__proto__":{"x":1},"properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"}}}');
    // The simulator reads a Gemini schema the same way when it makes up an answer for one.
    expect(Object.keys((simulatorSchema(schema).properties ?? {}) as object)).toEqual(['__proto__', 'constructor']);
  });
});

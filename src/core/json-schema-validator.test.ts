import { describe, expect, it } from 'vitest';
import { checkJsonSchema, compileJsonSchema, jsonSchemaValidator } from './json-schema-validator.js';

describe('compileJsonSchema', () => {
  it('holds a required name the schema lists no property for (zod fromJSONSchema dropped it)', () => {
    const check = compileJsonSchema({ type: 'object', required: ['name', 'amount'] });
    expect(check({ name: 'Bo' })).toBe('amount: is required');
    expect(check({ name: 'Bo', amount: 3 })).toBeUndefined();
    const partly = compileJsonSchema({ type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'b'] });
    expect(partly({ a: 'x' })).toBe('b: is required');
  });

  it('reads draft 2020-12 keywords: dependentRequired, prefixItems, $defs references', () => {
    expect(compileJsonSchema({ type: 'object', dependentRequired: { card: ['expiry'] } })({ card: '4242' })).toBe('(root): must have property expiry when property card is present');
    expect(compileJsonSchema({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] })(['a', 'b'])).toBe('1: must be integer');
    const referenced = compileJsonSchema({ type: 'object', properties: { total: { $ref: '#/$defs/money' } }, $defs: { money: { type: 'number', minimum: 0 } } });
    expect(referenced({ total: -1 })).toBe('total: must be >= 0');
  });

  it('names nested paths, unknown properties and allowed values, never the value it refused', () => {
    const check = compileJsonSchema({
      type: 'object',
      additionalProperties: false,
      properties: { items: { type: 'array', items: { type: 'object', properties: { sku: { enum: ['A-1', 'B-2'] } } } } },
    });
    const reason = check({ items: [{ sku: 'secret-sku-value' }], note: 'bob@example.com' }) ?? '';
    expect(reason).toContain('note: is not allowed');
    expect(reason).toContain('items.0.sku: must be one of "A-1", "B-2"');
    expect(reason).not.toContain('secret-sku-value');
    expect(reason).not.toContain('bob@example.com');
  });

  it('checks formats (email, date-time) and says how many violations it did not list', () => {
    const check = compileJsonSchema({ type: 'object', properties: { a: { format: 'email' }, b: { format: 'date-time' }, c: { type: 'integer' }, d: { type: 'integer' } } });
    expect(check({ a: 'nope', b: 'tuesday', c: 'x', d: 'y' })).toBe('a: must match format "email"; b: must match format "date-time"; c: must be integer; and 1 more');
  });

  it('takes two schemas with the same $id (each compiled on its own)', () => {
    const first = compileJsonSchema({ $id: 'https://example.com/answer', type: 'string' });
    const second = compileJsonSchema({ $id: 'https://example.com/answer', type: 'number' });
    expect([first('x'), second(1)]).toEqual([undefined, undefined]);
  });

  it('refuses an unusable schema, naming why', () => {
    expect(() => checkJsonSchema({ type: 42 })).toThrow(/^not a usable JSON Schema: .*type/);
    expect(() => checkJsonSchema({ $ref: '#/$defs/missing' })).toThrow(/not a usable JSON Schema: .*missing/);
  });
});

describe('jsonSchemaValidator', () => {
  it('reads a fenced answer and describes what is wrong', () => {
    const validate = jsonSchemaValidator({ type: 'object', required: ['intent'], properties: { intent: { type: 'string' } } });
    expect(validate('```json\n{"intent":"refund"}\n```')).toEqual({ valid: true, reason: 'valid against the schema' });
    expect(validate('{"intent":3}')).toEqual({ valid: false, reason: 'schema violations: intent: must be string' });
    expect(validate('{}')).toEqual({ valid: false, reason: 'schema violations: intent: is required' });
    expect(validate('Sure, here it is').reason).toMatch(/^not JSON: an unexpected character/);
  });
});

import { describe, expect, it } from 'vitest';
import { toGeminiSchema } from './convert-json-schema.js';

describe('toGeminiSchema', () => {
  it('inlines local $refs and cuts recursion to a bare OBJECT', () => {
    const dropped: string[] = [];
    const schema = {
      type: 'object',
      properties: { root: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', description: 'A tree node', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
    };
    const out = toGeminiSchema(schema, 'p', { dropped });
    expect(out.properties!['root']).toMatchObject({ type: 'OBJECT', description: 'A tree node', properties: { name: { type: 'STRING' } } });
    let node = out.properties!['root']!;
    let depth = 0;
    while (node.properties?.['children']?.items) {
      node = node.properties['children'].items;
      depth++;
    }
    expect(depth).toBe(8);
    expect(node).toEqual({ type: 'OBJECT' });
    expect(dropped).toContain('p.properties.root.properties.children.items.properties.children.items.properties.children.items.properties.children.items.properties.children.items.properties.children.items.properties.children.items.properties.children.items: $ref #/$defs/node');
  });

  it('keeps a property named __proto__, requires only properties it has, and takes no prototype member as a type', () => {
    const dropped: string[] = [];
    const schema = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"integer"}},"required":["__proto__","constructor","toString"],"allOf":[{"properties":{"__proto__":{"type":"string"},"x":{"type":"constructor"}}}]}') as unknown;
    const out = toGeminiSchema(schema, 'p', { dropped });
    // Assigned, "__proto__" set the object's prototype and the property was lost; "toString" was
    // required of Gemini (`in` reads the prototype), which refuses a required name it was not given.
    expect(Object.keys(out.properties ?? {})).toEqual(['__proto__', 'constructor', 'x']);
    expect(JSON.parse(JSON.stringify(out))).toMatchObject({ type: 'OBJECT', required: ['__proto__', 'constructor'] });
    expect(out.properties?.['x']).toEqual({});
    expect(dropped).toContain('p.properties.x: type constructor');
  });

  it('turns null branches and null types into nullable, and oneOf into anyOf', () => {
    expect(toGeminiSchema({ anyOf: [{ type: 'string' }, { type: 'null' }] }, 'p')).toEqual({ type: 'STRING', nullable: true });
    expect(toGeminiSchema({ type: ['integer', 'null'] }, 'p')).toEqual({ type: 'INTEGER', nullable: true });
    expect(toGeminiSchema({ oneOf: [{ type: 'string' }, { type: 'number' }] }, 'p')).toEqual({ anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] });
    expect(toGeminiSchema({ type: ['string', 'number'] }, 'p')).toEqual({ anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] });
  });

  it('merges allOf and keeps only required names that exist', () => {
    const out = toGeminiSchema({ allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'boolean' } }, required: ['b', 'ghost'] }] }, 'p');
    expect(out).toEqual({ type: 'OBJECT', properties: { a: { type: 'STRING' }, b: { type: 'BOOLEAN' } }, required: ['a', 'b'] });
  });

  it('keeps string enums and consts, drops what Gemini cannot express and says so', () => {
    const dropped: string[] = [];
    expect(toGeminiSchema({ const: 'fixed' }, 'p')).toEqual({ type: 'STRING', format: 'enum', enum: ['fixed'] });
    expect(toGeminiSchema({ type: 'integer', enum: [1, 2, 3], multipleOf: 1, exclusiveMinimum: 0 }, 'p', { dropped })).toEqual({ type: 'INTEGER' });
    expect(toGeminiSchema({ type: 'string', format: 'email', pattern: '^a', maxLength: 9 }, 'q', { dropped })).toEqual({ type: 'STRING', pattern: '^a', maxLength: 9 });
    expect(toGeminiSchema({ type: 'number', format: 'double' }, 'r', { dropped })).toEqual({ type: 'NUMBER', format: 'double' });
    expect(dropped).toEqual(['p: enum', 'p: multipleOf', 'p: exclusiveMinimum', 'q: format email']);
  });

  it('refuses a schema nested past 64 levels instead of overflowing the stack', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 10_000; i++) schema = { type: 'array', items: schema };
    expect(() => toGeminiSchema(schema, 'tools[0].function.parameters')).toThrow(/nested deeper than 64 levels/);
  });
});

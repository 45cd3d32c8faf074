import { describe, expect, it } from 'vitest';
import { SwitchyardError } from './errors.js';
import { MAX_INLINE_CHAIN, inlineRefSiblings, refSiblingsMessage, refWithSiblings } from './ref-siblings.js';

const address = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };

describe('a $ref with sibling keywords', () => {
  it('is found with its place and keywords; a bare ref, a root ref and definition maps are not counted', () => {
    const schema = { type: 'object', properties: { a: { $ref: '#/$defs/A' }, b: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/A', default: null, title: 'B' }] } }, $defs: { A: address } };
    expect(refWithSiblings(schema)).toEqual({ path: ['properties', 'b', 'anyOf', '1'], keywords: ['default', 'title'] });
    expect(refWithSiblings({ $ref: '#/$defs/A', $defs: { A: address } })).toBeUndefined();
    expect(refWithSiblings({ $ref: '#/$defs/A', description: 'root', $defs: { A: address } })).toBeUndefined();
    expect(refSiblingsMessage({ path: ['items'], keywords: ['description'] })).toBe("context=('items',), $ref cannot have keywords {'description'}.");
  });

  it('is written out as its target with the siblings over it, the definitions kept for bare refs', () => {
    const schema = {
      type: 'object',
      properties: { home: { $ref: '#/$defs/Address', description: 'Where they live' }, work: { $ref: '#/$defs/Address' } },
      $defs: { Address: { ...address, description: 'A postal address' } },
    };
    const out = inlineRefSiblings(schema);
    expect(out.properties).toEqual({ home: { ...address, description: 'Where they live' }, work: { $ref: '#/$defs/Address' } });
    expect(out.$defs).toBe(schema.$defs);
    expect(refWithSiblings(out)).toBeUndefined();
    expect(schema.properties.home).toEqual({ $ref: '#/$defs/Address', description: 'Where they live' }); // the client's schema is left as it was
  });

  it('follows an alias, stops at a recursive type, and keeps only the $ref where the target is not in the document', () => {
    const schema = {
      type: 'object',
      properties: {
        root: { $ref: '#/$defs/Node', description: 'The tree' },
        alias: { $ref: '#/$defs/Alias', description: 'Named twice' },
        far: { $ref: 'https://example.com/x.json', description: 'Elsewhere' },
      },
      $defs: {
        Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/Node', description: 'A child' } } } },
        Alias: { $ref: '#/$defs/Leaf' },
        Leaf: { type: 'string' },
      },
    };
    const out = inlineRefSiblings(schema) as { properties: Record<string, unknown>; $defs: Record<string, unknown> };
    expect(out.properties.root).toEqual({ type: 'object', description: 'The tree', properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } } });
    expect(out.properties.alias).toEqual({ type: 'string', description: 'Named twice' });
    expect(out.properties.far).toEqual({ $ref: 'https://example.com/x.json' });
    // Inside the definition, its own described child is written out once, then left a bare ref.
    const once = { type: 'object', description: 'A child', properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } } };
    expect(out.$defs.Node).toEqual({ type: 'object', properties: { children: { type: 'array', items: once } } });
    expect(refWithSiblings(out)).toBeUndefined();
  });

  it('returns the schema itself when there is nothing to change', () => {
    const schema = { type: 'object', properties: { a: { $ref: '#/$defs/A' } }, $defs: { A: address } };
    expect(inlineRefSiblings(schema)).toBe(schema);
  });

  it('refuses, naming the field, a schema whose definitions would be written out past the bound (each using the next twice)', () => {
    // 14 definitions of ~130 bytes, each describing two uses of the next: written out, 2^15 copies (4.6 MB).
    const $defs: Record<string, unknown> = { D14: { type: 'string' } };
    for (let i = 0; i < 14; i++) $defs[`D${i}`] = { type: 'object', properties: { a: { $ref: `#/$defs/D${i + 1}`, description: 'a' }, b: { $ref: `#/$defs/D${i + 1}`, description: 'b' } } };
    const schema = { type: 'object', properties: { x: { $ref: '#/$defs/D0', description: 'x' } }, $defs };
    let error: unknown;
    try {
      inlineRefSiblings(schema, 'output_config.format.schema');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param: 'output_config.format.schema' });
    expect((error as Error).message).toMatch(/^output_config\.format\.schema: .*more than 500,000 characters of schema/);
  });

  it('refuses a chain of described aliases longer than the bound, and writes out one within it', () => {
    const chain = (n: number) => {
      const $defs: Record<string, unknown> = { [`D${n}`]: { type: 'string' } };
      for (let i = 0; i < n; i++) $defs[`D${i}`] = { $ref: `#/$defs/D${i + 1}`, description: `d${i}` };
      return { type: 'object', properties: { x: { $ref: '#/$defs/D0', description: 'x' } }, $defs };
    };
    const within = inlineRefSiblings(chain(MAX_INLINE_CHAIN - 1)) as { properties: { x: unknown } };
    expect(within.properties.x).toEqual({ type: 'string', description: 'x' });
    expect(() => inlineRefSiblings(chain(MAX_INLINE_CHAIN + 8), 'output_format.schema')).toThrow(/^output_format\.schema: .*more than 32 of them are written out one inside another \(from "#\/\$defs\/D32"\)/);
  });
});

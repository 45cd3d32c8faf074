import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlDocument } from './yaml-text.js';

describe('parseYamlDocument', () => {
  it('names a repeated key at its line, in nested and flow mappings, as the YAML library does', () => {
    const text = 'models:\n  small: { provider: p, model: x }\n  big: { provider: p, model: y, model: z }\n  small: { provider: p, model: y }\n';
    const errors = parseYamlDocument(text).errors.map((e) => [e.code, e.message, e.linePos?.[0].line]);
    expect(errors).toEqual([
      ['DUPLICATE_KEY', 'Map keys must be unique', 3],
      ['DUPLICATE_KEY', 'Map keys must be unique', 4],
    ]);
    expect(parseDocument(text).errors.map((e) => e.code)).toEqual(['DUPLICATE_KEY', 'DUPLICATE_KEY']);
    // 1 and "1" are different keys to YAML, as to the library.
    expect(parseYamlDocument('a: 1\n"1": x\n1: y\n').errors).toEqual([]);
  });

  it('reads a mapping of 150,000 keys and still finds a duplicate at its end (the library compared each key with every earlier one: 15.9 s for 40,000 at load 10)', () => {
    // No timing asserted. Quadratic, as the library's own check is, 150,000 keys take ~4 min at
    // load 10 (14 times 40,000's 15.9 s), far past the test's 60 s budget; linear, 2.5 s at load 13.
    // (A ratio of two timings stood here and failed at load 30: its 1,000-key run was a few noisy ms.)
    const keys = Array.from({ length: 150_000 }, (_, i) => `k${i}: 1\n`).join('');
    expect(parseYamlDocument(keys).errors).toEqual([]);
    const errors = parseYamlDocument(`${keys}k17: 2\n`).errors;
    expect(errors.map((e) => [e.code, e.linePos?.[0].line])).toEqual([['DUPLICATE_KEY', 150_001]]);
  }, 60_000);
});

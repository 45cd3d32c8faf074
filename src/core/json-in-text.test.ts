import { describe, expect, it } from 'vitest';
import { jsonValuesIn } from './json-in-text.js';

describe('jsonValuesIn', () => {
  it('finds objects and arrays in prose, outermost first, skipping brackets inside strings', () => {
    expect(jsonValuesIn('Sure: {"a": {"b": "}"}} then [1, 2] (not json)', { values: 5, spans: 10 })).toEqual([{ a: { b: '}' } }, [1, 2]]);
  });

  it('searches inside a span that does not parse', () => {
    expect(jsonValuesIn('{ note: {"ok": true} }', { values: 5, spans: 10 })).toEqual([{ ok: true }]);
  });

  it('stops at the value and span limits', () => {
    expect(jsonValuesIn('[1] [2] [3]', { values: 2, spans: 10 })).toEqual([[1], [2]]);
    expect(jsonValuesIn('{ { { [1]', { values: 5, spans: 3 })).toEqual([]);
  });
});

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

  it('scans hostile text in linear time: 10 MB of `{"a":` (no span closes) and brackets nested 1,000,000 deep around prose', () => {
    // Trying every span scanned to the text's end from each bracket: 66 s on 200 KB of `{"a":`.
    expect(jsonValuesIn('{"a":'.repeat(2_000_000), { values: 5, spans: Number.POSITIVE_INFINITY })).toEqual([]);
    expect(jsonValuesIn(`${'[a'.repeat(1_000_000)}${']'.repeat(1_000_000)}`, { values: 5, spans: Number.POSITIVE_INFINITY })).toEqual([]);
  });

  it('still finds the JSON a reply opens with, however much text follows', () => {
    expect(jsonValuesIn(`{"ok": true} ${'{"a":'.repeat(200_000)}`, { values: 5, spans: Number.POSITIVE_INFINITY })).toEqual([{ ok: true }]);
  });
});

import { describe, expect, it } from 'vitest';
import { filterFlag } from './kb-flags.js';

describe('kb search/eval --filter', () => {
  it('is checked before any search, every refusal naming --filter (null was taken as no filter; the rest were "--query: filter.a …")', () => {
    for (const [value, message] of [
      ['null', '--filter must be an object of metadata field → value (or array of values) such as {"team":"support"}, got null'],
      ['[1,2]', '--filter must be an object of metadata field → value (or array of values) such as {"team":"support"}, got [1,2]'],
      ['{"a":{"b":1}}', '--filter.a: expected strings (≤ 1000 characters), finite numbers or booleans, got {"b":1}'],
      ['{"a":1e999}', '--filter.a: expected strings (≤ 1000 characters), finite numbers or booleans, got Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML)'],
      ['{"a":[]}', '--filter.a must have 1–100 values, got 0'],
      ['{"a b":1}', '--filter field "a b" must be 1–64 letters, digits, "_" or "-"'],
      ['{team', `--filter must be a JSON object such as '{"team":"support"}', got "{team"`],
    ] as const) {
      expect(() => filterFlag(value), value).toThrow(expect.objectContaining({ message, param: 'filter' }));
    }
    expect(filterFlag('{"team":["support","sales"],"year":2025}')).toEqual({ team: ['support', 'sales'], year: 2025 });
  });
});

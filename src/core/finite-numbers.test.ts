import { describe, expect, it } from 'vitest';
import { firstNonFinite, nonFiniteProblem } from './finite-numbers.js';

describe('numbers JSON reads as infinite', () => {
  it('finds the first in document order, nested in objects and arrays', () => {
    expect(firstNonFinite(JSON.parse('{"a":[1,{"b":1e999}],"c":-1e999}'))).toEqual({ path: 'a[1].b', value: Infinity });
    expect(firstNonFinite(JSON.parse('{"a":{"x":1},"c":-1e999}'))).toEqual({ path: 'c', value: -Infinity });
    expect(firstNonFinite(JSON.parse(`[0, ${'9'.repeat(400)}]`))).toEqual({ path: '[1]', value: Infinity });
    expect(firstNonFinite(JSON.parse('1e999'), ['label'])).toEqual({ path: 'label', value: Infinity });
  });

  it('finds none in finite numbers, strings that spell one, or deep nesting', () => {
    expect(firstNonFinite(JSON.parse('{"a":1.7e308,"b":"1e999","c":[null,true,-0]}'))).toBeUndefined();
    expect(firstNonFinite(JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)))).toBeUndefined();
  });

  it('names the field and the value as read, not the null JSON.stringify would write', () => {
    expect(nonFiniteProblem({ budget: { usd: Infinity } })).toEqual({
      path: 'budget.usd',
      message: 'budget.usd: Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML): send a finite number',
    });
  });
});

describe('hasNonFinite', () => {
  it('finds ±Infinity and NaN at any depth, in arrays and objects, and nothing in finite JSON', async () => {
    const { hasNonFinite } = await import('./finite-numbers.js');
    expect(hasNonFinite(JSON.parse('{"a":[1,{"b":[2,{"c":1e999}]}]}'))).toBe(true);
    expect(hasNonFinite([Number.NaN])).toBe(true);
    expect(hasNonFinite(-Infinity)).toBe(true);
    expect(hasNonFinite(JSON.parse('{"a":[1,{"b":1.7e308,"c":null,"d":"1e999"}],"e":-0}'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';

const check = (text: string, limit?: number) => tooDeep(JSON.parse(text), text, limit);
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('tooDeep', () => {
  it('passes what nests up to the limit and names where it first goes past it', () => {
    expect(check(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(check(nested(MAX_JSON_DEPTH + 1))).toBe(`[0]${'[0]'.repeat(MAX_JSON_DEPTH - 1)}`.slice(0, 80) + '…');
    expect(check('{"a":[[1]]}', 2)).toBe('a[0]');
    expect(check('{"a":{"b":{"c":1}},"d":[{"e":{}}]}', 2)).toBe('a.b');
  });

  it('walks any depth without overflowing the stack', () => {
    expect(check(nested(200_000))).toMatch(/^\[0\]/);
    expect(check(`{"x":${'{"y":'.repeat(50_000)}1${'}'.repeat(50_000)}}`)).toMatch(/^x\.y\.y/);
  });

  it('counts only structure: brackets inside strings and many shallow siblings pass', () => {
    expect(check(JSON.stringify({ text: '['.repeat(10_000) }))).toBeUndefined();
    expect(check(JSON.stringify({ messages: Array.from({ length: 1_000 }, (_, i) => ({ role: 'user', content: [{ type: 'text', text: `${i}` }] })) }))).toBeUndefined();
  });
});

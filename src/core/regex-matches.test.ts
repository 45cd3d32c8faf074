import { describe, expect, it } from 'vitest';
import { matchesOf } from './regex-matches.js';

/** What `matchAll` yields, as plain data (index, groups, captures). */
const plain = (ms: Iterable<RegExpExecArray | RegExpMatchArray>) => [...ms].map((m) => ({ index: m.index, all: [...m], groups: m.groups, input: m.input }));

describe('matchesOf', () => {
  const cases: [RegExp, string][] = [
    [/\d+/g, 'a1b22c333'],
    [/(?<word>[a-z]+)(\d)?/g, 'ab1 cd ef2'],
    [/x*/g, 'axxbx'], // empty matches between the x runs
    [/(?:)/gu, 'a😀b'], // empty at every code point: the surrogate pair is stepped over whole
    [/(?:)/g, 'a😀b'], // without u, at every code unit
    [/\p{Lu}\p{Ll}+/gu, 'Ann and Émile met Łukasz'],
    [/$|\n/gm, 'one\ntwo\n'],
    [/[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}/g, 'IBAN GB82 WEST 1234 5698 7654 32 and DE89370400440532013000.'],
    [/nothing/g, 'no match here'],
    [/a/g, ''],
  ];

  it.each(cases)('gives what matchAll gives for %s', (re, text) => {
    expect(plain(matchesOf(re, text))).toEqual(plain(text.matchAll(re)));
  });

  it('starts at the regex lastIndex, as matchAll does, and leaves it as it was', () => {
    const re = /\d/g;
    re.lastIndex = 3;
    const expected = plain('1a2b3c4'.matchAll(re));
    expect(plain(matchesOf(re, '1a2b3c4'))).toEqual(expected);
    expect(expected.map((m) => m.index)).toEqual([4, 6]);
    expect(re.lastIndex).toBe(3);
  });

  it('lets the caller use the same regex between matches, and restores lastIndex after a break', () => {
    const re = /[a-z]+/g;
    const seen: string[] = [];
    for (const m of matchesOf(re, 'ab cde f')) {
      seen.push(`${m[0]}:${[...matchesOf(re, m[0])].length}:${re.test('zz')}`);
    }
    expect(seen).toEqual(['ab:1:true', 'cde:1:true', 'f:1:true']);
    re.lastIndex = 0;
    for (const m of matchesOf(re, 'ab cde f')) if (m[0] === 'cde') break;
    expect(re.lastIndex).toBe(0);
  });

  it('refuses a regex without the g flag, as matchAll does', () => {
    expect(() => [...matchesOf(/a/, 'a')]).toThrow(/needs a global regex.*\/a\//);
    expect(() => 'a'.matchAll(/a/)).toThrow(TypeError);
  });
});

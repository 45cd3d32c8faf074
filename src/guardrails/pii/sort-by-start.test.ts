import { describe, expect, it } from 'vitest';
import { finding, type Finding, sortByStart } from './entity-types.js';

// A small deterministic generator, so a failure can be replayed.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('sortByStart', () => {
  it('gives the order of the builtin stable sort, ties kept in input order, short and long arrays', () => {
    const next = random(7);
    for (let round = 0; round < 400; round += 1) {
      const length = Math.floor(next() * 80); // both sides of the insertion-sort limit
      // Few distinct starts, so most arrays have ties; nearly sorted in half of the rounds.
      const items: Finding[] = Array.from({ length }, (_, i) =>
        finding('PERSON', round % 2 === 0 ? Math.floor(next() * 12) : i + Math.floor(next() * 3) - 1, i, next()),
      );
      const expected = [...items].sort((a, b) => a.start - b.start);
      const copy = [...items];
      const sorted = sortByStart(copy);
      expect(sorted).toBe(copy); // in place, as Array.prototype.sort
      expect(sorted.map((f) => f.end)).toEqual(expected.map((f) => f.end)); // `end` is the input position: ties in order
    }
  });

  it('sorts an empty and a one-element array as they are', () => {
    expect(sortByStart([])).toEqual([]);
    expect(sortByStart([finding('EMAIL', 3, 9, 1)])).toEqual([finding('EMAIL', 3, 9, 1)]);
  });
});

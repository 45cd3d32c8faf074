import { describe, expect, it } from 'vitest';
import { sortedOverlap } from './sorted-overlap.js';

describe('sortedOverlap', () => {
  it('counts the values two sorted sets share', () => {
    expect(sortedOverlap(Uint32Array.of(1, 3, 5), Uint32Array.of(3, 4, 5))).toBe(2);
    expect(sortedOverlap(Uint32Array.of(1, 2), Uint32Array.of(3, 4))).toBe(0);
    expect(sortedOverlap(Uint32Array.of(), Uint32Array.of(1))).toBe(0);
    // Unsigned order: hashes above 2^31 sort after small ones, as Uint32Array.sort puts them.
    expect(sortedOverlap(Uint32Array.of(7, 0xfffffff0), Uint32Array.of(0xfffffff0))).toBe(1);
  });
});

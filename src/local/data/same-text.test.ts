import { describe, expect, it } from 'vitest';
import { sameTextKey } from './same-text.js';

describe('sameTextKey', () => {
  it('folds case and runs of spacing', () => {
    expect(sameTextKey('  My card\tis  STUCK\n')).toBe('my card is stuck');
    expect(sameTextKey('')).toBe('');
  });

  it('keeps a key as small as its text: 120,000 kept keys of a 120k-row file once took 746 MB and 20 s of collection', () => {
    const words = 'where is my new card it was ordered two weeks ago and has still not arrived at the address'.split(' ');
    const texts = Array.from({ length: 20_000 }, (_, i) => Array.from({ length: 40 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ') + ` ${i}`);
    const before = process.memoryUsage().heapUsed;
    const keys = texts.map(sameTextKey);
    const grown = process.memoryUsage().heapUsed - before;
    expect(keys[0]).toBe(texts[0]);
    // ~200 characters a key: 4 MB flat; a key built as pieces of its text held ~6 KB each (120 MB).
    expect(grown).toBeLessThan(45 * 2 ** 20);
  });
});

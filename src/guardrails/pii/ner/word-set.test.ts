import { describe, expect, it } from 'vitest';
import { hashLower } from './char-table.js';
import { WordSet } from './word-set.js';

describe('WordSet', () => {
  it('answers as a Set of the same hashes, for members and others of every size (0 and 2^32 - 1 included)', () => {
    let state = 99;
    const random = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const draw = (): number => Math.floor(random() * 2 ** 32) >>> 0;
    for (const size of [0, 1, 3, 17, 200, 5000]) {
      const members = Array.from({ length: size }, draw);
      if (size === 17) members.push(0, 0xffffffff, 1);
      const set = new Set(members);
      const words = new WordSet(members);
      for (const h of members) expect(words.has(h)).toBe(true);
      for (let i = 0; i < 20000; i += 1) {
        const h = draw();
        expect(words.has(h)).toBe(set.has(h));
      }
      expect(words.has(0)).toBe(set.has(0));
      expect(words.has(0xffffffff)).toBe(set.has(0xffffffff));
    }
  });

  it('holds lower-cased word hashes as the tagger looks them up', () => {
    const conjunctions = new WordSet(['and', 'or', '&'].map((w) => hashLower(w, 0, w.length)));
    expect(conjunctions.has(hashLower('And', 0, 3))).toBe(true);
    expect(conjunctions.has(hashLower('nor', 0, 3))).toBe(false);
  });
});

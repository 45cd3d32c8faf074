import { hashLower } from './char-table.js';

/**
 * A fixed set of 32-bit word hashes (`hashLower`, `TokenSheet.word`), probed in a typed array.
 * The tagger's rules ask such sets about most tokens of a prompt ("is it 'and'?", "a street
 * preposition?", "a tech word?"); `Set<number>.has` first boxes a hash of 2^30 or more (three in
 * four) as a heap number and hashes that, several times the cost of this probe. Same answers.
 *
 * @example new WordSet([hashLower('and', 0, 3)]).has(hashLower('And', 0, 3)) // true
 */
export class WordSet {
  /** Open addressing, at most a quarter full; 0 marks an empty slot (hash 0 is kept apart). */
  private readonly slots: Uint32Array;
  private readonly shift: number;
  private readonly mask: number;
  private readonly hasZero: boolean;

  constructor(hashes: Iterable<number>) {
    const distinct = new Set<number>();
    for (const h of hashes) distinct.add(h >>> 0);
    let size = 16;
    while (size < distinct.size * 4) size *= 2;
    this.slots = new Uint32Array(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    this.hasZero = distinct.has(0);
    for (const h of distinct) {
      if (h === 0) continue;
      let i = Math.imul(h, 0x9e3779b1) >>> this.shift;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = h;
    }
  }

  has(hash: number): boolean {
    if (hash === 0) return this.hasZero;
    let i = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.slots[i]!;
      if (k === hash) return true;
      if (k === 0) return false;
      i = (i + 1) & this.mask;
    }
  }
}

/**
 * The set of space-separated `words`, each hashed as the token sheet hashes a word (case aside).
 *
 * @example wordSetOf('is was').has(sheet.word[k]!) // "is", "Was", …
 */
export function wordSetOf(words: string): WordSet {
  return new WordSet(words.split(' ').map((w) => hashLower(w, 0, w.length)));
}

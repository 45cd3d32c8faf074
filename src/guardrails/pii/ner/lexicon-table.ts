import { hashLower } from './char-table.js';

/** Lexicon membership bits: which word lists a lower-cased word is in. */
export const LEX = {
  FIRST_NAME: 1 << 0,
  LAST_NAME: 1 << 1,
  CITY: 1 << 2, // a word of a city or town name
  REGION: 1 << 3, // country, state, county, region
  STREET_TYPE: 1 << 4, // street, road, ave, straße, ulica…
  UNIT: 1 << 5, // apt, suite, unit, floor, box
  TITLE: 1 << 6, // mr, mrs, dr, prof
  CALENDAR: 1 << 7, // months, weekdays
  COMMON: 1 << 8, // among the ~10k most frequent English words (SCOWL levels 10–20)
  ENGLISH: 1 << 9, // a less frequent English word (SCOWL levels 35–50)
  FUNCTION: 1 << 10, // stop word
  ORG_SUFFIX: 1 << 11, // inc, ltd, gmbh, corp
  COMPASS: 1 << 12, // north, n, ne, sw…
  NAME_CUE: 1 << 13, // words that announce a person: name, dear, called, mr…
  PLACE_CUE: 1 << 14, // words that announce a place: address, live, city, moved…
  CODE_CUE: 1 << 15, // words that announce a code or number: version, sku, lot, iso, port…
  DEMONYM: 1 << 16, // nationality and language words: german, swedish, greenlander
} as const;

/**
 * An immutable open-addressing hash table from 32-bit word hashes to lexicon bits. Lookups are a
 * multiply, a shift and usually one probe, with no string in sight. With ~300k words in a 2³²
 * hash space a random word collides with an entry about once in 14,000 look-ups, which only adds
 * a little noise to one feature.
 *
 * @example LexiconTable.fromEntries([[hashLower('ann', 0, 3), LEX.FIRST_NAME]]).get(hashLower('Ann', 0, 3)) // 1
 */
export class LexiconTable {
  private readonly shift: number;
  private readonly mask: number;

  /** Interleaved [key, bits, key, bits, …]: a probe reads one cache line, not two. */
  private readonly slots: Uint32Array;

  private constructor(capacity: number) {
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** Builds the table from (hash, bits) pairs; bits of repeated hashes are or-ed together. */
  static fromEntries(entries: Iterable<readonly [number, number]>): LexiconTable {
    const merged = new Map<number, number>();
    for (const [hash, bits] of entries) merged.set(hash >>> 0, (merged.get(hash >>> 0) ?? 0) | bits);
    let size = 16;
    while (size < merged.size * 2) size *= 2;
    const table = new LexiconTable(size);
    for (const [hash, bits] of merged) table.insert(hash, bits);
    return table;
  }

  /** Builds the table from parallel arrays of distinct hashes, as `toArrays` wrote them. */
  static fromArrays(hashes: Uint32Array, bits: Uint32Array): LexiconTable {
    let size = 16;
    while (size < hashes.length * 2) size *= 2;
    const table = new LexiconTable(size);
    for (let i = 0; i < hashes.length; i += 1) table.insert(hashes[i]!, bits[i]!);
    return table;
  }

  /** The bits of a hashed word (0 when it is in no list). */
  get(hash: number): number {
    const key = hash === 0 ? 1 : hash;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.slots[2 * i]!;
      if (k === key) return this.slots[2 * i + 1]!;
      if (k === 0) return 0;
      i = (i + 1) & this.mask;
    }
  }

  /** The bits of a word given as a string (for tests and tools). */
  lookup(word: string): number {
    return this.get(hashLower(word, 0, word.length));
  }

  /**
   * Entries in table-slot order, for the model file: `fromArrays` then fills its table front to
   * back (each entry lands at or just after its home slot), which is several times faster than
   * inserting in random order. Deterministic for a given set of entries and insertion order.
   */
  toArrays(): { hashes: Uint32Array; bits: Uint32Array } {
    const n = this.size;
    const hashes = new Uint32Array(n);
    const bits = new Uint32Array(n);
    let j = 0;
    for (let i = 0; i <= this.mask; i += 1) {
      if (this.slots[2 * i] === 0) continue;
      hashes[j] = this.slots[2 * i]!;
      bits[j] = this.slots[2 * i + 1]!;
      j += 1;
    }
    return { hashes, bits };
  }

  get size(): number {
    let n = 0;
    for (let i = 0; i <= this.mask; i += 1) if (this.slots[2 * i] !== 0) n += 1;
    return n;
  }

  private insert(hash: number, bits: number): void {
    const key = hash === 0 ? 1 : hash;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.slots[2 * i] !== 0 && this.slots[2 * i] !== key) i = (i + 1) & this.mask;
    this.slots[2 * i] = key;
    this.slots[2 * i + 1] = (this.slots[2 * i + 1]! | bits) >>> 0;
  }
}

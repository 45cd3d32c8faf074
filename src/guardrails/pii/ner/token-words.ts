import { WordSet } from './word-set.js';

/**
 * A word set the tagger's rules ask about (nearly) every token of a text: "is this token a
 * place preposition?", "an article?", "a greeting?". Each such set owns one bit; when a
 * `TokenSheet` reads a text it looks every token's word up once in one table of all these sets
 * (`tokenWordTable`) and keeps the token's bits in `sheet.words`, so each rule's test is one AND
 * (`set.at(sheet, k)`) instead of a probe of its own table: a 1.9 KB prompt has ~390 tokens and a
 * dozen rules ask about every one. `has` answers for any other hash, as a `WordSet` does; `at`
 * gives the same answer as `has(sheet.word[k])`.
 *
 * @example const ARTICLES = new TokenWordSet(['the', 'a', 'an'].map(hash)); ARTICLES.at(sheet, 0)
 */
export class TokenWordSet extends WordSet {
  /** This set's bit in `TokenSheet.words`. */
  readonly bit: number;
  readonly hashes: readonly number[];

  constructor(hashes: Iterable<number>) {
    const list = [...hashes].map((h) => h >>> 0);
    super(list);
    if (registered.length === MAX_SETS) throw new RangeError(`at most ${MAX_SETS} token word sets`);
    this.bit = (1 << registered.length) >>> 0;
    this.hashes = list;
    registered.push(this);
  }

  /** Whether token `k`'s word is in the set: `has(sheet.word[k])`, read from the bits `read` stored. */
  at(sheet: { readonly words: Uint32Array }, k: number): boolean {
    return ((sheet.words[k] ?? 0) & this.bit) !== 0;
  }
}

/** Bits in a `Uint32Array` slot. */
const MAX_SETS = 32;
const registered: TokenWordSet[] = [];

/**
 * From a word hash to the bits of every `TokenWordSet` holding it (0: none), exact for every
 * 32-bit hash: keys are compared whole and hash 0 is kept apart, as in `WordSet`.
 */
export class TokenWordTable {
  /** Interleaved [hash, bits, …], at most a quarter full; hash 0 marks an empty slot. */
  private readonly slots: Uint32Array;
  private readonly shift: number;
  private readonly mask: number;
  private readonly zeroBits: number;
  /** How many sets were registered when the table was built. */
  readonly sets: number;

  constructor(sets: readonly TokenWordSet[]) {
    const merged = new Map<number, number>();
    for (const set of sets) for (const h of set.hashes) merged.set(h, ((merged.get(h) ?? 0) | set.bit) >>> 0);
    let size = 16;
    while (size < merged.size * 4) size *= 2;
    this.slots = new Uint32Array(size * 2);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    this.zeroBits = merged.get(0) ?? 0;
    this.sets = sets.length;
    for (const [h, bits] of merged) {
      if (h === 0) continue;
      let i = Math.imul(h, 0x9e3779b1) >>> this.shift;
      while (this.slots[2 * i] !== 0) i = (i + 1) & this.mask;
      this.slots[2 * i] = h;
      this.slots[2 * i + 1] = bits;
    }
  }

  get(hash: number): number {
    if (hash === 0) return this.zeroBits;
    let i = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.slots[2 * i]!;
      if (k === hash) return this.slots[2 * i + 1]!;
      if (k === 0) return 0;
      i = (i + 1) & this.mask;
    }
  }
}

let table: TokenWordTable | undefined;

/** Every set registered so far, in bit order (for tests). */
export function tokenWordSets(): readonly TokenWordSet[] {
  return registered;
}

/** The table of every set registered so far (rebuilt when a module registers another). */
export function tokenWordTable(): TokenWordTable {
  if (table === undefined || table.sets !== registered.length) table = new TokenWordTable(registered);
  return table;
}

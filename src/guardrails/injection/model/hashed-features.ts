import { readAhead } from '../../read-ahead.js';

/**
 * Hashed TF-IDF features: character n-grams (which survive typos, odd spacing and unseen words)
 * and word unigrams and bigrams (which carry phrases such as "developer mode"), each block
 * L2-normalised on its own so that the many character n-grams do not drown the words.
 */
export interface FeatureSpec {
  /** The hashed space has 2^bits buckets. */
  bits: number;
  charMin: number;
  charMax: number;
  /** 1 for unigrams only, 2 for unigrams and bigrams. */
  wordNgrams: number;
}

export const DEFAULT_FEATURE_SPEC: FeatureSpec = { bits: 18, charMin: 3, charMax: 5, wordNgrams: 2 };

/** Indices may repeat (a character and a word feature can share a bucket); values then add. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 32;
const LENGTH_SALT = Int32Array.from({ length: 16 }, (_, k) => Math.imul(k + 1, 0x85ebca6b));
/** 1 + ln(count) for small counts, which are nearly all of them. */
const LOG_TABLE = Float32Array.from({ length: 256 }, (_, n) => (n === 0 ? 0 : 1 + Math.log(n)));
/** Counts saturate here: one byte per bucket keeps the working set inside the CPU cache. */
const MAX_COUNT = 255;

/** Inverse document frequencies, either as floats or as bytes with a scale (as shipped). */
export type IdfTable = Float32Array | { bytes: Uint8Array; scale: number };

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
  // Outside ASCII: letters of any script, but not the punctuation and symbol blocks.
  return !(code <= 0xbf || (code >= 0x2000 && code <= 0x2bff) || (code >= 0x3000 && code <= 0x303f) || code === 0xfeff);
}

/**
 * Turns text into a sparse hashed TF-IDF vector. Not re-entrant: it reuses two count buffers, so
 * one instance must not be shared between threads (it is fine across awaits, as `transform` is
 * synchronous).
 *
 * @example new HashedVectorizer(DEFAULT_FEATURE_SPEC).transform('ignore previous instructions')
 */
export class HashedVectorizer {
  readonly spec: FeatureSpec;
  readonly dims: number;
  private readonly idf: Float32Array | Uint8Array | undefined;
  private readonly idfScale: number;
  private readonly chars = new BlockCounts();
  private readonly words = new BlockCounts();
  /** `dotWith`'s values before block scaling; grows to the largest block seen (at most `dims`). */
  private scratch = new Float32Array(1024);
  /** `dotWith`'s weights of the block's buckets, in the same order as `scratch`. */
  private weightScratch = new Float32Array(1024);
  /**
   * Byte idf and int8 weights interleaved, one 16-bit entry per bucket (weight in the high byte),
   * per weight table: scoring then reads one random cache line per bucket instead of two. Tables
   * of 2^18 buckets do not stay in the CPU cache between requests, so the misses are the cost.
   */
  private readonly packed = new WeakMap<Int8Array, Int16Array>();
  /** The text (lower-cased, spaces collapsed) the last `wordsDot` read. */
  private pending = ' ';

  constructor(spec: FeatureSpec, idf?: IdfTable) {
    this.spec = spec;
    this.dims = 2 ** spec.bits;
    const table = idf === undefined || idf instanceof Float32Array ? idf : idf.bytes;
    if (table !== undefined && table.length !== this.dims) throw new RangeError(`idf has ${table.length} entries, expected ${this.dims}`);
    this.idf = table;
    this.idfScale = idf === undefined || idf instanceof Float32Array ? 1 : idf.scale;
  }

  /** The sparse vector of `text`; each block has unit L2 norm (or is empty). */
  transform(text: string): SparseVector {
    const s = ` ${collapseSpaces(text.toLowerCase())} `;
    const nChar = this.countChars(s);
    const nWord = this.countWords(s);
    const indices = new Int32Array(nChar + nWord);
    const values = new Float32Array(nChar + nWord);
    this.emit(this.chars, indices, values, 0);
    this.emit(this.words, indices, values, nChar);
    return { indices, values };
  }

  /**
   * `dot(this.transform(text), weights)` without building the vector: the same value to the last
   * bit, but no two typed arrays per call (allocating them cost a third of `transform` on a 2 KB
   * prompt, more with the garbage they leave). The request path scores with this.
   *
   * @example vectorizer.dotWith('ignore previous instructions', model.weights) === dot(vectorizer.transform('ignore previous instructions'), model.weights) // true
   */
  dotWith(text: string, weights: Float32Array | Int8Array): number {
    const s = ` ${collapseSpaces(text.toLowerCase())} `;
    // One running sum over both blocks, in `dot`'s order, so rounding matches too.
    this.countChars(s);
    this.countWords(s);
    // Each distinct bucket reads the table at a random place: a long text reads most of its lines.
    const packed = this.packedFor(weights);
    if (packed !== undefined) readAhead(packed, this.chars.n + this.words.n);
    const chars = this.blockDot(this.chars, weights, 0);
    return this.blockDot(this.words, weights, chars);
  }

  /**
   * A cascade's first stage: the word block's share of `dotWith(text, weights)` alone (word
   * unigrams and bigrams, a tenth of the features a 2 KB prompt touches). The word counts are kept,
   * so `dotWithAfterWords(weights)` then gives `dotWith(text, weights)`, the same value to the last
   * bit, without counting the words again.
   *
   * @example const words = vectorizer.wordsDot(text, weights); const full = vectorizer.dotWithAfterWords(weights);
   */
  wordsDot(text: string, weights: Float32Array | Int8Array): number {
    const s = ` ${collapseSpaces(text.toLowerCase())} `;
    this.pending = s;
    this.countWords(s);
    return this.blockDot(this.words, weights, 0);
  }

  /** `dotWith` of the text the last `wordsDot` read (see there), with the same weights. */
  dotWithAfterWords(weights: Float32Array | Int8Array): number {
    this.countChars(this.pending);
    const packed = this.packedFor(weights);
    if (packed !== undefined) readAhead(packed, this.chars.n + this.words.n);
    // `dotWith`'s order: the character block's sum first, then the words added to it.
    const chars = this.blockDot(this.chars, weights, 0);
    return this.blockDot(this.words, weights, chars);
  }

  private countChars(s: string): number {
    const { charMin, charMax } = this.spec;
    const block = this.chars;
    block.reset();
    const shift = 32 - this.spec.bits;
    for (let i = 0; i + charMin <= s.length; i++) {
      let h = FNV_OFFSET;
      const last = Math.min(charMax, s.length - i);
      for (let k = 0; k < last; k++) {
        h = Math.imul(h ^ s.charCodeAt(i + k), FNV_PRIME);
        if (k + 1 < charMin) continue;
        // Multiplicative hashing: the top bits of h·(odd constant), salted by the n-gram length.
        block.add(Math.imul(h ^ (LENGTH_SALT[k] as number), 0x9e3779b1) >>> shift);
      }
    }
    return block.n;
  }

  private countWords(s: string): number {
    const block = this.words;
    block.reset();
    const shift = 32 - this.spec.bits;
    let previous = 0;
    let h = FNV_OFFSET;
    let inWord = false;
    for (let i = 0; i <= s.length; i++) {
      const code = i < s.length ? s.charCodeAt(i) : SPACE;
      if (isWordCode(code)) {
        h = Math.imul(h ^ code, FNV_PRIME);
        inWord = true;
        continue;
      }
      if (!inWord) continue;
      const word = fmix(h);
      block.add(Math.imul(word ^ 0x5bd1e995, 0x9e3779b1) >>> shift);
      if (this.spec.wordNgrams >= 2 && previous !== 0) block.add(Math.imul(Math.imul(previous, 31) ^ word ^ 0x27d4eb2f, 0x9e3779b1) >>> shift);
      previous = word;
      h = FNV_OFFSET;
      inWord = false;
    }
    return block.n;
  }

  /** `emit` and `dot` over one block in a single pass plus a scaling pass, into the reused scratch. */
  private blockDot(block: BlockCounts, weights: Float32Array | Int8Array, sumBefore: number): number {
    const { n, touched, counts } = block;
    if (this.scratch.length < n) {
      const size = Math.min(this.dims, Math.max(n, this.scratch.length * 2));
      this.scratch = new Float32Array(size);
      this.weightScratch = new Float32Array(size);
    }
    const packed = this.packedFor(weights);
    if (packed !== undefined) return this.packedBlockDot(block, packed, sumBefore);
    const values = this.scratch;
    let norm = 0;
    for (let j = 0; j < n; j++) {
      const index = touched[j] as number;
      const tf = LOG_TABLE[counts[j] as number] as number;
      const value = tf * (this.idf === undefined ? 1 : (this.idf[index] as number) * this.idfScale);
      values[j] = value;
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    // Rounded to float32 twice, as `emit` stores them, so the sum matches `dot` over `transform`.
    let sum = sumBefore;
    for (let j = 0; j < n; j++) sum += Math.fround((values[j] as number) * scale) * (weights[touched[j] as number] as number);
    return sum;
  }

  /** `blockDot` over the interleaved table: the same operations on the same numbers, so the same sum to the last bit. */
  private packedBlockDot(block: BlockCounts, packed: Int16Array, sumBefore: number): number {
    const { n, touched, counts } = block;
    const values = this.scratch;
    const weights = this.weightScratch;
    const idfScale = this.idfScale;
    let norm = 0;
    for (let j = 0; j < n; j++) {
      const tf = LOG_TABLE[counts[j] as number] as number;
      const entry = packed[touched[j] as number] as number;
      const value = tf * ((entry & 0xff) * idfScale);
      values[j] = value;
      weights[j] = entry >> 8;
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    let sum = sumBefore;
    for (let j = 0; j < n; j++) sum += Math.fround((values[j] as number) * scale) * (weights[j] as number);
    return sum;
  }

  /** The interleaved table for int8 weights over byte idf, built on first use; none otherwise. */
  private packedFor(weights: Float32Array | Int8Array): Int16Array | undefined {
    if (!(weights instanceof Int8Array) || !(this.idf instanceof Uint8Array) || weights.length !== this.dims) return undefined;
    let table = this.packed.get(weights);
    if (table === undefined) {
      table = new Int16Array(this.dims);
      for (let i = 0; i < this.dims; i++) table[i] = ((weights[i] as number) << 8) | (this.idf[i] as number);
      this.packed.set(weights, table);
    }
    return table;
  }

  private emit(block: BlockCounts, indices: Int32Array, values: Float32Array, offset: number): void {
    const { n, touched, counts } = block;
    let norm = 0;
    for (let j = 0; j < n; j++) {
      const index = touched[j] as number;
      const tf = LOG_TABLE[counts[j] as number] as number;
      const value = tf * (this.idf === undefined ? 1 : (this.idf[index] as number) * this.idfScale);
      indices[offset + j] = index;
      values[offset + j] = value;
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < n; j++) values[offset + j] = (values[offset + j] as number) * scale;
  }
}

/**
 * The counts of one block's buckets, in the order first seen, through a small open-addressing
 * table from bucket to position. A 2 KB prompt touches a few thousand of the 2^18 buckets: counted
 * in a bucket-indexed array, that is a few thousand random cache lines of 256 KB, refetched on
 * every request (the gateway's other work evicts them); this table is 32–64 KB and `touched` and
 * `counts` are read in order. Counts and order are the same, so the vector is too.
 */
export class BlockCounts {
  /** Distinct buckets so far. */
  n = 0;
  /** The j-th distinct bucket, and how often it occurred (saturating at `MAX_COUNT`). */
  touched = new Int32Array(1024);
  counts = new Uint8Array(1024);
  /** Each distinct bucket's slot, so `reset` empties just those. */
  private slotOf = new Int32Array(1024);
  /** Position + 1 of the bucket in the slot (0: empty), kept at most half full. */
  private slots = new Int32Array(1 << 13);
  private shift = 32 - 13;

  reset(): void {
    for (let j = 0; j < this.n; j++) this.slots[this.slotOf[j] as number] = 0;
    this.n = 0;
  }

  add(index: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = Math.imul(index, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = slots[slot] as number;
      if (k === 0) break;
      if (this.touched[k - 1] === index) {
        const count = this.counts[k - 1] as number;
        if (count < MAX_COUNT) this.counts[k - 1] = count + 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    const j = this.n;
    if (j === this.touched.length) this.growList();
    this.touched[j] = index;
    this.counts[j] = 1;
    this.slotOf[j] = slot;
    slots[slot] = j + 1;
    this.n = j + 1;
    if (2 * this.n > slots.length) this.growSlots();
  }

  private growList(): void {
    const size = this.touched.length * 2;
    const touched = new Int32Array(size);
    const counts = new Uint8Array(size);
    const slotOf = new Int32Array(size);
    touched.set(this.touched);
    counts.set(this.counts);
    slotOf.set(this.slotOf);
    this.touched = touched;
    this.counts = counts;
    this.slotOf = slotOf;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    this.shift -= 1;
    for (let j = 0; j < this.n; j++) {
      let slot = Math.imul(this.touched[j] as number, 0x9e3779b1) >>> this.shift;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = j + 1;
      this.slotOf[j] = slot;
    }
    this.slots = slots;
  }
}

/**
 * Inverse document frequencies from a corpus, smoothed as scikit-learn does:
 * idf = ln((1 + N) / (1 + df)) + 1.
 *
 * @example computeIdf(['a b', 'a c'], DEFAULT_FEATURE_SPEC)
 */
export function computeIdf(texts: readonly string[], spec: FeatureSpec): Float32Array {
  const vectorizer = new HashedVectorizer(spec);
  const df = new Float32Array(vectorizer.dims);
  const seen = new Uint8Array(vectorizer.dims);
  for (const text of texts) {
    const { indices } = vectorizer.transform(text);
    for (const index of indices) {
      if (seen[index] === 1) continue;
      seen[index] = 1;
      df[index] = (df[index] as number) + 1;
    }
    for (const index of indices) seen[index] = 0;
  }
  const idf = new Float32Array(vectorizer.dims);
  const n = texts.length;
  for (let i = 0; i < idf.length; i++) idf[i] = Math.log((1 + n) / (1 + (df[i] as number))) + 1;
  return idf;
}

/**
 * Dot product of a sparse vector with dense weights (float, or int8 to be scaled by the caller).
 *
 * @example dot(vectorizer.transform(text), model.weights)
 */
export function dot(vector: SparseVector, weights: Float32Array | Int8Array): number {
  let sum = 0;
  const { indices, values } = vector;
  for (let j = 0; j < indices.length; j++) sum += (values[j] as number) * (weights[indices[j] as number] as number);
  return sum;
}

/** Whitespace other than one plain space: a tab, a line break, a Unicode space, or two spaces in a row. */
const NOT_ONE_SPACE = /[^\S ]| {2}/;

/**
 * Every whitespace run as one space. Most prompts have only single spaces, and then the replace
 * (a match and a copy per word) would change nothing: one scan finds that out first.
 */
function collapseSpaces(text: string): string {
  return NOT_ONE_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text;
}

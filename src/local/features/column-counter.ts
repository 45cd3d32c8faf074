import { addCharNgrams, type BucketSink } from './extract-buckets.js';
import { WORD_BLOCK } from './featurizer-config.js';

/**
 * Words whose character n-gram columns are kept (cleared when full). A route's traffic reuses a
 * few thousand words; the bound caps memory for traffic that does not (~150 bytes a word).
 */
const MAX_CACHED_WORDS = 8192;
/** Longer words are hashed each time: rare, and a key of their size would cost more to keep. */
const MAX_CACHED_WORD_LENGTH = 32;

/**
 * Counts the n-grams of one text by the model's columns, for a fitted featurizer. A bucket the
 * model kept no column for is dropped as it is hashed. Both tables are sized by the model, not
 * by the hash space: bucket → column is an open-addressing table of ~1.5 slots per column (512 KB
 * for banking77's 36k columns, against 4 MB for a direct table over 2^20 buckets) and counts
 * are per column (72 KB, against 2 MB). A request touches a few hundred random entries of them,
 * so on a loaded machine, whose other processes keep evicting the caches, small tables are what
 * keeps featurising cheap. `touched` lists the columns seen, in first-seen order, and `reset`
 * clears only those. It also counts the text's word n-grams and how many of them have no word
 * column (`wordNgrams`, `unseenWordNgrams`): how unfamiliar the text is to the model.
 *
 * A word's character n-grams depend on the word alone, so their columns are hashed and looked up
 * once per word and replayed after (`addWordChars`): the same counts in the same order, at about
 * half of featurising's CPU on the request path.
 *
 * @example const c = new ColumnCounter(Int32Array.of(4, 6, 1)); c.add(6, 0); c.add(3, 0); c.size // 1
 */
export class ColumnCounter implements BucketSink {
  readonly counts: Uint16Array;
  touched: Int32Array;
  size = 0;
  /** Word n-grams (occurrences) of the text so far, and those the model has no word column for. */
  wordNgrams = 0;
  unseenWordNgrams = 0;
  /** Pairs (bucket, column) by slot; an empty slot holds bucket −1. */
  private readonly slots: Int32Array;
  private readonly slotMask: number;
  /** Columns of each cached word's character n-grams, in the order they are hashed (none dropped but unknown buckets). */
  private readonly wordChars = new Map<string, Int32Array>();
  /** The n-gram settings the cached words were hashed with (a featurizer's, so fixed in practice). */
  private cachedMin = 0;
  private cachedMax = 0;
  private cachedMask = 0;
  /** Columns of the word being hashed, while it is recorded for the cache. */
  private recorded = new Int32Array(64);
  private recordedSize = 0;
  private readonly recorder: BucketSink = {
    add: (bucket) => {
      const column = this.columnOf(bucket);
      if (column < 0) return;
      if (this.recordedSize === this.recorded.length) {
        const grown = new Int32Array(this.recorded.length * 2);
        grown.set(this.recorded);
        this.recorded = grown;
      }
      this.recorded[this.recordedSize++] = column;
    },
  };

  constructor(
    /** The bucket of each column: column i ↔ buckets[i] (distinct, ≥ 0). */
    buckets: Int32Array,
    capacity = 1024,
    /** Block of each column; without it, a word n-gram that hits any column counts as seen. */
    private readonly blocks?: Uint8Array,
  ) {
    this.counts = new Uint16Array(buckets.length);
    this.touched = new Int32Array(capacity);
    let size = 16;
    while (size < buckets.length * 1.5) size *= 2;
    this.slotMask = size - 1;
    this.slots = new Int32Array(size * 2).fill(-1);
    for (let column = 0; column < buckets.length; column++) {
      const bucket = buckets[column] as number;
      // Buckets are the low bits of a mixed hash: their own low bits are a uniform slot.
      let slot = bucket & this.slotMask;
      while (this.slots[slot * 2] !== -1) slot = (slot + 1) & this.slotMask;
      this.slots[slot * 2] = bucket;
      this.slots[slot * 2 + 1] = column;
    }
  }

  /** The column of a bucket, −1 when the model has none. */
  columnOf(bucket: number): number {
    const { slots, slotMask } = this;
    for (let slot = bucket & slotMask; ; slot = (slot + 1) & slotMask) {
      const held = slots[slot * 2] as number;
      if (held === bucket) return slots[slot * 2 + 1] as number;
      if (held === -1) return -1;
    }
  }

  /** Counts one n-gram's bucket (its block is the column's own, fixed at fit time). */
  add(bucket: number, block: number): void {
    const column = this.columnOf(bucket);
    if (block === WORD_BLOCK) {
      this.wordNgrams++;
      // A word n-gram whose bucket only a character n-gram filled is as new as one with no column.
      if (column < 0 || (this.blocks !== undefined && this.blocks[column] !== WORD_BLOCK)) this.unseenWordNgrams++;
    }
    if (column >= 0) this.count(column);
  }

  /**
   * Counts the character n-grams of one word, as `addCharNgrams` into `add` would: their columns
   * come from the cache when the word was seen before.
   */
  addWordChars(word: string, charNgramMin: number, charNgramMax: number, mask: number): void {
    if (word.length > MAX_CACHED_WORD_LENGTH) {
      addCharNgrams(word, charNgramMin, charNgramMax, mask, this);
      return;
    }
    if (charNgramMin !== this.cachedMin || charNgramMax !== this.cachedMax || mask !== this.cachedMask) {
      this.wordChars.clear();
      this.cachedMin = charNgramMin;
      this.cachedMax = charNgramMax;
      this.cachedMask = mask;
    }
    let columns = this.wordChars.get(word);
    if (columns === undefined) {
      if (this.wordChars.size >= MAX_CACHED_WORDS) this.wordChars.clear();
      this.recordedSize = 0;
      addCharNgrams(word, charNgramMin, charNgramMax, mask, this.recorder);
      columns = this.recorded.slice(0, this.recordedSize);
      this.wordChars.set(word, columns);
    }
    for (let i = 0; i < columns.length; i++) this.count(columns[i] as number);
  }

  private count(column: number): void {
    const count = this.counts[column] as number;
    if (count === 0) {
      if (this.size === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.size++] = column;
    }
    if (count < 0xffff) this.counts[column] = count + 1;
  }

  /**
   * The count of the t-th touched column, cleared as it is read; after taking every touched
   * column, `forget` starts the next text (one pass over the columns instead of two).
   */
  take(t: number): number {
    const column = this.touched[t] as number;
    const count = this.counts[column] as number;
    this.counts[column] = 0;
    return count;
  }

  /** Starts the next text once `take` cleared every touched column. */
  forget(): void {
    this.size = 0;
    this.wordNgrams = 0;
    this.unseenWordNgrams = 0;
  }

  reset(): void {
    for (let i = 0; i < this.size; i++) this.counts[this.touched[i] as number] = 0;
    this.forget();
  }
}

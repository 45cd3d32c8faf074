import type { SparseVector } from '../types.js';
import { BucketCounter } from './bucket-counter.js';
import { ColumnCounter } from './column-counter.js';
import { extractBuckets } from './extract-buckets.js';
import { CHAR_BLOCK, type FeaturizerConfig } from './featurizer-config.js';
import { type SparseDataset, SparseDatasetBuilder } from '../sparse-dataset.js';

/** What a fitted featurizer keeps: the config, one column per kept bucket, its block and IDF. */
export interface FeaturizerState {
  config: FeaturizerConfig;
  /** Kept buckets, column i ↔ buckets[i]. */
  buckets: Int32Array;
  /** Block of each column (0 word, 1 char). */
  blocks: Uint8Array;
  idf: Float32Array;
}

/**
 * Hashed word and character n-grams → sublinear TF-IDF → per-block L2 normalisation, as a
 * sparse vector over the columns seen in training. Unknown buckets are dropped.
 *
 * @example
 * const featurizer = fitFeaturizer(['card lost', 'card stolen'], { ...DEFAULT_FEATURIZER_CONFIG, minDf: 1 });
 * featurizer.transform('lost card').indices.length > 0 // true
 */
export class Featurizer {
  readonly state: FeaturizerState;
  readonly dimension: number;
  private readonly counter: ColumnCounter;
  private readonly scratch = new SparseBuffer();

  constructor(state: FeaturizerState) {
    this.state = state;
    this.dimension = state.buckets.length;
    this.counter = new ColumnCounter(state.buckets, 1024, state.blocks);
  }

  /** The feature vector of one text (its own arrays); an empty vector when no known n-gram occurs. */
  transform(text: string): SparseVector {
    const n = this.transformInto(text, this.scratch);
    return { indices: this.scratch.indices.slice(0, n), values: this.scratch.values.slice(0, n) };
  }

  /**
   * The feature vector of one text into the first n entries of `into`'s arrays (grown when too
   * small); returns n. For the request path: nothing is allocated once `into` is large enough.
   * `into.unseenWordShare` is then the share of the text's word n-grams the model has no column for.
   *
   * @example const n = featurizer.transformInto('lost card', buffer); scoreInto(model, buffer, out, n)
   */
  transformInto(text: string, into: SparseBuffer): number {
    const { counter } = this;
    extractBuckets(text, this.state.config, counter);
    into.reserve(counter.size);
    const { indices, values } = into;
    for (let t = 0; t < counter.size; t++) {
      indices[t] = counter.touched[t] as number;
      values[t] = counter.take(t);
    }
    const n = counter.size;
    into.unseenWordShare = counter.wordNgrams === 0 ? 0 : counter.unseenWordNgrams / counter.wordNgrams;
    into.wordNgrams = counter.wordNgrams;
    counter.forget();
    weighRow(indices, values, 0, n, this.state);
    return n;
  }
}

/**
 * Column counts → TF-IDF values, in place over entries [start, end): sublinear TF times IDF, each
 * block (word, char) L2-normalised and weighted, the whole scaled to unit length.
 */
function weighRow(indices: Int32Array, values: Float32Array, start: number, end: number, state: FeaturizerState): void {
  const { idf, blocks, config } = state;
  let word = 0;
  let char = 0;
  for (let i = start; i < end; i++) {
    const column = indices[i] as number;
    const count = values[i] as number;
    // Sublinear TF: 1 + ln(count), which is exactly 1 for the usual count of 1.
    const value = count === 1 ? (idf[column] as number) : (1 + Math.log(count)) * (idf[column] as number);
    values[i] = value;
    if (blocks[column] === CHAR_BLOCK) char += value * value;
    else word += value * value;
  }
  const wordScale = word > 0 ? config.wordWeight / Math.sqrt(word) : 0;
  const charScale = char > 0 ? config.charWeight / Math.sqrt(char) : 0;
  const total = Math.sqrt((word > 0 ? config.wordWeight ** 2 : 0) + (char > 0 ? config.charWeight ** 2 : 0)) || 1;
  for (let i = start; i < end; i++) {
    const scale = blocks[indices[i] as number] === CHAR_BLOCK ? charScale : wordScale;
    values[i] = ((values[i] as number) * scale) / total;
  }
}

/**
 * Reusable arrays for `Featurizer.transformInto`: a vector's first n entries, grown on demand.
 *
 * @example const buffer = new SparseBuffer(); const n = featurizer.transformInto('lost card', buffer);
 */
export class SparseBuffer implements SparseVector {
  indices: Int32Array;
  values: Float32Array;
  /**
   * Of the last text transformed into this buffer: the share of its word uni/bi-gram occurrences
   * that no training text had (0 for a text without words).
   */
  unseenWordShare = 0;
  /** Of the last text transformed into this buffer: its word uni/bi-gram occurrences, seen or not. */
  wordNgrams = 0;

  constructor(capacity = 256) {
    this.indices = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
  }

  /** Room for at least `n` entries (the contents are not kept when it grows). */
  reserve(n: number): void {
    if (n <= this.indices.length) return;
    const capacity = Math.max(n, this.indices.length * 2);
    this.indices = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
  }
}

/**
 * Learns which buckets to keep (document frequency ≥ minDf) and their IDF from training texts.
 *
 * @example fitFeaturizer(texts, DEFAULT_FEATURIZER_CONFIG).dimension
 */
export function fitFeaturizer(texts: readonly string[], config: FeaturizerConfig): Featurizer {
  return fitAndFeaturize(texts, config, false).featurizer;
}

/**
 * Fits the featurizer and returns the feature vector of every text, row i ↔ texts[i], hashing
 * each text once: its buckets and counts are packed as they are counted for the document
 * frequencies, then mapped to columns and weighed in place. The same vectors as `transform`
 * gives, at about half the featurising time and no second copy of the data (long texts make
 * this the larger part of training). With `order`, row i is texts[order[i]] instead: packed in
 * that order as they are counted, where a copy reordered afterwards held the data twice (1 GB at
 * 120,000 texts of 250 characters). The fit is the one of texts in their own order: the block a
 * shared bucket is named by is that of the text first in `texts`, whatever order they are read in.
 *
 * @example const { featurizer, data } = fitAndFeaturize(texts, DEFAULT_FEATURIZER_CONFIG); data.rows === texts.length
 */
export function fitAndFeaturize(texts: readonly string[], config: FeaturizerConfig, keepRows = true, order?: Int32Array): { featurizer: Featurizer; data: SparseDataset } {
  // A subset would fit the vocabulary and IDF on fewer texts than asked.
  if (order && order.length !== texts.length) throw new Error(`fitAndFeaturize: order lists ${order.length} rows for ${texts.length} texts`);
  const df = new Uint32Array(1 << config.hashBits);
  const blockOf = new Uint8Array(1 << config.hashBits);
  // Per bucket, the index in `texts` of the text that named its block (only read with `order`).
  const namedBy = order ? new Int32Array(1 << config.hashBits) : undefined;
  const counter = new BucketCounter(config.hashBits);
  const count = order ? order.length : texts.length;
  // Sized from the row count: doubling left ~250 MB of 1 GB unused on 120,000 texts.
  const builder = new SparseDatasetBuilder(keepRows ? count : 0);
  const row = new SparseBuffer();
  for (let i = 0; i < count; i++) {
    const index = order ? (order[i] as number) : i;
    extractBuckets(texts[index] as string, config, counter);
    if (keepRows) row.reserve(counter.size);
    for (let t = 0; t < counter.size; t++) {
      const bucket = counter.touched[t] as number;
      if (df[bucket] === 0 || (namedBy !== undefined && index < (namedBy[bucket] as number))) {
        blockOf[bucket] = counter.blockOf[bucket] as number;
        if (namedBy !== undefined) namedBy[bucket] = index;
      }
      df[bucket] = (df[bucket] as number) + 1;
      if (keepRows) {
        row.indices[t] = bucket;
        row.values[t] = counter.counts[bucket] as number;
      }
    }
    if (keepRows) builder.add(row, counter.size);
    counter.reset();
  }
  const columnOf = new Int32Array(df.length).fill(-1);
  let kept = 0;
  for (let b = 0; b < df.length; b++) if ((df[b] as number) >= config.minDf) columnOf[b] = kept++;
  const buckets = new Int32Array(kept);
  const blocks = new Uint8Array(kept);
  const idf = new Float32Array(kept);
  for (let b = 0; b < df.length; b++) {
    const column = columnOf[b] as number;
    if (column < 0) continue;
    buckets[column] = b;
    blocks[column] = blockOf[b] as number;
    idf[column] = Math.log((1 + texts.length) / (1 + (df[b] as number))) + 1;
  }
  const featurizer = new Featurizer({ config, buckets, blocks, idf });
  return { featurizer, data: keepRows ? toColumns(builder.build(), columnOf, featurizer.state) : builder.build() };
}

/** Rows of (bucket, count) → rows of (column, TF-IDF), in place; buckets without a column are dropped. */
function toColumns(data: SparseDataset, columnOf: Int32Array, state: FeaturizerState): SparseDataset {
  const { offsets, indices, values } = data;
  let at = 0;
  let start = 0;
  for (let r = 0; r < data.rows; r++) {
    const end = offsets[r + 1] as number;
    const first = at;
    for (let i = start; i < end; i++) {
      const column = columnOf[indices[i] as number] as number;
      if (column < 0) continue;
      indices[at] = column;
      values[at] = values[i] as number;
      at++;
    }
    weighRow(indices, values, first, at, state);
    start = end;
    offsets[r + 1] = at;
  }
  return { rows: data.rows, offsets, indices: indices.subarray(0, at), values: values.subarray(0, at) };
}

import type { SparseVector } from '../types.js';
import { BucketCounter } from './bucket-counter.js';
import { ColumnCounter } from './column-counter.js';
import { extractBuckets } from './extract-buckets.js';
import { CHAR_BLOCK, type FeaturizerConfig } from './featurizer-config.js';

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
    this.counter = new ColumnCounter(state.buckets);
  }

  /** The feature vector of one text (its own arrays); an empty vector when no known n-gram occurs. */
  transform(text: string): SparseVector {
    const n = this.transformInto(text, this.scratch);
    return { indices: this.scratch.indices.slice(0, n), values: this.scratch.values.slice(0, n) };
  }

  /**
   * The feature vector of one text into the first n entries of `into`'s arrays (grown when too
   * small); returns n. For the request path: nothing is allocated once `into` is large enough.
   *
   * @example const n = featurizer.transformInto('lost card', buffer); scoreInto(model, buffer, out, n)
   */
  transformInto(text: string, into: SparseBuffer): number {
    const { counter } = this;
    const { idf, blocks, config } = this.state;
    extractBuckets(text, config, counter);
    into.reserve(counter.size);
    const { indices, values } = into;
    let word = 0;
    let char = 0;
    let n = 0;
    for (let t = 0; t < counter.size; t++) {
      const column = counter.touched[t] as number;
      const count = counter.take(t);
      // Sublinear TF: 1 + ln(count), which is exactly 1 for the usual count of 1.
      const value = count === 1 ? (idf[column] as number) : (1 + Math.log(count)) * (idf[column] as number);
      indices[n] = column;
      values[n] = value;
      if (blocks[column] === CHAR_BLOCK) char += value * value;
      else word += value * value;
      n++;
    }
    counter.forget();
    const wordScale = word > 0 ? config.wordWeight / Math.sqrt(word) : 0;
    const charScale = char > 0 ? config.charWeight / Math.sqrt(char) : 0;
    const total = Math.sqrt((word > 0 ? config.wordWeight ** 2 : 0) + (char > 0 ? config.charWeight ** 2 : 0)) || 1;
    for (let i = 0; i < n; i++) {
      const scale = blocks[indices[i] as number] === CHAR_BLOCK ? charScale : wordScale;
      values[i] = ((values[i] as number) * scale) / total;
    }
    return n;
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
  const df = new Uint32Array(1 << config.hashBits);
  const blockOf = new Uint8Array(1 << config.hashBits);
  const counter = new BucketCounter(config.hashBits);
  for (const text of texts) {
    extractBuckets(text, config, counter);
    for (let t = 0; t < counter.size; t++) {
      const bucket = counter.touched[t] as number;
      if (df[bucket] === 0) blockOf[bucket] = counter.blockOf[bucket] as number;
      df[bucket] = (df[bucket] as number) + 1;
    }
    counter.reset();
  }
  let kept = 0;
  for (let b = 0; b < df.length; b++) if ((df[b] as number) >= config.minDf) kept++;
  const buckets = new Int32Array(kept);
  const blocks = new Uint8Array(kept);
  const idf = new Float32Array(kept);
  for (let b = 0, column = 0; b < df.length; b++) {
    const n = df[b] as number;
    if (n < config.minDf) continue;
    buckets[column] = b;
    blocks[column] = blockOf[b] as number;
    idf[column] = Math.log((1 + texts.length) / (1 + n)) + 1;
    column++;
  }
  return new Featurizer({ config, buckets, blocks, idf });
}

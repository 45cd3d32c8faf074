import { hashedNgrams } from './hash-ngrams.js';

/** A sparse row: feature slots (into the vocabulary) and their values. */
export interface SparseRow {
  slots: Int32Array;
  values: Float32Array;
}

/**
 * TF-IDF over hashed n-grams with a fixed vocabulary: the hashed ids seen in at least `minDf`
 * training prompts. Ids outside it are dropped at scoring time, which is also what keeps the model
 * file small (one-off n-grams are most of the ids and carry no signal).
 */
export class TfidfVocabulary {
  readonly bits: number;
  /** Hashed ids, ascending. */
  readonly ids: Int32Array;
  /** Training prompts each id occurred in, and how many prompts there were. */
  readonly df: Int32Array;
  readonly documents: number;
  readonly idf: Float32Array;
  private readonly slotOf: Map<number, number>;

  constructor(bits: number, ids: Int32Array, df: Int32Array, documents: number) {
    this.bits = bits;
    this.ids = ids;
    this.df = df;
    this.documents = documents;
    this.idf = Float32Array.from(df, (count) => Math.log((1 + documents) / (1 + count)) + 1);
    this.slotOf = new Map();
    for (let i = 0; i < ids.length; i++) this.slotOf.set(ids[i] as number, i);
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * Learns the vocabulary and smoothed IDF (`ln((1 + n) / (1 + df)) + 1`) from training prompts.
   *
   * @example const vocab = TfidfVocabulary.fit(prompts, { bits: 18, minDf: 2 });
   */
  static fit(prompts: readonly string[], options: { bits: number; minDf: number }): TfidfVocabulary {
    // A dense count per hashed id: at most 2^22 × 4 bytes, and far faster than a Map of millions.
    const df = new Int32Array(2 ** options.bits);
    for (const prompt of prompts) for (const id of hashedNgrams(prompt, options.bits).keys()) df[id] = (df[id] as number) + 1;
    const ids: number[] = [];
    const counts: number[] = [];
    for (let id = 0; id < df.length; id++) {
      const count = df[id] as number;
      if (count >= options.minDf) {
        ids.push(id);
        counts.push(count);
      }
    }
    return new TfidfVocabulary(options.bits, Int32Array.from(ids), Int32Array.from(counts), prompts.length);
  }

  /**
   * A prompt as an L2-normalised TF-IDF row with sublinear term frequency (`1 + ln count`): a
   * word said ten times is not ten times the evidence.
   *
   * @example vocab.transform('What is 2 + 2?').slots.length
   */
  transform(prompt: string): SparseRow {
    const slots: number[] = [];
    const values: number[] = [];
    let norm = 0;
    for (const [id, count] of hashedNgrams(prompt, this.bits)) {
      const slot = this.slotOf.get(id);
      if (slot === undefined) continue;
      const value = (1 + Math.log(count)) * (this.idf[slot] as number);
      slots.push(slot);
      values.push(value);
      norm += value * value;
    }
    const row = { slots: Int32Array.from(slots), values: Float32Array.from(values) };
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < row.values.length; k++) row.values[k] = (row.values[k] as number) * scale;
    }
    return row;
  }
}

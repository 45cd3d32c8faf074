import { PROMPT_STAT_NAMES, promptStats } from './prompt-stats.js';
import { type SparseRow, TfidfVocabulary } from './tfidf.js';

export const STAT_COUNT = PROMPT_STAT_NAMES.length;

/**
 * The learned router's feature space: the TF-IDF row of the prompt's n-grams, followed by its
 * standardised prompt statistics. Statistics are scaled to `statsWeight / sd` so that, next to a
 * unit-length TF-IDF row, they weigh in without dominating; 0 leaves them out.
 */
export class RouterFeatures {
  readonly vocabulary: TfidfVocabulary;
  readonly statsMean: Float64Array;
  /** Multiplier of each centred statistic (statsWeight / training standard deviation). */
  readonly statsScale: Float64Array;

  constructor(vocabulary: TfidfVocabulary, statsMean: Float64Array, statsScale: Float64Array) {
    if (statsMean.length !== STAT_COUNT || statsScale.length !== STAT_COUNT) throw new RangeError(`expected ${STAT_COUNT} prompt statistics`);
    this.vocabulary = vocabulary;
    this.statsMean = statsMean;
    this.statsScale = statsScale;
  }

  /** Vocabulary slots plus one per statistic. */
  get size(): number {
    return this.vocabulary.size + STAT_COUNT;
  }

  /**
   * Learns the vocabulary and the statistics' mean and spread from training prompts.
   *
   * @example const features = RouterFeatures.fit(prompts, { bits: 18, minDf: 2, statsWeight: 0.1 });
   */
  static fit(prompts: readonly string[], options: { bits: number; minDf: number; statsWeight: number }): RouterFeatures {
    const vocabulary = TfidfVocabulary.fit(prompts, options);
    const mean = new Float64Array(STAT_COUNT);
    const square = new Float64Array(STAT_COUNT);
    for (const prompt of prompts) {
      const stats = promptStats(prompt);
      for (let j = 0; j < STAT_COUNT; j++) {
        mean[j] = (mean[j] as number) + (stats[j] as number) / prompts.length;
        square[j] = (square[j] as number) + (stats[j] as number) ** 2 / prompts.length;
      }
    }
    const scale = new Float64Array(STAT_COUNT);
    for (let j = 0; j < STAT_COUNT; j++) {
      const sd = Math.sqrt(Math.max((square[j] as number) - (mean[j] as number) ** 2, 0));
      // A statistic that never varied in training carries no information: leave it out.
      scale[j] = sd > 1e-9 ? options.statsWeight / sd : 0;
    }
    return new RouterFeatures(vocabulary, mean, scale);
  }

  /**
   * A prompt as a sparse row in this feature space.
   *
   * @example features.row('What is 2 + 2?')
   */
  row(prompt: string): SparseRow {
    const text = this.vocabulary.transform(prompt);
    const stats = promptStats(prompt);
    const base = this.vocabulary.size;
    const slots = new Int32Array(text.slots.length + STAT_COUNT);
    const values = new Float32Array(text.slots.length + STAT_COUNT);
    slots.set(text.slots);
    values.set(text.values);
    let k = text.slots.length;
    for (let j = 0; j < STAT_COUNT; j++) {
      const scale = this.statsScale[j] as number;
      if (scale === 0) continue;
      slots[k] = base + j;
      values[k] = ((stats[j] as number) - (this.statsMean[j] as number)) * scale;
      k++;
    }
    return { slots: slots.subarray(0, k), values: values.subarray(0, k) };
  }
}

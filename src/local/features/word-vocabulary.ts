import { type BucketSink, extractBuckets } from './extract-buckets.js';
import { type FeaturizerConfig, WORD_BLOCK } from './featurizer-config.js';

/**
 * The word uni/bi-gram buckets of some texts, and how unfamiliar another text is to them: the
 * share of its word n-gram occurrences none of the texts had. It is the share a fitted
 * featurizer reports in `SparseBuffer.unseenWordShare`, here against a vocabulary of part of the
 * data, so training can measure it on held-out texts the vocabulary never saw.
 *
 * @example
 * const vocabulary = new WordVocabulary(['my card is lost'], DEFAULT_FEATURIZER_CONFIG);
 * vocabulary.unseenShare('who won the world cup') // 1
 */
export class WordVocabulary implements BucketSink {
  private readonly seen: Uint8Array;
  /** The featurizer's settings without character n-grams: only words are looked at. */
  private readonly config: FeaturizerConfig;
  private learning = true;
  private words = 0;
  private unseen = 0;

  constructor(texts: Iterable<string>, config: FeaturizerConfig) {
    this.seen = new Uint8Array(1 << config.hashBits);
    this.config = { ...config, charMaxChars: 0 };
    for (const text of texts) extractBuckets(text, this.config, this);
    this.learning = false;
  }

  add(bucket: number, block: number): void {
    if (block !== WORD_BLOCK) return;
    if (this.learning) {
      this.seen[bucket] = 1;
      return;
    }
    this.words++;
    if (this.seen[bucket] === 0) this.unseen++;
  }

  /** Share of the text's word n-grams the vocabulary lacks; 0 for a text without words. */
  unseenShare(text: string): number {
    this.words = 0;
    this.unseen = 0;
    extractBuckets(text, this.config, this);
    return this.words === 0 ? 0 : this.unseen / this.words;
  }
}

/**
 * The fewest word uni/bi-gram occurrences any of the texts has (0 for no texts): the shortest
 * request the training data gives a model any experience of. A request with fewer (a lone "a",
 * "1234") is scored from one or two features, and its confidence means nothing: the classifier's
 * calibration was fitted on texts of the data's own lengths.
 *
 * @example fewestWordNgrams(['my card is lost', 'lost card'], DEFAULT_FEATURIZER_CONFIG) // 3 (two words and their pair)
 */
export function fewestWordNgrams(texts: Iterable<string>, config: FeaturizerConfig): number {
  let count = 0;
  const counter: BucketSink = {
    add: (_bucket, block) => {
      if (block === WORD_BLOCK) count++;
    },
  };
  const wordsOnly = { ...config, charMaxChars: 0 };
  let fewest = Infinity;
  for (const text of texts) {
    count = 0;
    extractBuckets(text, wordsOnly, counter);
    if (count < fewest) fewest = count;
  }
  return fewest === Infinity ? 0 : fewest;
}

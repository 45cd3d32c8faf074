import { CHAR_BLOCK, type FeaturizerConfig, WORD_BLOCK } from './featurizer-config.js';
import { FNV_OFFSET, fnvStep, fnvString, mix32 } from '../../core/fnv-hash.js';
import { tokenize } from './tokenize.js';

const WORD_SEED = 0x9e3779b9;
const BIGRAM_SEED = 0x7f4a7c15;
const BOUNDARY_START = 0x3c; // '<'
const BOUNDARY_END = 0x3e; // '>'

/** Where n-gram buckets are counted: every bucket (`BucketCounter`, fitting) or the model's columns (`ColumnCounter`, serving). */
export interface BucketSink {
  add(bucket: number, block: number): void;
  /**
   * When present, adds the character n-grams of `word` itself, as `addCharNgrams(word, …, this)`
   * would, in the same order (a serving counter replays them from a cache of words it has seen).
   */
  addWordChars?(word: string, charNgramMin: number, charNgramMax: number, mask: number): void;
}

/**
 * Adds the hashed word uni/bi-grams and character n-grams (inside "<word>") of one text to
 * `counter`. Hashes are rolled forward code unit by code unit: no substring is allocated.
 *
 * @example
 * const counter = new BucketCounter(20);
 * extractBuckets('card not arrived', DEFAULT_FEATURIZER_CONFIG, counter); counter.size > 0 // true
 */
export function extractBuckets(text: string, config: FeaturizerConfig, counter: BucketSink): void {
  const mask = (1 << config.hashBits) - 1;
  const { charNgramMin, charNgramMax } = config;
  const words = tokenize(text, config.maxChars);
  // Characters of words left for character n-grams.
  let charBudget = config.charMaxChars ?? config.maxChars;
  let previous = 0;
  for (let w = 0; w < words.length; w++) {
    const word = words[w] as string;
    const hash = fnvString(word, WORD_SEED);
    counter.add(mix32(hash) & mask, WORD_BLOCK);
    if (config.wordNgramMax >= 2 && w > 0) counter.add(mix32(fnvStep(fnvStep(BIGRAM_SEED, previous & 0xffff), previous >>> 16) ^ hash) & mask, WORD_BLOCK);
    previous = hash;
    if (charBudget <= 0) continue;
    charBudget -= word.length;
    if (counter.addWordChars) counter.addWordChars(word, charNgramMin, charNgramMax, mask);
    else addCharNgrams(word, charNgramMin, charNgramMax, mask, counter);
  }
}

/**
 * Adds the hashed character n-grams of one word, inside "<word>", shortest first at each start.
 *
 * @example addCharNgrams('card', 2, 5, (1 << 20) - 1, counter) // "<c", "<ca", "<car", "<card", "ca", …
 */
export function addCharNgrams(word: string, charNgramMin: number, charNgramMax: number, mask: number, counter: BucketSink): void {
  const length = word.length + 2;
  for (let start = 0; start < length; start++) {
    let h = FNV_OFFSET;
    const end = Math.min(length, start + charNgramMax);
    for (let i = start; i < end; i++) {
      h = fnvStep(h, i === 0 ? BOUNDARY_START : i === length - 1 ? BOUNDARY_END : word.charCodeAt(i - 1));
      if (i - start + 1 >= charNgramMin) counter.add(mix32(h) & mask, CHAR_BLOCK);
    }
  }
}

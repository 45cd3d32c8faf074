/** How text becomes features; stored in the model file so serving featurizes exactly as training did. */
export interface FeaturizerConfig {
  /** Hash space is 2^hashBits buckets, shared by word and character n-grams. */
  hashBits: number;
  /** Longest word n-gram (1 = unigrams, 2 = uni- and bigrams). */
  wordNgramMax: number;
  /** Character n-grams inside word boundaries ("<word>"), from min to max length. */
  charNgramMin: number;
  charNgramMax: number;
  /** A bucket must occur in at least this many training texts to get a column (drops noise, shrinks the model). */
  minDf: number;
  /** Text beyond this many characters is ignored, so hostile input costs bounded time. */
  maxChars: number;
  /**
   * Character n-grams come from the first words of a text only, up to this many characters of
   * words (word n-grams still cover `maxChars`). Absent in files written before it existed:
   * then `maxChars`.
   */
  charMaxChars?: number;
  /** Relative weight of the word and character blocks; each block is L2-normalised before weighting. */
  wordWeight: number;
  charWeight: number;
}

export const DEFAULT_FEATURIZER_CONFIG: FeaturizerConfig = {
  hashBits: 20,
  wordNgramMax: 2,
  charNgramMin: 2,
  charNgramMax: 5,
  minDf: 1,
  maxChars: 2000,
  // Char n-grams are ~85% of a long text's features and add little beyond its first few
  // hundred letters: 512 cut training CPU on MMLU questions (mean 466 characters) by ~18% at
  // the same validation accuracy; no banking77 text reaches it (longest 433 characters).
  charMaxChars: 512,
  wordWeight: 1,
  charWeight: 1,
};

/** Feature family of a bucket: word n-grams and character n-grams are normalised separately. */
export const WORD_BLOCK = 0;
export const CHAR_BLOCK = 1;

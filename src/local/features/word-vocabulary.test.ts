import { describe, expect, it } from 'vitest';
import { fitFeaturizer, SparseBuffer } from './featurizer.js';
import { DEFAULT_FEATURIZER_CONFIG } from './featurizer-config.js';
import { WordVocabulary } from './word-vocabulary.js';

const texts = ['my card has not arrived yet', 'I lost my card', 'how do I top up my account', 'the exchange rate was wrong'];
const queries = ['my card has not arrived', 'who won the world cup in 1998', 'top up failed', 'Card lost!', 'what is the exchange rate to the moon', '', '§§ ¶'];

describe('WordVocabulary', () => {
  it('counts word uni- and bigram occurrences the texts never had', () => {
    const vocabulary = new WordVocabulary(texts, DEFAULT_FEATURIZER_CONFIG);
    expect(vocabulary.unseenShare('my card has not arrived')).toBe(0);
    // "lost card": two known words, one unknown bigram.
    expect(vocabulary.unseenShare('lost card')).toBeCloseTo(1 / 3, 10);
    expect(vocabulary.unseenShare('who won the world cup')).toBeCloseTo(8 / 9, 10); // only "the" is known
    expect(vocabulary.unseenShare('')).toBe(0);
  });

  it('gives the share a featurizer fitted on the same texts reports while serving', () => {
    const vocabulary = new WordVocabulary(texts, DEFAULT_FEATURIZER_CONFIG);
    const featurizer = fitFeaturizer(texts, DEFAULT_FEATURIZER_CONFIG);
    const buffer = new SparseBuffer();
    for (const query of queries) {
      featurizer.transformInto(query, buffer);
      expect(buffer.unseenWordShare, query).toBe(vocabulary.unseenShare(query));
    }
  });
});

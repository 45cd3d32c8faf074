import { stemmer } from 'stemmer';
import { fnvString } from '../../core/fnv-hash.js';
import { meaningWords } from '../text/meaning-words.js';
import { STOPWORDS } from '../text/stopwords.js';
import type { Embedder } from '../types.js';

/**
 * A deterministic embedder for tests and offline runs: each stemmed content word adds ±1 at a
 * few hashed positions (signed feature hashing), so texts sharing words are close. It knows no
 * synonyms; it is not a semantic model. It drops negations and question words with the other
 * stopwords ("I have not received my card" = "where can I receive my card?"), so the semantic
 * cache offers `meaningHashedEmbedder` instead; this one stays as it is, because knowledge bases
 * store its vectors under its model name.
 *
 * @example const embedder = hashedEmbedder(256); await embedder.embed(['refund policy'])
 */
export function hashedEmbedder(dimensions = 256, model = `hashed-bow-${dimensions}`): Embedder {
  return signedHashEmbedder(dimensions, model, (text) => {
    const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOPWORDS.has(w));
    return (words.length > 0 ? words : [text]).map((w) => stemmer(w));
  });
}

/**
 * The lexical embedder that keeps what flips a question's meaning (`meaningWords`: negations and
 * the words they govern, question words, numbers, "in"/"out", "again"…), for the semantic cache,
 * where "my card has not arrived" must not be answered as "where can I receive my card".
 * Measured on banking77 (bench/semantic-cache.mjs, docs/cache.md): fewer hits than
 * `hashedEmbedder`, far fewer wrong ones.
 *
 * @example const embedder = meaningHashedEmbedder(256); await embedder.embed(['my card has not arrived'])
 */
export function meaningHashedEmbedder(dimensions = 256, model = `hashed-v2-${dimensions}`): Embedder {
  return signedHashEmbedder(dimensions, model, (text) => {
    const words = meaningWords(text);
    return words.length > 0 ? words : [text];
  });
}

/** Each feature adds ±1 at two hashed positions (the sign from the hash too, so collisions cancel out on average). */
function signedHashEmbedder(dimensions: number, model: string, features: (text: string) => string[]): Embedder {
  return {
    model,
    dimensions,
    async embed(texts) {
      return texts.map((text) => {
        const vector = Array.from({ length: dimensions }, (): number => 0);
        for (const feature of features(text)) {
          for (let probe = 0; probe < 2; probe++) {
            const h = fnvString(`${probe}:${feature}`);
            vector[h % dimensions] = (vector[h % dimensions] ?? 0) + ((h >>> 16) & 1 ? 1 : -1);
          }
        }
        // The zero vector has no direction; give empty texts one.
        if (!vector.some((x) => x !== 0)) vector[0] = 1;
        return vector;
      });
    },
  };
}

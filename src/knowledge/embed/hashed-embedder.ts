import { stemmer } from 'stemmer';
import { STOPWORDS } from '../text/stopwords.js';
import type { Embedder } from '../types.js';

/**
 * A deterministic embedder for tests and offline runs: each stemmed content word adds ±1 at a
 * few hashed positions (signed feature hashing), so texts sharing words are close. It knows no
 * synonyms; it is not a semantic model.
 *
 * @example const embedder = hashedEmbedder(256); await embedder.embed(['refund policy'])
 */
export function hashedEmbedder(dimensions = 256, model = `hashed-bow-${dimensions}`): Embedder {
  return {
    model,
    dimensions,
    async embed(texts) {
      return texts.map((text) => {
        const vector = Array.from({ length: dimensions }, (): number => 0);
        const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOPWORDS.has(w));
        for (const word of words.length > 0 ? words : [text]) {
          const stem = stemmer(word);
          for (let probe = 0; probe < 2; probe++) {
            const h = fnv1a(`${probe}:${stem}`);
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

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

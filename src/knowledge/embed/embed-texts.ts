import { SwitchyardError } from '../../core/errors.js';
import { normalise } from '../store/vectors.js';
import type { Embedder } from '../types.js';

/** Texts per embedder call: large enough to amortise a round trip, small enough for any API. */
export const EMBED_BATCH = 64;

/**
 * Embeds texts in batches and checks what comes back: one vector per text, all of one length
 * (`expectedDimensions` when the base already has vectors), finite and non-zero; vectors are
 * normalised so cosine similarity is a dot product.
 *
 * @example const vectors = await embedTexts(embedder, ['a', 'b'], 768);
 */
export async function embedTexts(embedder: Embedder, texts: readonly string[], expectedDimensions: number | null, batch = EMBED_BATCH): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  let dims = expectedDimensions ?? embedder.dimensions ?? null;
  for (let i = 0; i < texts.length; i += batch) {
    const slice = texts.slice(i, i + batch);
    const vectors = await embedder.embed(slice);
    if (!Array.isArray(vectors) || vectors.length !== slice.length) {
      throw new SwitchyardError('upstream_error', `embedding model "${embedder.model}" returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${slice.length} texts`);
    }
    for (const vector of vectors) {
      if (!Array.isArray(vector) || vector.length === 0) throw new SwitchyardError('upstream_error', `embedding model "${embedder.model}" returned an empty vector`);
      dims ??= vector.length;
      if (vector.length !== dims) {
        throw new SwitchyardError('upstream_error', `embedding model "${embedder.model}" returned ${vector.length} dimensions where ${dims} were expected; re-embed the knowledge base if the model changed`);
      }
      out.push(normalise(vector));
    }
  }
  return out;
}

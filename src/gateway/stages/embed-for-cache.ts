import { unitVector } from '../../cache/semantic-index.js';
import type { BUILT_IN_CACHE_EMBEDDERS } from '../../config/cache-schema.js';
import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { describeValue } from '../../core/format-issues.js';
import type { Embedder } from '../../knowledge/types.js';
import type { ModelClient } from '../model-client.js';
import type { EmbedText } from './semantic-match.js';

/** The offline embedders the semantic cache offers by name (`hashed-v2`, `hashed`). */
export type BuiltInCacheEmbedders = Record<(typeof BUILT_IN_CACHE_EMBEDDERS)[number], Embedder>;

/**
 * The semantic cache's embedder: a built-in lexical embedder by its name; any other name is a
 * configured embeddings model, called through the gateway (routed, costed and traced as the
 * `cache` feature, paid by the client's key).
 *
 * @example const embed = embedForCache(() => models, { 'hashed-v2': meaningHashedEmbedder(256), hashed: hashedEmbedder(256) }); await embed('hashed-v2', 'refund please', signal, call)
 */
export function embedForCache(models: () => ModelClient, builtIn: BuiltInCacheEmbedders): EmbedText {
  return async (model, text, signal, onBehalfOf) => {
    const offline = Object.hasOwn(builtIn, model) ? builtIn[model as keyof BuiltInCacheEmbedders] : undefined;
    if (offline) return unitVector((await offline.embed([text]))[0] ?? []);
    const answer = await models().embed({ model, input: text, encoding_format: 'float' }, { feature: 'cache', signal, onBehalfOf });
    const embedding = answer.value.data[0]?.embedding;
    if (!Array.isArray(embedding)) throw new SwitchyardError('upstream_error', `embeddings model "${model}" returned no float vector`);
    return unitVector(checkedEmbedding(model, embedding));
  };
}

/**
 * Past any embedding model's width (the widest give a few thousand): a vector this long is kept in
 * every cached entry of its route, so a model answering with millions of values would fill memory.
 */
export const MAX_EMBEDDING_DIMENSIONS = 65_536;

/**
 * An upstream's vector, checked: every value a finite number, 1 to MAX_EMBEDDING_DIMENSIONS of them.
 * A value that is no number made the vector NaN, and a NaN similarity reads as no lower than any
 * threshold: the route's first cached answer was served to an unrelated question.
 */
function checkedEmbedding(model: string, embedding: unknown[]): number[] {
  if (embedding.length === 0 || embedding.length > MAX_EMBEDDING_DIMENSIONS) {
    throw new SwitchyardError('upstream_error', `embeddings model ${quoteClipped(model)} returned a vector of ${embedding.length} values; expected 1 to ${MAX_EMBEDDING_DIMENSIONS}`);
  }
  const bad = embedding.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new SwitchyardError('upstream_error', `embeddings model ${quoteClipped(model)} returned a vector whose embedding[${bad}] must be a finite number, got ${describeValue(embedding[bad])}`);
  return embedding as number[];
}

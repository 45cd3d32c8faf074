import { unitVector } from '../../cache/semantic-index.js';
import { SwitchyardError } from '../../core/errors.js';
import type { Embedder } from '../../knowledge/types.js';
import type { ModelClient } from '../model-client.js';
import type { EmbedText } from './semantic-match.js';

/**
 * The semantic cache's embedder: `hashed` is the given offline lexical embedder; any other name is
 * a configured embeddings model, called through the gateway (routed, costed and traced as the
 * `cache` feature, paid by the client's key).
 *
 * @example const embed = embedForCache(() => models, hashedEmbedder(256)); await embed('embed', 'refund please', signal)
 */
export function embedForCache(models: () => ModelClient, hashed: Embedder): EmbedText {
  return async (model, text, signal, onBehalfOf) => {
    if (model === 'hashed') return unitVector((await hashed.embed([text]))[0] ?? []);
    const answer = await models().embed({ model, input: text, encoding_format: 'float' }, { feature: 'cache', signal, onBehalfOf });
    const embedding = answer.value.data[0]?.embedding;
    if (!Array.isArray(embedding)) throw new SwitchyardError('upstream_error', `embeddings model "${model}" returned no float vector`);
    return unitVector(embedding);
  };
}

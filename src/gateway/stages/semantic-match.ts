import { cacheKey } from '../../cache/cache-key.js';
import { SemanticIndex } from '../../cache/semantic-index.js';
import type { CacheRouteConfig } from '../../config/cache-schema.js';
import type { AbortLike } from '../../core/call-abort.js';
import type { Call, OnBehalfOf } from '../call.js';
import { canonicalOf, featuresOf } from '../call-features.js';

/** Turns a text into a unit vector with the named embeddings model (`hashed`: the built-in lexical one). */
/** Embeds a call's text; an embeddings model is called through the pipeline, paid by that call's key. */
export type EmbedText = (model: string, text: string, signal: AbortLike, onBehalfOf: OnBehalfOf) => Promise<Float32Array>;

export type SemanticRule = NonNullable<CacheRouteConfig['semantic']>;

/** What a semantic lookup learned: where the request's question lives, its vector, and the closest match above the threshold. */
export interface SemanticProbe {
  index: SemanticIndex;
  partition: string;
  vector: Float32Array;
  match: { key: string; similarity: number } | undefined;
  /** The best similarity seen, hit or not, for the trace. */
  best: number | null;
}

/**
 * The semantic cache's matcher: one index per route name, each bounded by its rule's
 * `max_entries`. Only the last user message is compared by meaning; the rest of the request
 * (earlier turns, system prompt, tools, sampling parameters, the guardrail scope) must be
 * identical, so it goes into the partition key.
 */
export class SemanticMatcher {
  private readonly indexes = new Map<string, SemanticIndex>();

  constructor(private readonly embed: EmbedText) {}

  async probe(call: Call, rule: SemanticRule, scope: string): Promise<SemanticProbe | undefined> {
    const canonical = canonicalOf(call);
    const last = canonical.messages.findLastIndex((m) => m.role === 'user');
    const text = featuresOf(call).lastUserText;
    if (last < 0 || text.trim() === '') return undefined;
    const { stream: _s, stream_options: _o, user: _u, metadata: _m, ...rest } = canonical;
    const context = { ...rest, messages: canonical.messages.filter((_, i) => i !== last) };
    const partition = cacheKey(call.model, call.input.format, context, `${scope}\u0000semantic:${rule.embed_model}`);
    let index = this.indexes.get(call.model);
    if (!index) this.indexes.set(call.model, (index = new SemanticIndex(rule.max_entries)));
    const vector = await this.embed(rule.embed_model, text, call.input.signal, call);
    const nearest = index.nearest(partition, vector);
    return { index, partition, vector, match: nearest && nearest.similarity >= rule.threshold ? nearest : undefined, best: nearest ? Math.round(nearest.similarity * 1000) / 1000 : null };
  }
}

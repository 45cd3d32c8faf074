import { cacheKey } from '../../cache/cache-key.js';
import { type MeaningFacts, meaningConflict, meaningFacts } from '../../cache/semantic-guard.js';
import { SemanticIndex } from '../../cache/semantic-index.js';
import type { CacheRouteConfig } from '../../config/cache-schema.js';
import type { AbortLike } from '../../core/call-abort.js';
import type { Call, OnBehalfOf } from '../call.js';
import { canonicalOf, featuresOf } from '../call-features.js';

/**
 * Turns a call's text into a unit vector with the named embeddings model (`hashed-v2`, `hashed`:
 * the built-in lexical ones); an embeddings model is called through the pipeline, paid by that call's key.
 */
export type EmbedText = (model: string, text: string, signal: AbortLike, onBehalfOf: OnBehalfOf) => Promise<Float32Array>;

export type SemanticRule = NonNullable<CacheRouteConfig['semantic']>;

/** What a semantic lookup learned: where the request's question lives, its vector, and the closest match above the threshold. */
export interface SemanticProbe {
  index: SemanticIndex<MeaningFacts>;
  partition: string;
  vector: Float32Array;
  /** The question's negation, numbers and content words, stored beside its vector for the guard. */
  facts: MeaningFacts;
  match: { key: string; similarity: number } | undefined;
  /** The best similarity seen, hit or not, for the trace. */
  best: number | null;
  /** A cached question above the threshold the guard turned down, and why (the reason of the miss). */
  refused?: { similarity: number; reason: string };
}

/**
 * The longest last user message the semantic cache embeds and judges. A FAQ question is a few
 * hundred characters (banking77's longest 433); embedding and reading a 1 MB one took ~2.5 s of the
 * request thread's CPU (load ~15 on 2 cores), ~25 s for a body at the 10 MB limit, while every other
 * request waited. Longer questions are still answered from the exact cache. Portkey bounds its
 * semantic cache likewise (8,191 tokens).
 */
export const MAX_SEMANTIC_CHARS = 2_048;

/** Why a request was not looked up by meaning (its question too long), for the trace. */
export interface SemanticSkip {
  skipped: string;
}

/**
 * The semantic cache's matcher: one index per route name, each bounded by its rule's
 * `max_entries`. Only the last user message is compared by meaning; the rest of the request
 * (earlier turns, system prompt, tools, sampling parameters, the guardrail scope) must be
 * identical, so it goes into the partition key. A guard (semantic-guard.ts) refuses a close
 * question that is negated where this one is not, names other numbers, or differs in the words that
 * carry its content (weighed by their rarity among this route's cached questions), whatever the
 * embedder: the closest question it accepts is the match.
 */
export class SemanticMatcher {
  private readonly indexes = new Map<string, SemanticIndex<MeaningFacts>>();

  constructor(private readonly embed: EmbedText) {}

  async probe(call: Call, rule: SemanticRule, scope: string, source = ''): Promise<SemanticProbe | SemanticSkip | undefined> {
    const text = featuresOf(call).lastUserText;
    if (text.length > MAX_SEMANTIC_CHARS) return { skipped: `the last user message has ${text.length} characters; only questions of up to ${MAX_SEMANTIC_CHARS} are matched by meaning` };
    const canonical = canonicalOf(call);
    const last = canonical.messages.findLastIndex((m) => m.role === 'user');
    if (last < 0 || text.trim() === '') return undefined;
    const { stream: _s, stream_options: _o, user: _u, metadata: _m, ...rest } = canonical;
    const context = { ...rest, messages: canonical.messages.filter((_, i) => i !== last) };
    const partition = cacheKey(call.model, call.input.format, context, `${scope}\u0000semantic:${rule.embed_model}`, source);
    let index = this.indexes.get(call.model);
    if (!index) this.indexes.set(call.model, (index = new SemanticIndex<MeaningFacts>(rule.max_entries, (facts) => facts.words)));
    const vector = await this.embed(rule.embed_model, text, call.input.signal, call);
    const facts = meaningFacts(text);
    const weights = index.weights;
    // Only what reaches the threshold is judged: the guard's verdict on a farther entry changes nothing.
    const { accepted, refused, closest } = index.nearest(partition, vector, (cached) => meaningConflict(facts, cached, weights) === undefined, rule.threshold);
    const match = accepted ? { key: accepted.key, similarity: accepted.similarity } : undefined;
    // Only a refusal that changed the answer is worth a line on the trace: one above the threshold.
    const reason = refused ? meaningConflict(facts, refused.facts, weights) : undefined;
    return {
      index,
      partition,
      vector,
      facts,
      match,
      best: closest === undefined ? null : round3(closest),
      ...(refused && reason !== undefined ? { refused: { similarity: round3(refused.similarity), reason } } : {}),
    };
  }

  /** Drops these cache keys' questions (vector and content words) from every route's index: their entries were deleted. */
  forget(keys: ReadonlySet<string>): void {
    for (const index of this.indexes.values()) for (const key of keys) index.delete(key);
  }

  /** Drops every question: the cache was emptied. */
  forgetAll(): void {
    this.indexes.clear();
  }

  /** Questions held, over every route's index. */
  get size(): number {
    let size = 0;
    for (const index of this.indexes.values()) size += index.size;
    return size;
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

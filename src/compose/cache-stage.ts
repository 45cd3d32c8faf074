/**
 * The response cache's stage, for the names `cache.routes` lists: keyed by what decides an answer
 * beyond its body (the guardrail policy in force, a grounded route's knowledge base version, each
 * name's upstream), with the semantic matcher embedding through the pipeline itself.
 */
import { answerSources } from '../cache/answer-source.js';
import type { CacheStore } from '../cache/cache-store.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Log } from '../core/log.js';
import type { Call } from '../gateway/call.js';
import type { GuardSlot } from '../gateway/guard/guard-slot.js';
import type { OpenBases } from '../gateway/knowledge/open-bases.js';
import type { ModelClient } from '../gateway/model-client.js';
import { cacheAnswers, type CacheStage } from '../gateway/stages/cache-answers.js';
import { embedForCache } from '../gateway/stages/embed-for-cache.js';
import { SemanticMatcher } from '../gateway/stages/semantic-match.js';
import { hashedEmbedder, meaningHashedEmbedder } from '../knowledge/embed/hashed-embedder.js';
import type { ModelCatalog } from '../routing/catalog.js';

export interface CacheStageParts {
  store: CacheStore;
  clock: Clock;
  log: Log;
  /** The call's guardrail policy scope (`guardScopeOf`). */
  scopeOf: (call: Call) => string;
  knowledge: Pick<OpenBases, 'get'>;
  catalog: ModelCatalog;
  /** The pipeline's own client, for embedding models (bound once the gateway exists). */
  models: () => ModelClient;
  unrestorable: GuardSlot['unrestorable'];
}

/** The cache stage, or undefined when no name is cached (`cache.routes` empty). */
export function openCacheStage(config: Config, parts: CacheStageParts): CacheStage | undefined {
  if (Object.keys(config.cache.routes).length === 0) return undefined;
  const groundedIn = groundedBases(config.routes);
  return cacheAnswers({
    store: parts.store,
    config: config.cache,
    clock: parts.clock,
    log: parts.log,
    scopeOf: parts.scopeOf,
    ...(groundedIn.size > 0 ? { variantOf: (call: Call) => knowledgeVersion(parts.knowledge, groundedIn, call) } : {}),
    sources: answerSources(config),
    priceOf: (provider, model) => parts.catalog.priceOf(provider, model),
    semantic: new SemanticMatcher(embedForCache(parts.models, { 'hashed-v2': meaningHashedEmbedder(256), hashed: hashedEmbedder(256) })),
    ...(parts.unrestorable ? { unrestorable: parts.unrestorable } : {}),
  });
}

/** Each grounded route's base, whose published version is part of its cached answers' keys. */
export function groundedBases(routes: Config['routes']): Map<string, string> {
  return new Map(Object.entries(routes).flatMap(([name, route]) => (route.options.knowledge ? [[name, route.options.knowledge.base] as const] : [])));
}

/**
 * The published version of the knowledge base a grounded route's call retrieves from, for its
 * cache key (`kb:handbook@3`; `kb:handbook@none` while it cannot be opened); '' for other calls.
 */
export async function knowledgeVersion(bases: Pick<OpenBases, 'get'>, groundedIn: ReadonlyMap<string, string>, call: Pick<Call, 'routeName'>): Promise<string> {
  const base = call.routeName === null ? undefined : groundedIn.get(call.routeName);
  if (base === undefined) return '';
  try {
    return `kb:${base}@${(await bases.get(base)).record.version}`;
  } catch {
    return `kb:${base}@none`;
  }
}

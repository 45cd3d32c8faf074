import { CacheKeys } from '../../cache/cache-key.js';
import type { CacheStore } from '../../cache/cache-store.js';
import type { CacheConfig, CacheRouteConfig, CacheSharing } from '../../config/cache-schema.js';
import type { Clock } from '../../core/clock.js';
import type { Call } from '../call.js';
import { type CachedAnswer, CachedAnswers, encodeCacheEntry } from '../cached-answer.js';
import { decodeAnswer } from '../decode-answer.js';
import type { Outcome } from '../outcome.js';
import type { Stage } from '../pipeline.js';
import type { SemanticMatcher, SemanticProbe } from './semantic-match.js';
import type { Unrestorable } from '../guard/guard-slot.js';
import type { Log } from '../../core/log.js';
import { headerSafe, MAX_ROUTE_HEADER } from '../../routing/policies/index.js';
import type { PriceEntry } from '../../tokens/price-table.js';
import { cacheSaving } from '../cache-savings.js';

export interface CacheStageDeps {
  store: CacheStore;
  config: CacheConfig;
  clock: Clock;
  log: Log;
  /**
   * What else decides the answer a call gets, beyond its body: the guardrail policy in force (a
   * policy that checks or rewrites answers must not be bypassed by another key's cached answer).
   */
  scopeOf?: (call: Call) => string;
  /**
   * What decides the answer that can change while the gateway runs: a grounded route's knowledge
   * base version (`kb:handbook@3`), so answers grounded in an earlier version, or made while the
   * base was missing, are not served once another is published. Without it, nothing.
   */
  variantOf?: (call: Call) => Promise<string>;
  /**
   * Each model and route name's source (cache/answer-source.ts: the providers, addresses and
   * upstream models behind it), part of every key, so a name pointed at another upstream does not
   * replay the old one's answers. Without it (tests), names alone key.
   */
  sources?: ReadonlyMap<string, string>;
  /** Matches reworded questions for routes with a `semantic` rule; without it those rules are ignored. */
  semantic?: SemanticMatcher;
  /**
   * The config's price now of a provider's model (ModelCatalog.priceOf): a hit's saving is its
   * answer's usage at it. Without it (tests), what the answer cost when it was stored.
   */
  priceOf?: (provider: string, upstreamModel: string) => PriceEntry | undefined;
  /**
   * The placeholders of a cached answer this call could not put its own values into (the guard
   * slot's `unrestorable`): a semantic hit holding one is a miss. Without it (no guardrails), none.
   */
  unrestorable?: Unrestorable;
}

/** The cache stage, and how much of the cache this process holds in memory (for `GET /api/providers`). */
export interface CacheStage {
  stage: Stage;
  held(): CacheHeld;
}

/** What a gateway process keeps in memory beside the cache store. */
export interface CacheHeld {
  /** Answers decoded and ready to send. */
  answers: number;
  /** Questions in the semantic indexes (vector and content words). */
  questions: number;
}

/**
 * Entries this process keeps ready to send (cached-answer.ts): a few thousand hot answers, at most
 * ~32 MB with their encodings. Past these, a hit parses and encodes its entry as a first hit does.
 */
const REPLAY_BOUNDS = { maxEntries: 4_096, maxChars: 16 << 20 };

export const CACHE_HEADER = 'x-switchyard-cache';
/** A grounded route's sources (ground-request.ts), kept with its cached answers. */
const CITATIONS_HEADER = 'x-switchyard-citations';
const ROUTE_HEADER = 'x-switchyard-route';
const HIT_NOTE = '; cache=hit';

/**
 * The exact response cache, in the pipeline's `cache` slot. For a model or route that opted in,
 * a request whose normalised body was answered before (within its TTL) is answered from the
 * store in the client's format, whole or as a stream, at no cost; anything else goes on and its
 * successful answer is stored once it has been delivered. Every answer says `x-switchyard-cache:
 * hit | miss | bypass | skip`, and the trace says why and what a hit saved. A store that fails is
 * a miss, never an error.
 */
export function cacheAnswers(deps: CacheStageDeps): CacheStage {
  const { config, clock } = deps;
  const answers = new CachedAnswers(REPLAY_BOUNDS);
  const keys = new CacheKeys();
  // An erasure, a document purge or a clear, here or on another replica sharing the store: what
  // this process keeps of the deleted entries goes now, not when a lookup next finds them gone.
  deps.store.onDeleted((deleted) => {
    if ('all' in deleted) {
      answers.clear();
      deps.semantic?.forgetAll();
      return;
    }
    for (const key of deleted.keys) answers.drop(key);
    deps.semantic?.forget(deleted.keys);
  });
  const stage: Stage = async (call, next) => {
    // Own properties only: a name like "constructor" must not find Object.prototype's.
    const rule = Object.hasOwn(config.routes, call.model) ? config.routes[call.model] : Object.hasOwn(config.routes, '*') ? config.routes['*'] : undefined;
    if (!rule) return next();
    const skip = reasonNotToCache(call, rule);
    if (skip) {
      call.decide('cache', { status: 'skip', reason: skip });
      return tagged(await next(), 'skip');
    }
    const variant = deps.variantOf ? `\u0000${await deps.variantOf(call)}` : '';
    const scope = `${deps.scopeOf?.(call) ?? ''}\u0000${sharingPartition(call, rule.shared_by ?? config.shared_by)}${variant}`;
    const source = deps.sources?.get(call.model) ?? '';
    const key = keys.of(call.model, call.input.format, call.body, scope, call.unchangedBodyText, source);
    const directive = call.input.cache;
    let storeError: string | undefined;
    let probe: SemanticProbe | undefined;
    let semanticSkipped: string | undefined;
    // An entry older than the client's `Cache-Control: max-age` is passed over, and the fresh answer replaces it.
    let stale: string | undefined;
    const servable = (entry: CachedAnswer | undefined, now: number): entry is CachedAnswer => {
      const maxAge = call.input.cacheMaxAgeMs;
      if (entry === undefined || maxAge === undefined || now - entry.meta.storedAt <= maxAge) return entry !== undefined;
      stale = `the stored answer is ${Math.floor((now - entry.meta.storedAt) / 1000)} s old, older than the client's max-age=${maxAge / 1000}`;
      return false;
    };
    if (directive === undefined) {
      const found = await lookup(deps, answers, key);
      const now = clock.now();
      if (servable(found.entry, now)) return answerFromCache(call, found.entry, now, deps.priceOf);
      storeError = found.error;
      if (rule.semantic && deps.semantic) {
        try {
          const found = await deps.semantic.probe(call, rule.semantic, scope, source);
          if (found && 'skipped' in found) semanticSkipped = found.skipped;
          else probe = found;
        } catch (error) {
          storeError = `the semantic lookup failed, treated as a miss: ${(error as Error).message}`;
        }
        if (probe?.match) {
          const similar = await lookup(deps, answers, probe.match.key);
          // Its entry is gone (expired, or erased on another replica sharing the store): so is its question.
          if (similar.entry === undefined && similar.error === undefined) probe.index.delete(probe.match.key);
          const then = clock.now();
          if (servable(similar.entry, then)) {
            const missing = unrestorableIn(deps, call, similar.entry);
            if (missing === undefined) return answerFromCache(call, similar.entry, then, deps.priceOf, probe.match.similarity);
            probe.refused = { similarity: Math.round(probe.match.similarity * 1000) / 1000, reason: missing };
          }
        }
      }
    }
    // Hooked before the call goes on: hooks run last-registered first, and a stream's cost is
    // settled by the cost stage's hook, registered on the way back; the entry must carry that cost.
    // The answer's sources, set on the outcome by a later stage (a grounded route's), stored beside it.
    let citations: string | undefined;
    let route: string | undefined;
    if (directive !== 'no-store') call.onSettled(() => {
      const stored = storeAnswer(deps, key, call, (rule.ttl_s ?? config.ttl_s) * 1000, citations, route);
      if (stored.reason === undefined && probe) probe.index.add(probe.partition, key, probe.vector, probe.facts);
      const status = storeError ? 'error' : directive === undefined ? 'miss' : 'bypass';
      const semantic = probe ? { semantic: { nearest: probe.best, ...(probe.refused ? { refused: probe.refused } : {}) } } : semanticSkipped ? { semantic: { skipped: semanticSkipped } } : {};
      // A refresh answers `bypass` like `no-store`; the reason tells the two apart on the trace.
      const refresh = directive === 'no-cache' ? { reason: 'the client asked for a fresh answer (no-cache); it replaces the stored one' } : {};
      const reason = directive === 'no-cache' ? refresh : stale ? { reason: stale } : {};
      call.decide('cache', { status, ...reason, key: key.slice(0, 16), stored: stored.reason ?? true, ...semantic, ...(storeError ? { error: storeError } : {}) });
    });
    const outcome = tagged(await next(), directive === undefined ? 'miss' : 'bypass');
    citations = outcome.headers[CITATIONS_HEADER];
    route = outcome.headers[ROUTE_HEADER];
    if (directive === 'no-store') call.decide('cache', { status: 'bypass', reason: 'the client asked not to use the cache (no-store)' });
    return outcome;
  };
  return { stage, held: () => ({ answers: answers.size, questions: deps.semantic?.size ?? 0 }) };
}

/**
 * Why another request's answer cannot serve this one, or undefined when it can: its placeholders
 * stand for that request's values (its `<EMAIL_1>` was someone's address), and this request's
 * redaction put none there, so the client would read `<EMAIL_1>` as written. An exact hit never
 * meets this: the same redacted request names the same placeholders.
 */
function unrestorableIn(deps: CacheStageDeps, call: Call, entry: CachedAnswer): string | undefined {
  const held = entry.placeholders;
  if (held.length === 0 || !deps.unrestorable) return undefined;
  const missing = deps.unrestorable(call, held);
  if (missing.length === 0) return undefined;
  const named = missing.length <= 3 ? missing.join(', ') : `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more`;
  return `the cached answer holds ${named}, which stood for a value of the request that made it; this request has none to put there`;
}

/** Why this request is not cacheable, or null. */
function reasonNotToCache(call: Call, rule: CacheRouteConfig): string | null {
  if (call.input.endpoint === 'embeddings') return 'embeddings are not cached';
  // Google's API sets it in generationConfig.
  const temperature = call.input.format === 'gemini' ? (call.body.generationConfig as { temperature?: unknown } | undefined)?.temperature : call.body.temperature;
  if (!rule.any_temperature && temperature !== 0) {
    return `temperature is ${temperature === undefined ? 'unset (the provider default, usually 1)' : JSON.stringify(temperature)}: only temperature 0 is cached unless any_temperature is set`;
  }
  if (call.body.background === true) return 'background responses are not cached';
  // A comparison run (with and without a knowledge base, say) must reach the route every time.
  if (call.input.overrides) return 'calls with per-call route overrides are not cached';
  return null;
}

/** The stored entry, if any; a store that fails is a miss with the reason kept for the trace. */
async function lookup(deps: CacheStageDeps, answers: CachedAnswers, key: string): Promise<{ entry?: CachedAnswer; error?: string }> {
  let text: string | undefined;
  try {
    text = await deps.store.get(key);
  } catch (error) {
    return { error: `the cache store failed, treated as a miss: ${(error as Error).message}` };
  }
  if (text === undefined) return {};
  const entry = answers.read(key, text);
  return entry ? { entry } : { error: 'an unreadable entry was ignored' };
}

/** A stored answer, sent as this call's; `similarity` for a semantic hit (another wording of the question). */
function answerFromCache(call: Call, entry: CachedAnswer, now: number, priceOf: CacheStageDeps['priceOf'], similarity?: number): Outcome {
  const { meta } = entry;
  call.provider = 'cache';
  call.upstreamModel = meta.upstreamModel;
  call.price = undefined;
  call.costUsd = 0;
  const semantic = similarity === undefined ? {} : { semantic: { similarity: Math.round(similarity * 1000) / 1000 } };
  // `trace`: the call whose answer this is, where its request and what it cost are traced in full.
  const origin = meta.traceId === undefined ? {} : { trace: meta.traceId };
  const price = meta.upstreamModel === null ? undefined : priceOf?.(meta.provider, meta.upstreamModel);
  // `route`: the route the answer was made on, as its miss's header said it; the Routes page counts the hit as that route's `cache` branch.
  const onRoute = meta.route === undefined ? {} : { route: meta.route };
  call.decide('cache', { status: 'hit', ...cacheSaving(entry.usage, price, meta.costUsd), provider: meta.provider, ageMs: now - meta.storedAt, ...origin, ...semantic, ...onRoute });
  const outcome = entry.answer(call);
  // The trace names the answer's trace instead of copying it (~a third of a trace's cost to write),
  // except a Responses API hit's: its answer has ids of its own.
  if (meta.traceId !== undefined && call.input.format !== 'responses') call.answerTracedOn = meta.traceId;
  if (outcome.kind === 'json') outcome.headers['x-switchyard-cost-usd'] = (0).toFixed(8);
  // RFC 9111's `Age`: how long ago the provider gave this answer, in whole seconds.
  outcome.headers.age = String(Math.max(0, Math.floor((now - meta.storedAt) / 1000)));
  if (similarity !== undefined) outcome.headers['x-switchyard-cache-similarity'] = similarity.toFixed(3);
  if (meta.citations !== undefined) outcome.headers[CITATIONS_HEADER] = meta.citations;
  // The route the answer was made on, as the miss said it (absent when the route hides it).
  if (meta.route !== undefined) outcome.headers[ROUTE_HEADER] = `${headerSafe(meta.route, MAX_ROUTE_HEADER - HIT_NOTE.length)}${HIT_NOTE}`;
  return tagged(outcome, 'hit');
}

/** Queues the delivered answer for the store; the request never waits for it. */
function storeAnswer(deps: CacheStageDeps, key: string, call: Call, ttlMs: number, citations: string | undefined, route: string | undefined): { reason?: string } {
  if (call.error || call.delivery?.status !== 200 || call.delivery.clientClosed) return { reason: 'the answer was not delivered whole' };
  if (call.notCached !== undefined) return { reason: call.notCached };
  if (call.provider === null || call.provider === 'local') return { reason: call.provider === 'local' ? 'local model answers are not cached' : 'no provider answered' };
  const completion = decodeAnswer(call.input.format, call.response);
  if (!completion) return { reason: 'the answer could not be read back' };
  const usage = call.usage === undefined ? {} : { usage: call.usage };
  const entry = encodeCacheEntry({ costUsd: call.costUsd, provider: call.provider, upstreamModel: call.upstreamModel, storedAt: deps.clock.now(), traceId: call.traceId, ...(citations === undefined ? {} : { citations }), ...(route === undefined ? {} : { route }), ...usage }, completion);
  deps.store.set(key, entry, ttlMs).catch((error: unknown) => deps.log(`cache store write failed: ${(error as Error).message}`, { level: 'warn' }));
  return {};
}

function tagged(outcome: Outcome, status: 'hit' | 'miss' | 'bypass' | 'skip'): Outcome {
  outcome.headers[CACHE_HEADER] = status;
  return outcome;
}

/**
 * The part of the key that keeps one tenant's answers from another (config `shared_by`). An
 * internal call (a judge, an embedding for retrieval) shares with the client call it serves.
 * `key` is the key's identity (`VirtualKey.id`), not its name: a config key given another secret
 * under the same name, or a runtime key made under a removed one's name, is another key, and a
 * hit would tell it what the first one asked, and when. A rotation keeps the identity, and so its
 * answers; entries stored under a name before 2026-12-06 match nothing and age out.
 */
export function sharingPartition(call: Call, sharedBy: CacheSharing): string {
  if (sharedBy === 'all') return '';
  const key = call.key ?? call.input.internal?.onBehalfOf?.key ?? null;
  if (sharedBy === 'team') return `team:${key?.team ?? ''}`;
  return `key:${key?.id ?? ''}`;
}

/**
 * The response cache and circuit-breaker sections of the config. Bounds are here, with the
 * reason for each, because both sit on the request path and face hostile input.
 */
import { z } from 'zod';
import { redisUrl } from './redis-url.js';

/** The semantic cache's built-in embedders, by the name `embed_model` gives them (before configured models). */
export const BUILT_IN_CACHE_EMBEDDERS = ['hashed-v2', 'hashed'] as const;

/**
 * Who a cached answer is served to: every caller (`all`), callers of the same team (`team`: keys
 * without a team share one partition), or the key that paid for it only (`key`). A hit, and its
 * `Age`, tell the caller that someone sent the same request and when: across teams of one gateway
 * that is one tenant learning about another's traffic, so teams do not share by default.
 */
export const CACHE_SHARING = ['all', 'team', 'key'] as const;
export type CacheSharing = (typeof CACHE_SHARING)[number];

/** How one model or route is cached. */
export const cacheRouteSchema = z.strictObject({
  /** Overrides the cache's `shared_by` for this name (`all` for answers no tenant minds sharing, such as public FAQs). */
  shared_by: z.enum(CACHE_SHARING).optional(),
  /** Seconds an answer stays servable; a day at most by default keeps stale answers bounded. */
  ttl_s: z.number().int().min(1).max(30 * 86_400).optional(),
  /**
   * Cache answers sampled at any temperature. Off by default: a request with temperature > 0
   * asks for variety, and replaying one sample would silently remove it.
   */
  any_temperature: z.boolean().optional(),
  /**
   * Also answer requests whose last user message is worded differently but means the same, by
   * embedding similarity (everything else in the request must be identical). Off unless set:
   * measured on banking77 (bench/semantic-cache.mjs, docs/cache.md), no lexical embedder reaches
   * 99% precision at any threshold, because questions of different intents often share their
   * words; a semantic embedding model should be measured the same way before it is trusted.
   */
  semantic: z
    .strictObject({
      /**
       * A configured embeddings model, or a built-in lexical one (offline, no synonyms):
       * `hashed-v2` (the default) keeps negations, question words and numbers; `hashed` is the
       * first one, which drops them, kept so existing configs behave as before.
       */
      embed_model: z.string().min(1).default('hashed-v2'),
      /** Cosine similarity a cached question needs; 0.95 lets only near-verbatim rewordings through. */
      threshold: z.number().gt(0).max(1).default(0.95),
      /**
       * Questions remembered for the route, oldest out first; each costs a vector in memory. One
       * partition (the same request but for its last user message) keeps at most 100,000 of a lexical
       * embedder's and 10,000 of an embedding model's (semantic-index.ts), so a lookup, which compares
       * every entry of its partition, stays near a millisecond.
       */
      max_entries: z.number().int().min(1).max(1_000_000).default(10_000),
    })
    .optional(),
});

export const cacheSchema = z.strictObject({
  /** `memory` is per process; `sqlite` survives restarts (one process); `redis` shares answers across replicas. */
  store: z.enum(['memory', 'sqlite', 'redis']).default('memory'),
  /** The cache's own SQLite file, for `store: sqlite` (apart from the trace store, so neither waits for the other). */
  sqlite_path: z.string().min(1).max(4096).default('.switchyard/cache.db'),
  redis_url: redisUrl().default('redis://127.0.0.1:6379'),
  /** Key prefix in Redis, so several gateways (or tests) can share one server. */
  redis_prefix: z.string().min(1).max(100).default('switchyard:cache:'),
  /** A Redis read slower than this is a miss: the cache must never make a request slower than the provider. */
  redis_timeout_ms: z.number().int().min(1).max(10_000).default(50),
  ttl_s: z.number().int().min(1).max(30 * 86_400).default(3_600),
  /** Who an answer is served to from the cache (CACHE_SHARING): teams apart unless set. */
  shared_by: z.enum(CACHE_SHARING).default('team'),
  /** Bounds for the memory and SQLite stores (least recently used, or oldest stored, go first). */
  max_entries: z.number().int().min(1).max(10_000_000).default(10_000),
  max_mb: z.number().positive().max(65_536).default(64),
  /** Larger answers are not stored: one huge answer must not evict thousands of small ones. */
  max_entry_kb: z.number().positive().max(65_536).default(256),
  /** Opt-in per model or route name; `"*"` caches every name. Names not listed are never cached. */
  routes: z.record(z.string().min(1), cacheRouteSchema).default({}),
});

export const breakerSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Consecutive failed attempts that open a target's circuit (a burst of errors from a dead target). */
  consecutive_failures: z.number().int().min(1).max(1_000).default(5),
  /** Failure share over the window that opens it (a target failing often, but not every time). */
  failure_rate: z.number().gt(0).max(1).default(0.5),
  /** The rate is judged only over at least this many attempts: two failures out of three is noise. */
  min_attempts: z.number().int().min(1).max(100_000).default(20),
  window_ms: z.number().int().min(100).max(3_600_000).default(30_000),
  /** How long an open circuit refuses before one probe is let through; doubles while probes fail. */
  open_ms: z.number().int().min(10).max(3_600_000).default(10_000),
  max_open_ms: z.number().int().min(10).max(3_600_000).default(300_000),
});

export type CacheConfig = z.output<typeof cacheSchema>;
export type CacheRouteConfig = z.output<typeof cacheRouteSchema>;
export type BreakerConfig = z.output<typeof breakerSchema>;

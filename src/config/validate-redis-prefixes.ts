import { redisKeyspace } from './redis-url.js';
import type { Config } from './schema.js';

/**
 * What follows `limits.redis_prefix` and a colon in every key the limits store writes
 * (RedisLimitStore: a key's or team's windows, spend and holds; OwedSpendPayer: paid marks).
 */
export const LIMITS_KEY_SPACES = ['key:', 'team:', 'owed-paid:'] as const;

/** Whether a key the limits store writes under `limitsPrefix` can begin with `cachePrefix`. */
export function cacheClearReachesLimits(cachePrefix: string, limitsPrefix: string): boolean {
  return LIMITS_KEY_SPACES.some((space) => {
    const sample = `${limitsPrefix}:${space}`;
    return sample.startsWith(cachePrefix) || cachePrefix.startsWith(sample);
  });
}

/**
 * The response cache and the limits may share one Redis, but the cache's prefix may not begin
 * the limits' keys: clearing the cache (`DELETE /api/cache`, the dashboard's Providers page)
 * deletes every key under its prefix and its size counts them, so the same prefix for both (the
 * README's `switchyard:replicas:$$` given to each) lost every counter, budget and hold with the cache.
 */
export function validateRedisPrefixes(config: Config): string[] {
  const { cache, limits } = config;
  // A cache with no cached name opens no Redis connection (openCacheStore).
  if (cache.store !== 'redis' || limits.store !== 'redis' || Object.keys(cache.routes).length === 0) return [];
  const where = redisKeyspace(cache.redis_url);
  if (where !== redisKeyspace(limits.redis_url) || !cacheClearReachesLimits(cache.redis_prefix, limits.redis_prefix)) return [];
  return [
    `cache.redis_prefix: "${cache.redis_prefix}" begins the keys of limits.redis_prefix "${limits.redis_prefix}" on the same Redis (${where}): clearing the cache (DELETE /api/cache, the dashboard's Providers page) deletes every key that begins with the cache's prefix, the limits' counters, budgets and holds among them; give the cache a prefix of its own, e.g. cache.redis_prefix: "${limits.redis_prefix}:cache:"`,
  ];
}

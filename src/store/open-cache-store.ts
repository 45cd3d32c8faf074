import type { CacheStore } from '../cache/cache-store.js';
import { MemoryCacheStore } from '../cache/memory-cache-store.js';
import { RedisCacheStore } from '../cache/redis-cache-store.js';
import type { CacheConfig } from '../config/cache-schema.js';
import type { Clock } from '../core/clock.js';
import { openSqliteCacheStore } from './sqlite/sqlite-cache-store.js';
import { SwitchyardError } from '../core/errors.js';
import { redactUrl } from '../core/redact-url.js';
import { redisDatabase } from '../config/redis-url.js';
import { selectNamedDatabase } from './redis-database.js';
import type { Log } from '../core/log.js';

/**
 * The configured cache store. Redis is connected lazily and keeps reconnecting: a cache that is
 * down at startup or later only turns hits into misses (reads time out after
 * `redis_timeout_ms`), it never stops the gateway.
 */
export async function openCacheStore(config: CacheConfig, clock: Clock, log: Log): Promise<CacheStore> {
  const bounds = { maxEntries: config.max_entries, maxBytes: Math.round(config.max_mb * 1024 * 1024), maxEntryBytes: Math.round(config.max_entry_kb * 1024) };
  const maxEntryBytes = bounds.maxEntryBytes;
  // Without a cached name there is nothing to keep: no file or Redis connection for an unused cache.
  if (config.store === 'memory' || Object.keys(config.routes).length === 0) return new MemoryCacheStore(clock, bounds);
  if (config.store === 'sqlite') return openSqliteCacheStore(config.sqlite_path, clock, bounds);
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redis_url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
  let reported = false;
  // The URL may hold a password: logs get it redacted, as the limits' lines do.
  redis.on('error', (error: Error) => {
    if (!reported) log(`cache: Redis at ${redactUrl(config.redis_url)} is unavailable, serving without the cache: ${error.message}`, { level: 'warn', component: 'cache' });
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  const store = new RedisCacheStore(redis, { prefix: config.redis_prefix, maxEntryBytes, timeoutMs: config.redis_timeout_ms, database: redisDatabase(config.redis_url) });
  // A database the server lacks would leave the cache in database 0 (ioredis goes on there):
  // said once, and the cache closed, so its calls are misses as in an outage.
  redis
    .connect()
    .then(() => selectNamedDatabase(redis, config.redis_url, 'cache.redis_url'))
    .catch((error: unknown) => {
      if (!(error instanceof SwitchyardError)) return;
      log(`${error.message}; serving without the cache`, { level: 'warn', component: 'cache' });
      void store.close();
    });
  return store;
}

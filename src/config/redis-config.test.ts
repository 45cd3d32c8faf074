import { describe, expect, it } from 'vitest';
import { configError } from '../test-support/config-error.js';
import { parseConfig } from './load-config.js';
import { cacheClearReachesLimits } from './validate-redis-prefixes.js';


const MODELS = 'providers: { sim: { type: openai, base_url: "http://127.0.0.1:9300/v1" } }\nmodels: { small: { provider: sim, model: gpt-4o-mini } }\n';

describe('Redis URLs in the config', () => {
  it('takes redis:// and rediss:// URLs with a database number', () => {
    for (const url of ['redis://127.0.0.1:6379', 'redis://:hunter2@10.0.0.5:6379/2', 'rediss://user:pw@cache.example:6380/0', 'redis://localhost/', '/var/run/redis/redis.sock']) {
      expect(parseConfig(`limits: { store: redis, redis_url: "${url}" }\ncache: { redis_url: "${url}" }`, 'test.yaml', {}).limits.redis_url).toBe(url);
    }
  });

  it('names a URL ioredis would have read as a Unix socket or database 0', () => {
    // Before: a connection to the socket "//127.0.0.1:6379" (connect ENOENT), or database 0 for "/cache".
    expect(configError('limits: { store: redis, redis_url: "127.0.0.1:6379" }')).toContain('limits.redis_url: expected redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], rediss://… (TLS) or a Unix socket\'s /path');
    expect(configError('limits: { store: redis, redis_url: "http://127.0.0.1:6379" }')).toContain('limits.redis_url: expected redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], rediss://… (TLS) or a Unix socket\'s /path, not a http:// URL');
    expect(configError('cache: { store: redis, redis_url: "redis://127.0.0.1:6379/cache" }')).toContain('cache.redis_url: the database after the host must be a number (redis://HOST:PORT/3), got "cache"');
  });

  it('names a database or option ioredis reads where the checks read another (helper hostile11)', () => {
    // ioredis selected database 2 and 3 here, where the start's database check and the cache-and-limits
    // prefix check read database 0; ?keyPrefix= moved every key from under the prefix check.
    expect(configError('cache: { store: redis, redis_url: "redis://127.0.0.1:6379/2/" }')).toContain('cache.redis_url: the database after the host must be a number (redis://HOST:PORT/3), got "2/"');
    expect(configError('limits: { store: redis, redis_url: "redis://127.0.0.1:6379?db=3" }')).toContain('limits.redis_url: takes no query parameters (ioredis would read them as options, ?db= and ?keyPrefix= past the checks on the database and prefix), got "?db=3"');
    expect(configError('cache: { store: redis, redis_url: "redis://127.0.0.1:6379/0?keyPrefix=x:" }')).toContain('cache.redis_url: takes no query parameters');
  });
});

describe('the cache and the limits on one Redis', () => {
  it('refuses a cache prefix that begins the limits keys, which clearing the cache would delete', () => {
    const same = `${MODELS}limits: { store: redis, redis_prefix: "sy:replicas:42" }\ncache: { store: redis, redis_prefix: "sy:replicas:42", routes: { small: {} } }\n`;
    expect(configError(same)).toContain(
      'cache.redis_prefix: "sy:replicas:42" begins the keys of limits.redis_prefix "sy:replicas:42" on the same Redis (127.0.0.1:6379, database 0): clearing the cache (DELETE /api/cache, the dashboard\'s Providers page) deletes every key that begins with the cache\'s prefix, the limits\' counters, budgets and holds among them; give the cache a prefix of its own, e.g. cache.redis_prefix: "sy:replicas:42:cache:"',
    );
    expect(configError(same.replace('"sy:replicas:42", routes', '"sy:", routes'))).toContain('cache.redis_prefix: "sy:" begins the keys of');
    expect(configError(same.replace('"sy:replicas:42", routes', '"sy:replicas:42:key:", routes'))).toContain('cache.redis_prefix: "sy:replicas:42:key:" begins the keys of');
  });

  it('takes prefixes apart, other databases or servers, and a cache that caches nothing', () => {
    const config = (cache: string, limits = 'redis_prefix: "sy:replicas:42"') => `${MODELS}limits: { store: redis, ${limits} }\ncache: { store: redis, ${cache} }\n`;
    expect(parseConfig(config('redis_prefix: "sy:replicas:42:cache:", routes: { small: {} }'), 'test.yaml', {}).cache.redis_prefix).toBe('sy:replicas:42:cache:');
    expect(parseConfig(config('redis_prefix: "sy:replicas:42", redis_url: "redis://127.0.0.1:6379/1", routes: { small: {} }'), 'test.yaml', {}).cache.store).toBe('redis');
    expect(parseConfig(config('redis_prefix: "sy:replicas:42"'), 'test.yaml', {}).cache.store).toBe('redis');
    expect(parseConfig(config('routes: { small: {} }', 'redis_prefix: "switchyard:limits"'), 'test.yaml', {}).cache.redis_prefix).toBe('switchyard:cache:');
  });

  it('reaches the limits keys exactly when a key the limits store writes begins with the cache prefix', () => {
    expect(cacheClearReachesLimits('sy', 'sy:limits')).toBe(true);
    expect(cacheClearReachesLimits('sy:limits:te', 'sy:limits')).toBe(true);
    expect(cacheClearReachesLimits('sy:limits:owed-paid:', 'sy:limits')).toBe(true);
    expect(cacheClearReachesLimits('sy:limits:cache:', 'sy:limits')).toBe(false);
    expect(cacheClearReachesLimits('sy:limits-cache:', 'sy:limits')).toBe(false);
    expect(cacheClearReachesLimits('switchyard:cache:', 'switchyard:limits')).toBe(false);
  });
});

import type { Redis } from 'ioredis';
import { SwitchyardError } from '../core/errors.js';
import type { CacheStats, CacheStore } from './cache-store.js';

export interface RedisCacheOptions {
  prefix: string;
  maxEntryBytes: number;
  /** A read slower than this rejects (the caller treats it as a miss). */
  timeoutMs: number;
}

/**
 * Cached answers in Redis, shared by every replica. Each entry is a string with its own PX
 * expiry, so Redis drops stale answers itself; total size is bounded by the server's
 * `maxmemory` policy, and each entry by `maxEntryBytes` here.
 */
export class RedisCacheStore implements CacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisCacheOptions,
  ) {}

  get(key: string): Promise<string | undefined> {
    return withTimeout(
      this.redis.get(this.options.prefix + key).then((value) => value ?? undefined),
      this.options.timeoutMs,
    );
  }

  async set(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (Buffer.byteLength(value) > this.options.maxEntryBytes) return false;
    await withTimeout(this.redis.set(this.options.prefix + key, value, 'PX', Math.max(1, Math.round(ttlMs))), this.options.timeoutMs * 4);
    return true;
  }

  async clear(): Promise<void> {
    for await (const keys of this.redis.scanStream({ match: `${escapeGlob(this.options.prefix)}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await this.redis.unlink(...keys);
    }
  }

  async deleteWhere(matches: (value: string, key: string) => boolean): Promise<number> {
    let deleted = 0;
    for await (const keys of this.redis.scanStream({ match: `${escapeGlob(this.options.prefix)}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length === 0) continue;
      const values = await this.redis.mget(...keys);
      const doomed = keys.filter((key, i) => {
        const value = values[i];
        return typeof value === 'string' && matches(value, key.slice(this.options.prefix.length));
      });
      if (doomed.length > 0) deleted += await this.redis.unlink(...doomed);
    }
    return deleted;
  }

  async stats(): Promise<CacheStats> {
    let entries = 0;
    for await (const keys of this.redis.scanStream({ match: `${escapeGlob(this.options.prefix)}*`, count: 1000 }) as AsyncIterable<string[]>) entries += keys.length;
    return { store: 'redis', entries, bytes: null, maxEntries: null, maxBytes: null, evictions: 0 };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Rejects when `promise` takes longer than `ms`; the late answer is ignored. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SwitchyardError('unavailable', `the cache store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

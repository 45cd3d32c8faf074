import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SwitchyardError } from '../core/errors.js';
import type { CacheStats, CacheStore } from './cache-store.js';
import { type DeletedEntries, type DeletedListener, DeletedListeners } from './deleted-entries.js';

export interface RedisCacheOptions {
  prefix: string;
  maxEntryBytes: number;
  /** A read slower than this rejects (the caller treats it as a miss). */
  timeoutMs: number;
  /** The server's database the entries are in (0 by default): part of the deletions' channel, as channels span databases. */
  database?: number;
}

/** Keys per deletion message: an erasure of many entries is told in messages of at most ~100 KB. */
const KEYS_PER_MESSAGE = 1_000;
/**
 * The longest deletion message heard: ten times what a store sends (1,000 keys of 64 hex). Longer
 * is no store's, and parsing it (Redis carries up to 512 MB) would hold up every request.
 */
const MAX_MESSAGE_CHARS = 1_000_000;

/**
 * Cached answers in Redis, shared by every replica. Each entry is a string with its own PX
 * expiry, so Redis drops stale answers itself; total size is bounded by the server's
 * `maxmemory` policy, and each entry by `maxEntryBytes` here.
 */
export class RedisCacheStore implements CacheStore {
  private readonly deleted = new DeletedListeners();
  /** Who this store is on the deletions' channel: it hears its own messages and skips them. */
  private readonly id = randomUUID();
  /** Where replicas sharing these entries tell one another what they deleted (pub/sub). */
  private readonly channel: string;
  /** A connection of its own for the channel (one in subscriber mode sends no other command); opened by the first listener. */
  private subscriber: Redis | undefined;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisCacheOptions,
  ) {
    this.channel = `switchyard:cache-deleted:${options.database ?? 0}:${options.prefix}`;
  }

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
    await this.tell({ all: true });
  }

  async deleteWhere(matches: (value: string, key: string) => boolean): Promise<number> {
    let deleted = 0;
    const told = new Set<string>();
    for await (const keys of this.redis.scanStream({ match: `${escapeGlob(this.options.prefix)}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length === 0) continue;
      const values = await this.redis.mget(...keys);
      const doomed = keys.filter((key, i) => {
        const value = values[i];
        return typeof value === 'string' && matches(value, key.slice(this.options.prefix.length));
      });
      if (doomed.length === 0) continue;
      deleted += await this.redis.unlink(...doomed);
      for (const key of doomed) told.add(key.slice(this.options.prefix.length));
    }
    await this.tell({ keys: told });
    return deleted;
  }

  onDeleted(listener: DeletedListener): void {
    this.deleted.add(listener);
    if (this.subscriber || this.closed) return;
    const subscriber = this.redis.duplicate({ lazyConnect: true, autoResubscribe: false, enableOfflineQueue: true });
    this.subscriber = subscriber;
    // The store's own connection says when Redis is unavailable; this one would only repeat it.
    subscriber.on('error', () => undefined);
    // On every (re)connection: a subscription made while Redis was down never took.
    subscriber.on('ready', () => void subscriber.subscribe(this.channel).catch(() => undefined));
    subscriber.on('message', (_channel: string, message: string) => this.heard(message));
    subscriber.connect().catch(() => undefined);
  }

  async stats(): Promise<CacheStats> {
    let entries = 0;
    for await (const keys of this.redis.scanStream({ match: `${escapeGlob(this.options.prefix)}*`, count: 1000 }) as AsyncIterable<string[]>) entries += keys.length;
    return { store: 'redis', entries, bytes: null, maxEntries: null, maxBytes: null, evictions: 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscriber?.disconnect();
    this.redis.disconnect();
  }

  /**
   * Tells this process's listeners what was deleted, then the other replicas'. Best effort: a
   * message Redis does not take leaves their copies to be dropped when a lookup finds them gone.
   */
  private async tell(deleted: DeletedEntries): Promise<void> {
    this.deleted.emit(deleted);
    const messages: object[] = [];
    if ('all' in deleted) messages.push({ from: this.id, all: true });
    else for (let i = 0, keys = [...deleted.keys]; i < keys.length; i += KEYS_PER_MESSAGE) messages.push({ from: this.id, keys: keys.slice(i, i + KEYS_PER_MESSAGE) });
    for (const message of messages) await withTimeout(this.redis.publish(this.channel, JSON.stringify(message)), this.options.timeoutMs * 4).catch(() => undefined);
  }

  /** A deletion another replica told: anything but its own shape is ignored (the channel is open to whoever can reach Redis). */
  private heard(message: string): void {
    if (message.length > MAX_MESSAGE_CHARS) return;
    let told: unknown;
    try {
      told = JSON.parse(message);
    } catch {
      return;
    }
    if (typeof told !== 'object' || told === null || (told as { from?: unknown }).from === this.id) return;
    if ((told as { all?: unknown }).all === true) return this.deleted.emit({ all: true });
    const keys = (told as { keys?: unknown }).keys;
    if (Array.isArray(keys)) this.deleted.emit({ keys: new Set(keys.filter((key): key is string => typeof key === 'string')) });
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

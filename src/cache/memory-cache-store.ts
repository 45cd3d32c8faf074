import type { Clock } from '../core/clock.js';
import type { CacheStats, CacheStore } from './cache-store.js';
import { type DeletedListener, DeletedListeners } from './deleted-entries.js';

export interface MemoryCacheBounds {
  maxEntries: number;
  maxBytes: number;
  maxEntryBytes: number;
}

interface Entry {
  value: string;
  bytes: number;
  expiresAt: number;
}

/**
 * An LRU cache bounded by entry count and bytes (keys counted too, UTF-16 size as held in memory):
 * hostile input can fill it but never grow it past its bounds. A Map keeps insertion order, so
 * re-inserting on read makes the first key the least recently used.
 *
 * @example const store = new MemoryCacheStore(systemClock, { maxEntries: 10_000, maxBytes: 64 << 20, maxEntryBytes: 256 << 10 });
 */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private evictions = 0;
  private readonly deleted = new DeletedListeners();

  constructor(
    private readonly clock: Clock,
    private readonly bounds: MemoryCacheBounds,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.clock.now()) {
      this.bytes -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<boolean> {
    const bytes = (key.length + value.length) * 2;
    if (bytes > this.bounds.maxEntryBytes || bytes > this.bounds.maxBytes) return false;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    this.entries.set(key, { value, bytes, expiresAt: this.clock.now() + ttlMs });
    this.bytes += bytes;
    while (this.entries.size > this.bounds.maxEntries || this.bytes > this.bounds.maxBytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldestKey);
      this.bytes -= oldest.bytes;
      this.evictions++;
    }
    return true;
  }

  async clear(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
    this.deleted.emit({ all: true });
  }

  async deleteWhere(matches: (value: string, key: string) => boolean): Promise<number> {
    const deleted = new Set<string>();
    for (const [key, entry] of this.entries) {
      if (!matches(entry.value, key)) continue;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
      deleted.add(key);
    }
    this.deleted.emit({ keys: deleted });
    return deleted.size;
  }

  onDeleted(listener: DeletedListener): void {
    this.deleted.add(listener);
  }

  async stats(): Promise<CacheStats> {
    return { store: 'memory', entries: this.entries.size, bytes: this.bytes, maxEntries: this.bounds.maxEntries, maxBytes: this.bounds.maxBytes, evictions: this.evictions };
  }

  async close(): Promise<void> {}
}

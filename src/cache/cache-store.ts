import type { DeletedListener } from './deleted-entries.js';

/**
 * Where cached answers live: a port with a memory adapter (one process) and a Redis adapter
 * (shared by replicas). Values are opaque text to the store; the gateway decides what is in them.
 */
export interface CacheStore {
  /** The entry for `key`, or undefined when absent or expired. May reject (Redis down): callers treat that as a miss. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlMs`. Entries over the store's size bound are refused silently (returns false). */
  set(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Removes every entry this store holds (its prefix only, in a shared Redis). */
  clear(): Promise<void>;
  /**
   * Removes the entries whose text `matches` (expired ones too: they are still stored) and says how
   * many: a scan of every entry, for an operator's purge (a knowledge document that must be gone
   * from the answers grounded in it), never for a request. `matches` is given each entry's key too
   * (as `get` takes it), so the caller can drop what it keeps of the entries beside the store.
   */
  deleteWhere(matches: (value: string, key: string) => boolean): Promise<number>;
  /**
   * Calls `listener` with the entries `deleteWhere` and `clear` delete, from this process and, for
   * a store replicas share (Redis), from every replica's: each then drops what it keeps in memory
   * of them. Another replica's deletions arrive shortly after theirs; one sent while this replica
   * was cut off from the store never does (its lookups still drop an entry they find gone).
   */
  onDeleted(listener: DeletedListener): void;
  /** Size and counters for the admin API. */
  stats(): Promise<CacheStats>;
  close(): Promise<void>;
}

export interface CacheStats {
  store: 'memory' | 'sqlite' | 'redis';
  entries: number;
  bytes: number | null;
  maxEntries: number | null;
  maxBytes: number | null;
  /** Entries dropped to stay inside the bounds. */
  evictions: number;
}

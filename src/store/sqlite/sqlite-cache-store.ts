import type { CacheStats, CacheStore } from '../../cache/cache-store.js';
import type { MemoryCacheBounds } from '../../cache/memory-cache-store.js';
import { type DeletedListener, DeletedListeners } from '../../cache/deleted-entries.js';
import type { Clock } from '../../core/clock.js';
import type { SqliteMigrations } from './migrations.js';
import { openDatabase, type SqliteDatabase, withSecureDelete } from './open-database.js';

export const CACHE_MIGRATIONS: SqliteMigrations = {
  feature: 'response_cache',
  steps: [
    `CREATE TABLE response_cache (
       key TEXT PRIMARY KEY,
       value TEXT NOT NULL,
       bytes INTEGER NOT NULL,
       stored_at INTEGER NOT NULL,
       expires_at INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE INDEX response_cache_stored ON response_cache (stored_at);`,
  ],
};

/**
 * Cached answers in a SQLite file of their own, so they survive a restart (one process; replicas
 * share answers through Redis). Bounded like the memory store, by entries and bytes: past a
 * bound the oldest stored entries go first (expired ones before them).
 *
 * @example const cache = openSqliteCacheStore('.switchyard/cache.db', systemClock, bounds);
 */
export class SqliteCacheStore implements CacheStore {
  private readonly statements;
  private entries: number;
  private bytes: number;
  private evictions = 0;
  private readonly deleted = new DeletedListeners();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    private readonly bounds: MemoryCacheBounds,
  ) {
    this.statements = {
      get: db.prepare('SELECT value, expires_at FROM response_cache WHERE key = ?'),
      sizeOf: db.prepare('SELECT bytes FROM response_cache WHERE key = ?'),
      put: db.prepare('INSERT OR REPLACE INTO response_cache (key, value, bytes, stored_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM response_cache WHERE key = ?'),
      oldest: db.prepare('SELECT key, bytes FROM response_cache ORDER BY (expires_at > ?), stored_at LIMIT ?'),
      totals: db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM response_cache'),
      clear: db.prepare('DELETE FROM response_cache'),
      scan: db.prepare('SELECT key, value FROM response_cache'),
    };
    const totals = this.statements.totals.get() as { n: number; b: number };
    this.entries = totals.n;
    this.bytes = totals.b;
  }

  async get(key: string): Promise<string | undefined> {
    const row = this.statements.get.get(key) as { value: string; expires_at: number } | undefined;
    if (!row) return undefined;
    if (row.expires_at > this.clock.now()) return row.value;
    this.drop(key);
    return undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<boolean> {
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
    if (bytes > this.bounds.maxEntryBytes || bytes > this.bounds.maxBytes) return false;
    const now = this.clock.now();
    this.db.transaction(() => {
      const old = this.statements.sizeOf.get(key) as { bytes: number } | undefined;
      if (old) {
        this.entries--;
        this.bytes -= old.bytes;
      }
      this.statements.put.run(key, value, bytes, now, now + ttlMs);
      this.entries++;
      this.bytes += bytes;
      while (this.entries > this.bounds.maxEntries || this.bytes > this.bounds.maxBytes) {
        const victims = this.statements.oldest.all(now, 64) as { key: string; bytes: number }[];
        if (victims.length === 0) break;
        for (const victim of victims) {
          if (this.entries <= this.bounds.maxEntries && this.bytes <= this.bounds.maxBytes) break;
          this.statements.remove.run(victim.key);
          this.entries--;
          this.bytes -= victim.bytes;
          this.evictions++;
        }
      }
    })();
    return true;
  }

  async clear(): Promise<void> {
    this.statements.clear.run();
    this.entries = 0;
    this.bytes = 0;
    this.deleted.emit({ all: true });
  }

  async deleteWhere(matches: (value: string, key: string) => boolean): Promise<number> {
    const doomed: string[] = [];
    for (const row of this.statements.scan.iterate() as IterableIterator<{ key: string; value: string }>) if (matches(row.value, row.key)) doomed.push(row.key);
    // A purge: the deleted answers' bytes are zeroed in the file, not left in free space.
    withSecureDelete(this.db, () =>
      this.db.transaction(() => {
        for (const key of doomed) this.drop(key);
      })(),
    );
    this.deleted.emit({ keys: new Set(doomed) });
    return doomed.length;
  }

  onDeleted(listener: DeletedListener): void {
    this.deleted.add(listener);
  }

  async stats(): Promise<CacheStats> {
    return { store: 'sqlite', entries: this.entries, bytes: this.bytes, maxEntries: this.bounds.maxEntries, maxBytes: this.bounds.maxBytes, evictions: this.evictions };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private drop(key: string): void {
    const old = this.statements.sizeOf.get(key) as { bytes: number } | undefined;
    if (!old) return;
    this.statements.remove.run(key);
    this.entries--;
    this.bytes -= old.bytes;
  }
}

/** Opens (creating if needed) the cache file. */
export function openSqliteCacheStore(path: string, clock: Clock, bounds: MemoryCacheBounds): SqliteCacheStore {
  return new SqliteCacheStore(openDatabase(path, [CACHE_MIGRATIONS]), clock, bounds);
}

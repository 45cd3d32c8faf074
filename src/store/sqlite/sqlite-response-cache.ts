import type { ResponseCache } from '../../evals/store/response-cache.js';
import { type SqliteDatabase, withSecureDelete } from './open-database.js';

/**
 * Model answers by request hash, in the eval tables of the SQLite file.
 *
 * @example const cache = new SqliteResponseCache(db); await cache.put(key, answer); await cache.get(key);
 */
export class SqliteResponseCache implements ResponseCache {
  private readonly getStatement;
  private readonly putStatement;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.getStatement = db.prepare('SELECT value FROM eval_cache WHERE key = ?');
    this.putStatement = db.prepare('INSERT OR REPLACE INTO eval_cache (key, value, created_at) VALUES (?, ?, ?)');
  }

  async get<T>(key: string): Promise<T | undefined> {
    const row = this.getStatement.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async put(key: string, value: unknown): Promise<void> {
    this.putStatement.run(key, JSON.stringify(value ?? null), this.now());
  }

  async forgetTraces(traceIds: readonly string[], dryRun = false): Promise<number> {
    if (dryRun) return (this.db.prepare("SELECT count(*) AS n FROM eval_cache WHERE instr(value, '\"traceId\"') > 0 AND value ->> '$.traceId' IN (SELECT value FROM json_each(?))").get(JSON.stringify(traceIds)) as { n: number }).n;
    return withSecureDelete(this.db, () => this.db.prepare("DELETE FROM eval_cache WHERE instr(value, '\"traceId\"') > 0 AND value ->> '$.traceId' IN (SELECT value FROM json_each(?))").run(JSON.stringify(traceIds)).changes);
  }
}

import type { SqliteDatabase } from '../../store/sqlite/open-database.js';

/**
 * Model answers by request hash, in the eval tables: a re-run of a suite reads finished answers
 * from here instead of paying for them again.
 */
export class ResponseCache {
  private readonly getStatement;
  private readonly putStatement;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.getStatement = db.prepare('SELECT value FROM eval_cache WHERE key = ?');
    this.putStatement = db.prepare('INSERT OR REPLACE INTO eval_cache (key, value, created_at) VALUES (?, ?, ?)');
  }

  /** @example cache.get<ChatResult>(key)?.text */
  get<T>(key: string): T | undefined {
    const row = this.getStatement.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  put(key: string, value: unknown): void {
    this.putStatement.run(key, JSON.stringify(value), this.now());
  }
}

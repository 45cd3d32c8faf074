import type { ResponseCache } from '../../evals/store/response-cache.js';
import type { PgPool } from './connect.js';
import { jsonb, pgText } from './pg-values.js';

/**
 * Model answers by request hash, in PostgreSQL: replicas and CI runners share what was paid for.
 *
 * @example const cache = new PgResponseCache(pool); await cache.put(key, answer); await cache.get(key);
 */
export class PgResponseCache implements ResponseCache {
  constructor(
    private readonly pool: PgPool,
    private readonly now: () => number = Date.now,
  ) {}

  async forgetTraces(traceIds: readonly string[], dryRun = false): Promise<number> {
    const ids = [traceIds.map((id) => pgText(id))];
    if (dryRun) return Number((await this.pool.query<{ n: string }>("SELECT count(*) AS n FROM eval_cache WHERE value ->> 'traceId' = ANY($1::text[])", ids)).rows[0]?.n ?? 0);
    const result = await this.pool.query("DELETE FROM eval_cache WHERE value ->> 'traceId' = ANY($1::text[])", ids);
    return result.rowCount ?? 0;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const { rows } = await this.pool.query<{ value: T }>('SELECT value FROM eval_cache WHERE key = $1', [pgText(key)]);
    return rows[0]?.value;
  }

  async put(key: string, value: unknown): Promise<void> {
    await this.pool.query('INSERT INTO eval_cache (key, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at', [
      pgText(key),
      jsonb(value) ?? 'null',
      this.now(),
    ]);
  }
}

import type { OwedSpend, OwedSpendStore } from '../../limits/owed-spend.js';
import { type OwedSpendRow, owedSpendFromRow } from '../rows/owed-spend-rows.js';
import type { PgPool } from './connect.js';
import type { PostgresMigrations } from './migrate.js';
import { pgText } from './pg-values.js';

/** Spend owed to budgets in Redis by calls served while Redis was unreachable, until it is paid. */
export const OWED_SPEND_TABLES: PostgresMigrations = {
  feature: 'owed_spend',
  steps: [
    `CREATE TABLE owed_spend (
       id TEXT COLLATE "C" PRIMARY KEY,
       prefix TEXT COLLATE "C" NOT NULL,
       spend_key TEXT NOT NULL,
       ttl_ms BIGINT NOT NULL,
       usd DOUBLE PRECISION NOT NULL,
       created_at BIGINT NOT NULL
     );
     CREATE INDEX owed_spend_due ON owed_spend (prefix, created_at, id);`,
    // The hold a call admitted before the outage keeps until its cost is paid.
    `ALTER TABLE owed_spend ADD COLUMN held_key TEXT;
     ALTER TABLE owed_spend ADD COLUMN held_member TEXT;`,
  ],
};

/**
 * Owed spend in PostgreSQL: whichever replica sees Redis back first pays what any replica owed.
 *
 * @example const owed = new PgOwedSpendStore(pool);
 */
export class PgOwedSpendStore implements OwedSpendStore {
  constructor(private readonly pool: PgPool) {}

  async add(debts: readonly OwedSpend[]): Promise<void> {
    if (debts.length === 0) return;
    // One statement for the batch: every debt is kept, or none is.
    await this.pool.query(
      `INSERT INTO owed_spend (id, prefix, spend_key, ttl_ms, usd, held_key, held_member, created_at)
       SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[], $6::text[], $7::text[], $8::bigint[])
       ON CONFLICT (id) DO NOTHING`,
      [
        debts.map((d) => d.id),
        debts.map((d) => pgText(d.prefix)),
        debts.map((d) => pgText(d.spendKey)),
        debts.map((d) => d.ttlMs),
        debts.map((d) => d.usd),
        debts.map((d) => (d.hold ? pgText(d.hold.key) : null)),
        debts.map((d) => (d.hold ? pgText(d.hold.member) : null)),
        debts.map((d) => d.createdAt),
      ],
    );
  }

  async due(prefix: string, limit: number): Promise<OwedSpend[]> {
    const { rows } = await this.pool.query<OwedSpendRow>('SELECT * FROM owed_spend WHERE prefix = $1 ORDER BY created_at, id LIMIT $2', [pgText(prefix), limit]);
    return rows.map(owedSpendFromRow);
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.pool.query('DELETE FROM owed_spend WHERE id = ANY($1::text[])', [[...ids]]);
  }
}

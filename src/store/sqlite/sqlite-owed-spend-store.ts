import type { OwedSpend, OwedSpendStore } from '../../limits/owed-spend.js';
import { type OwedSpendRow, owedSpendFromRow } from '../rows/owed-spend-rows.js';
import type { SqliteMigrations } from './migrations.js';
import type { SqliteDatabase } from './open-database.js';

/** Spend owed to budgets in Redis by calls served while Redis was unreachable, until it is paid. */
export const OWED_SPEND_MIGRATIONS: SqliteMigrations = {
  feature: 'owed_spend',
  steps: [
    `CREATE TABLE owed_spend (
       id TEXT PRIMARY KEY,
       prefix TEXT NOT NULL,
       spend_key TEXT NOT NULL,
       ttl_ms INTEGER NOT NULL,
       usd REAL NOT NULL,
       created_at INTEGER NOT NULL
     );
     CREATE INDEX owed_spend_due ON owed_spend (prefix, created_at, id);`,
    // The hold a call admitted before the outage keeps until its cost is paid.
    `ALTER TABLE owed_spend ADD COLUMN held_key TEXT;
     ALTER TABLE owed_spend ADD COLUMN held_member TEXT;`,
  ],
};

/**
 * Owed spend in the gateway's SQLite file: every replica on the file can pay what another owed.
 *
 * @example const owed = new SqliteOwedSpendStore(db);
 */
export class SqliteOwedSpendStore implements OwedSpendStore {
  private readonly statements;
  private readonly addAll;
  private readonly removeAll;

  constructor(db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare('INSERT OR IGNORE INTO owed_spend (id, prefix, spend_key, ttl_ms, usd, held_key, held_member, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      due: db.prepare('SELECT * FROM owed_spend WHERE prefix = ? ORDER BY created_at, id LIMIT ?'),
      remove: db.prepare('DELETE FROM owed_spend WHERE id = ?'),
    };
    this.addAll = db.transaction((debts: readonly OwedSpend[]) => {
      for (const d of debts) this.statements.insert.run(d.id, d.prefix, d.spendKey, d.ttlMs, d.usd, d.hold?.key ?? null, d.hold?.member ?? null, d.createdAt);
    });
    this.removeAll = db.transaction((ids: readonly string[]) => {
      for (const id of ids) this.statements.remove.run(id);
    });
  }

  async add(debts: readonly OwedSpend[]): Promise<void> {
    if (debts.length > 0) this.addAll(debts);
  }

  async due(prefix: string, limit: number): Promise<OwedSpend[]> {
    return (this.statements.due.all(prefix, limit) as OwedSpendRow[]).map(owedSpendFromRow);
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) this.removeAll(ids);
  }
}

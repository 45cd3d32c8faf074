import { migrationFailed } from '../migration-failed.js';
import type { AppliedMigration } from '../stores.js';
import type { PgPool } from './connect.js';

/**
 * A feature's schema steps for PostgreSQL, as for SQLite: append only, each applied once and
 * recorded as (feature, version) in `schema_migrations`.
 */
export interface PostgresMigrations {
  feature: string;
  steps: readonly string[];
}

/**
 * Creates the schema if needed and applies every step not yet recorded, each in its own
 * transaction. An advisory lock makes replicas that start together take turns, so each step
 * runs exactly once.
 *
 * @example const applied = await migratePostgres(pool, 'public', [TRACE_TABLES, ROLLUP_TABLES]);
 */
export async function migratePostgres(pool: PgPool, schema: string, features: readonly PostgresMigrations[]): Promise<AppliedMigration[]> {
  const applied: AppliedMigration[] = [];
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`switchyard-migrate:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        feature TEXT NOT NULL, version INTEGER NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (feature, version))`);
      const done = await client.query<{ feature: string; version: number }>('SELECT feature, MAX(version) AS version FROM schema_migrations GROUP BY feature');
      const current = new Map(done.rows.map((r) => [r.feature, r.version]));
      for (const { feature, steps } of features) {
        for (let version = current.get(feature) ?? 0; version < steps.length; version++) {
          await client.query('BEGIN; SET LOCAL synchronous_commit TO on');
          try {
            await client.query(steps[version] as string);
            await client.query('INSERT INTO schema_migrations (feature, version, applied_at) VALUES ($1, $2, $3)', [feature, version + 1, Date.now()]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw migrationFailed({ feature, step: version + 1, steps: steps.length, where: `PostgreSQL schema "${schema}"` }, error);
          }
          applied.push({ feature, version: version + 1 });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`switchyard-migrate:${schema}`]);
    }
  } finally {
    client.release();
  }
  return applied;
}


import { describe, expect, it } from 'vitest';
import { migratePostgres } from '../postgres/migrate.js';
import { REVIEW_TABLES } from '../postgres/pg-schema.js';
import { scratchSchema } from './scratch-schema.js';

// The SQLite side is in src/store/sqlite/open-database.test.ts: the same message, naming the file.
describe('PostgreSQL: a schema step that fails', () => {
  const scratch = scratchSchema();

  it('names the feature, the step, the schema and what to do, keeps nothing of the step, and leaves the lock free', async () => {
    const pool = await scratch.open();
    const steps = REVIEW_TABLES.steps.length;
    const claims = REVIEW_TABLES.steps.findIndex((step) => step.includes('CREATE TABLE review_claims')) + 1;
    await migratePostgres(pool, scratch.schema, [{ feature: REVIEW_TABLES.feature, steps: REVIEW_TABLES.steps.slice(0, claims - 1) }]);
    // What a development branch's step could have left: the table the holds' step creates.
    await pool.query('CREATE TABLE review_claims (item_id TEXT)');
    const failure = await migratePostgres(pool, scratch.schema, [REVIEW_TABLES]).then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );
    expect(failure?.code).toBe('internal');
    expect(failure?.message).toContain(`the review schema's step ${claims} of ${steps} failed on PostgreSQL schema "${scratch.schema}": relation "review_claims" already exists; nothing of that step was kept (schema_migrations still records review v${claims - 1})`);
    expect(failure?.message).toContain('open the database with the build that last migrated it, or restore it from a backup');
    const recorded = await pool.query<{ version: number }>("SELECT MAX(version) AS version FROM schema_migrations WHERE feature = 'review'");
    expect(recorded.rows[0]?.version).toBe(claims - 1);
    // The advisory lock was let go: once the stray table is gone, migrating again succeeds.
    await pool.query('DROP TABLE review_claims');
    expect((await migratePostgres(pool, scratch.schema, [REVIEW_TABLES])).map((m) => m.version)).toEqual(Array.from({ length: steps - claims + 1 }, (_, i) => claims + i));
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../postgres/migrate.js';
import { REVIEW_TABLES } from '../postgres/pg-schema.js';
import { PgReviewStore } from '../postgres/pg-review-store.js';
import { openDatabase } from '../sqlite/open-database.js';
import { openSqliteStores } from '../sqlite/open-sqlite-stores.js';
import { REVIEW_MIGRATIONS } from '../sqlite/review-migrations.js';
import { scratchSchema } from './scratch-schema.js';

// A store made before rule names had a unique index may hold two rules of one name (two replicas
// that each checked, then saved). The migration keeps every rule, and what each one samples: the
// oldest keeps the name, each later one is renamed "NAME (ID)", so the index can be built and the
// review page tells them apart. A rule id is unique, so a renamed name is too.

const BEFORE_INDEX = 3; // review steps shipped before the name index
const rules = [
  ['rule_old', 'all support', 1],
  ['rule_dup1', 'all support', 2],
  ['rule_other', 'billing', 3],
  ['rule_dup2', 'all support', 3],
] as const;
const migrated = [
  ['rule_old', 'all support'],
  ['rule_dup1', 'all support (rule_dup1)'],
  ['rule_other', 'billing'],
  ['rule_dup2', 'all support (rule_dup2)'],
];

describe('SQLite: the unique index on rule names, added to a file that holds two rules of one name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-rule-names-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renames every later duplicate after its id, keeps them all, and refuses a new duplicate', async () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path, [{ feature: REVIEW_MIGRATIONS.feature, steps: REVIEW_MIGRATIONS.steps.slice(0, BEFORE_INDEX) }]);
    for (const [id, name, createdAt] of rules) old.prepare(`INSERT INTO review_rules VALUES (?, ?, 0.5, '{}', 1, 1, ?)`).run(id, name, createdAt);
    old.close();
    const stores = openSqliteStores(path);
    try {
      expect((await stores.reviews.listRules()).map((r) => [r.id, r.name])).toEqual(migrated);
      await expect(stores.reviews.saveRule({ id: 'rule_new', name: 'billing', rate: 1, match: {}, reviewsWanted: 1, enabled: true, createdAt: 4 })).rejects.toMatchObject({ status: 409, param: 'name' });
    } finally {
      await stores.close();
    }
  });
});

describe('PostgreSQL: the unique index on rule names, added to a table that holds two rules of one name', () => {
  const scratch = scratchSchema();

  it('renames every later duplicate after its id, keeps them all, and refuses a new duplicate', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, scratch.schema, [{ feature: REVIEW_TABLES.feature, steps: REVIEW_TABLES.steps.slice(0, BEFORE_INDEX) }]);
    for (const [id, name, createdAt] of rules) {
      await pool.query(`INSERT INTO review_rules (id, name, rate, match, reviews_wanted, enabled, created_at) VALUES ($1, $2, 0.5, '{}', 1, true, $3)`, [id, name, createdAt]);
    }
    await migratePostgres(pool, scratch.schema, [REVIEW_TABLES]);
    const store = new PgReviewStore(pool);
    expect((await store.listRules()).map((r) => [r.id, r.name])).toEqual(migrated);
    await expect(store.saveRule({ id: 'rule_new', name: 'billing', rate: 1, match: {}, reviewsWanted: 1, enabled: true, createdAt: 4 })).rejects.toMatchObject({ status: 409, param: 'name' });
  });
});

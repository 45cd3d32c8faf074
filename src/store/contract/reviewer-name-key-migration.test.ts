import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewerStore } from '../../review/reviewer-store.js';
import { migratePostgres } from '../postgres/migrate.js';
import { PgReviewerStore, REVIEWER_TABLES } from '../postgres/pg-reviewer-store.js';
import { openDatabase } from '../sqlite/open-database.js';
import { openSqliteStores } from '../sqlite/open-sqlite-stores.js';
import { REVIEWER_MIGRATIONS } from '../sqlite/sqlite-reviewer-store.js';
import { scratchSchema } from './scratch-schema.js';

// Accounts made before the name as read was kept under a unique index, two of which read alike
// ("Ana", made first, and "ana", when nothing refused it): both stay, and sign in as before; the
// older holds the name, so no third one reading alike can be added, nor one racing.

const ROWS: [string, number][] = [
  ['ana', 2],
  ['Ana', 1],
  ['bo', 3],
];

async function checkUpgraded(store: ReviewerStore): Promise<void> {
  expect((await store.list()).map((r) => [r.name, r.rotatedAt])).toEqual([
    ['Ana', null],
    ['ana', null],
    ['bo', null],
  ]);
  expect(await store.byHash('hash-ana')).toMatchObject({ name: 'ana', revokedAt: null });
  await expect(store.create({ name: 'ANA', hash: 'h-new', prefix: 'sk-rv-x', createdAt: 9, createdBy: 'admin' })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('reads as reviewer "Ana"') });
  await expect(store.create({ name: 'BO', hash: 'h-bo', prefix: 'sk-rv-x', createdAt: 9, createdBy: 'admin' })).rejects.toMatchObject({ status: 409 });
  expect(await store.create({ name: 'cy', hash: 'h-cy', prefix: 'sk-rv-x', createdAt: 9, createdBy: 'admin' })).toMatchObject({ name: 'cy' });
  expect(await store.rotate('ana', { hash: 'hash-ana-2', prefix: 'sk-rv-y' }, 10, 'admin')).toMatchObject({ name: 'ana', rotatedAt: 10 });
}

describe('SQLite: reviewer accounts made before the name-as-read index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-reviewer-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps both of two that read alike, the older holding the name', async () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path, [{ feature: REVIEWER_MIGRATIONS.feature, steps: REVIEWER_MIGRATIONS.steps.slice(0, 1) }]);
    for (const [name, createdAt] of ROWS) old.prepare('INSERT INTO reviewer_accounts (name, hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(name, `hash-${name}`, 'sk-rv-ab12', createdAt, 'admin');
    old.close();
    const stores = openSqliteStores(path);
    try {
      expect(stores.db.prepare('SELECT name, name_key FROM reviewer_accounts ORDER BY created_at').all()).toEqual([
        { name: 'Ana', name_key: 'ana' },
        { name: 'ana', name_key: null },
        { name: 'bo', name_key: 'bo' },
      ]);
      await checkUpgraded(stores.reviewers);
    } finally {
      await stores.close();
    }
  });
});

describe('PostgreSQL: reviewer accounts made before the name-as-read index', () => {
  const scratch = scratchSchema();

  it('keeps both of two that read alike, the older holding the name', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, scratch.schema, [{ feature: REVIEWER_TABLES.feature, steps: REVIEWER_TABLES.steps.slice(0, 1) }]);
    for (const [name, createdAt] of ROWS) await pool.query('INSERT INTO reviewer_accounts (name, hash, prefix, created_at, created_by) VALUES ($1, $2, $3, $4, $5)', [name, `hash-${name}`, 'sk-rv-ab12', createdAt, 'admin']);
    await migratePostgres(pool, scratch.schema, [REVIEWER_TABLES]);
    const { rows } = await pool.query('SELECT name, name_key FROM reviewer_accounts ORDER BY created_at');
    expect(rows).toEqual([
      { name: 'Ana', name_key: 'ana' },
      { name: 'ana', name_key: null },
      { name: 'bo', name_key: 'bo' },
    ]);
    await checkUpgraded(new PgReviewerStore(pool));
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewStore } from '../../review/review-store.js';
import { migratePostgres } from '../postgres/migrate.js';
import { PgReviewStore } from '../postgres/pg-review-store.js';
import { REVIEW_TABLES } from '../postgres/pg-schema.js';
import { openDatabase } from '../sqlite/open-database.js';
import { SqliteReviewStore } from '../sqlite/sqlite-review-store.js';
import { REVIEW_MIGRATIONS } from '../sqlite/review-migrations.js';
import { scratchSchema } from './scratch-schema.js';

// A store made before a trace had one open item may hold several open items of one trace (a
// flag, a rule's sample and a thumbs-down each made one). The migration keeps the oldest, gives it
// every reason, the most urgent source, the most reviews wanted and each reviewer's first review,
// hold and skip; the others are kept as superseded, with any review that could not move.

const BEFORE = REVIEW_MIGRATIONS.steps.length - 1;
const FAR = 4_000_000_000_000;
type Exec = (sql: string, params: unknown[]) => Promise<void>;
type Read = (sql: string) => Promise<Record<string, unknown>[]>;

/** The duplicates, written as the old code did. */
async function seed(exec: Exec): Promise<void> {
  await exec(`INSERT INTO review_rules (id, name, rate, match, reviews_wanted, enabled, created_at) VALUES ('rule_a', 'all support', 1, '{}', 1, ${'$1'}, 1)`, [true]);
  const item = `INSERT INTO review_items (id, trace_id, source, reason, rule_id, priority, reviews_wanted, review_count, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
  await exec(item, ['ri_1', 'tr_dup', 'sample', 'sampled by rule "all support" (100%)', 'rule_a', 2, 1, 0, 'open', 1]);
  await exec(item, ['ri_2', 'tr_dup', 'flag', 'guard: card number', null, 0, 2, 1, 'open', 2]);
  await exec(item, ['ri_3', 'tr_dup', 'feedback', 'thumbs down', null, 0, 1, 0, 'open', 3]);
  await exec(item, ['ri_4', 'tr_dup', 'manual', 'looked odd', null, 1, 3, 2, 'open', 4]);
  await exec(item, ['ri_5', 'tr_single', 'sample', 'sampled', null, 2, 1, 0, 'open', 5]);
  const review = 'INSERT INTO reviews (id, item_id, trace_id, reviewer, score, pass, corrected, comment, created_at) VALUES ($1, $2, $3, $4, $5, NULL, NULL, NULL, $6)';
  await exec(review, ['rv_1', 'ri_2', 'tr_dup', 'ana', 4, 10]);
  await exec(review, ['rv_2', 'ri_4', 'tr_dup', 'ana', 2, 11]); // ana reviewed two duplicates: the first moves, this one stays
  await exec(review, ['rv_3', 'ri_4', 'tr_dup', 'bo', 3, 12]);
  const claim = 'INSERT INTO review_claims (item_id, reviewer, until) VALUES ($1, $2, $3)';
  await exec(claim, ['ri_1', 'cy', 100]);
  await exec(claim, ['ri_3', 'cy', FAR]);
  await exec(claim, ['ri_2', 'dan', FAR]);
  const skip = 'INSERT INTO review_skips (item_id, reviewer, at) VALUES ($1, $2, $3)';
  await exec(skip, ['ri_3', 'eve', 30]);
  await exec(skip, ['ri_2', 'eve', 20]);
}

async function expectMerged(reviews: ReviewStore, read: Read): Promise<void> {
  const { items } = await reviews.forTrace('tr_dup');
  expect(items.map((i) => [i.id, i.status, i.source, i.reviewsWanted, i.reviewCount])).toEqual([
    ['ri_1', 'open', 'flag', 3, 2],
    ['ri_2', 'superseded', 'flag', 2, 0],
    ['ri_3', 'superseded', 'feedback', 1, 0],
    ['ri_4', 'superseded', 'manual', 3, 1],
  ]);
  expect(items[0]?.reason).toBe('guard: card number');
  expect(items[0]?.reasons.map((r) => [r.kind, r.origin, r.detail])).toEqual([
    ['sample', 'all support', 'sampled by rule "all support" (100%)'],
    ['flag', null, 'guard: card number'],
    ['feedback', null, 'thumbs down'],
    ['manual', null, 'looked odd'],
  ]);
  expect((await reviews.reviewsOf('ri_1')).map((r) => [r.id, r.reviewer])).toEqual([
    ['rv_1', 'ana'],
    ['rv_3', 'bo'],
  ]);
  expect((await reviews.reviewsOf('ri_4')).map((r) => r.id)).toEqual(['rv_2']);
  expect((await read('SELECT item_id, reviewer, until FROM review_claims ORDER BY reviewer')).map((r) => [r.item_id, r.reviewer, Number(r.until)])).toEqual([
    ['ri_1', 'cy', FAR],
    ['ri_1', 'dan', FAR],
  ]);
  expect((await read('SELECT item_id, reviewer, at FROM review_skips')).map((r) => [r.item_id, r.reviewer, Number(r.at)])).toEqual([['ri_1', 'eve', 20]]);
  // Counted once; a new reason joins the kept item; the single item is as it was.
  const stats = await reviews.stats();
  expect([stats.open.flag, stats.open.feedback, stats.open.manual, stats.open.sample]).toEqual([1, 0, 0, 1]);
  expect(await reviews.enqueueSampled([{ traceId: 'tr_dup', source: 'sample', reason: 'sampled by rule "b" (5%)' }])).toBe(0);
  expect((await reviews.getItem('ri_1'))?.reasonCount).toBe(5);
  expect((await reviews.forTrace('tr_single')).items.map((i) => [i.id, i.status, i.reasonCount])).toEqual([['ri_5', 'open', 1]]);
}

describe('SQLite: one open item per trace, on a file that holds several open items of one trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-open-items-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('merges them into the oldest, keeping every reason, review, hold and skip', async () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path, [{ feature: REVIEW_MIGRATIONS.feature, steps: REVIEW_MIGRATIONS.steps.slice(0, BEFORE) }]);
    await seed(async (sql, params) => {
      old.prepare(sql.replace(/\$\d+/g, '?')).run(...params.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
    });
    old.close();
    const db = openDatabase(path, [REVIEW_MIGRATIONS]);
    try {
      await expectMerged(new SqliteReviewStore(db), async (sql) => db.prepare(sql).all() as Record<string, unknown>[]);
    } finally {
      db.close();
    }
  });
});

describe('PostgreSQL: one open item per trace, on a schema that holds several open items of one trace', () => {
  const scratch = scratchSchema();

  it('merges them into the oldest, keeping every reason, review, hold and skip', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, scratch.schema, [{ feature: REVIEW_TABLES.feature, steps: REVIEW_TABLES.steps.slice(0, BEFORE) }]);
    await seed(async (sql, params) => void (await pool.query(sql, params)));
    await migratePostgres(pool, scratch.schema, [REVIEW_TABLES]);
    await expectMerged(new PgReviewStore(pool), async (sql) => (await pool.query(sql)).rows);
  });
});

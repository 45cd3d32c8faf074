import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './open-database.js';
import { REVIEW_MIGRATIONS } from './review-migrations.js';
import { SqliteReviewStore } from './sqlite-review-store.js';

/** SQLite's `synchronous` levels: NORMAL skips the fsync at each WAL commit, FULL does it. */
const NORMAL = 1;
const FULL = 2;

/**
 * Wraps the database so every write statement records the `synchronous` level it ran under:
 * a write that runs (and commits, in the same synchronous call) at FULL was fsynced before the
 * store's promise resolved, so before the API's 201.
 */
function recordingSync(db: SqliteDatabase) {
  const writes: { sql: string; sync: number }[] = [];
  const level = () => db.pragma('synchronous', { simple: true }) as number;
  const proxy = new Proxy(db, {
    get(target, name) {
      if (name === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!/^\s*(INSERT|UPDATE|DELETE)/i.test(sql)) return statement;
          return new Proxy(statement, {
            get(s, prop) {
              if (prop === 'run') return (...args: unknown[]) => {
                writes.push({ sql: sql.trim().split(/\s+/).slice(0, 3).join(' '), sync: level() });
                return (s.run as (...a: unknown[]) => unknown)(...args);
              };
              const value = Reflect.get(s, prop) as unknown;
              return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(s) : value;
            },
          }) as Statement;
        };
      }
      const value = Reflect.get(target, name) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, writes, level };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-review-sync-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteReviewStore durability', () => {
  it('writes feedback, reviews and queued items at synchronous = FULL, then goes back to NORMAL', async () => {
    const real = openDatabase(join(dir, 'sy.db'), [REVIEW_MIGRATIONS]);
    const { db, writes, level } = recordingSync(real);
    const reviews = new SqliteReviewStore(db);
    expect(level()).toBe(NORMAL);

    await reviews.addFeedback({ traceId: 'tr_1', keyName: null, score: 1, thumbs: null, comment: null, corrected: null });
    expect(writes.map((w) => w.sql)).toEqual(['INSERT INTO feedback', 'INSERT INTO review_items', 'INSERT INTO review_reasons']);
    expect(level()).toBe(NORMAL);

    const [item] = await reviews.enqueue([{ traceId: 'tr_2', source: 'manual', reason: 'look' }]);
    await reviews.addReview(item?.id as string, 'ana', { score: 4, pass: true, corrected: null, comment: null });
    expect(level()).toBe(NORMAL);
    await reviews.saveRule({ id: 'r1', name: 'all', rate: 1, match: {}, reviewsWanted: 1, enabled: true, createdAt: 1 });
    expect(await reviews.removeReview(item?.id as string, 'ana')).toBe(true); // an undo is as durable as the review
    expect(level()).toBe(NORMAL);

    expect(writes.map((w) => w.sql)).toEqual([
      'INSERT INTO feedback',
      'INSERT INTO review_items',
      'INSERT INTO review_reasons', // why it is queued
      'INSERT INTO review_items',
      'INSERT INTO review_reasons',
      'INSERT INTO reviews',
      'UPDATE review_items SET',
      'DELETE FROM review_claims', // the reviewer's hold ends with the review
      'INSERT INTO review_rules',
      'DELETE FROM reviews',
      'UPDATE review_items SET',
    ]);
    for (const write of writes) expect(write.sync, write.sql).toBe(FULL);
    expect(level()).toBe(NORMAL);
    real.close();
  });

  it('queues sampled items at NORMAL, as the traces they come from are written', async () => {
    const real = openDatabase(join(dir, 'sy.db'), [REVIEW_MIGRATIONS]);
    const { db, writes } = recordingSync(real);
    const reviews = new SqliteReviewStore(db);
    expect(await reviews.enqueueSampled([{ traceId: 'tr_3', source: 'sample', reason: 'rule' }])).toBe(1);
    expect(writes).toEqual([
      { sql: 'INSERT INTO review_items', sync: NORMAL },
      { sql: 'INSERT INTO review_reasons', sync: NORMAL },
    ]);
    real.close();
  });

  it('goes back to NORMAL even when a durable write fails', async () => {
    const real = openDatabase(join(dir, 'sy.db'), [REVIEW_MIGRATIONS]);
    const reviews = new SqliteReviewStore(real);
    await expect(reviews.addReview('ri_missing', 'ana', { score: 1, pass: null, corrected: null, comment: null })).rejects.toThrow('review item "ri_missing" not found');
    real.exec('DROP TABLE feedback');
    await expect(reviews.addFeedback({ traceId: 'tr_1', keyName: null, score: 1, thumbs: null, comment: null, corrected: null })).rejects.toThrow();
    expect(real.pragma('synchronous', { simple: true })).toBe(NORMAL);
    real.close();
  });
});

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { multiRowInsert } from './multi-row-insert.js';

describe('multiRowInsert', () => {
  const open = () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0)');
    return db;
  };
  const rows = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ id: from + i, name: `row ${from + i}` }));

  it('stores every row of batches that are not a power of two, in their order, with each value in its column', () => {
    const db = open();
    const insert = multiRowInsert<{ id: number; name: string }>(db, { head: 'INSERT INTO t (id, name)', columns: 2 }, (values, row) => values.push(row.id, row.name));
    for (const count of [0, 1, 100, 129]) insert(rows(count, 1_000 * count));
    const stored = db.prepare('SELECT id, name FROM t ORDER BY rowid').all();
    expect(stored).toEqual([...rows(1, 1_000), ...rows(100, 100_000), ...rows(129, 129_000)]);
  });

  it('puts the tail after every run, so an upsert applies to rows split across statements', () => {
    const db = open();
    const insert = multiRowInsert<{ id: number; name: string }>(db, { head: 'INSERT INTO t (id, name)', columns: 2, tail: 'ON CONFLICT (id) DO UPDATE SET name = excluded.name, n = n + 1' }, (values, row) =>
      values.push(row.id, row.name),
    );
    // 100 rows (runs of 64, 32, 4), then id 0 in the same batch again: the last write wins.
    insert([...rows(100), { id: 0, name: 'again' }]);
    insert(rows(3));
    expect(db.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: 100 });
    expect(db.prepare('SELECT name, n FROM t WHERE id = 0').get()).toEqual({ name: 'row 0', n: 2 });
    expect(db.prepare('SELECT name, n FROM t WHERE id = 5').get()).toEqual({ name: 'row 5', n: 0 });
  });
});

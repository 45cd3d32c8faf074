import type { SqliteDatabase } from './open-database.js';

type Statement = ReturnType<SqliteDatabase['prepare']>;

/** Rows per statement at most (a power of two: a batch is cut into runs of 64, 32, …, 1). */
const MAX_ROWS_PER_INSERT = 64;

/**
 * Inserts many rows with few statements: runs of 64, 32, …, 1 rows, each a statement
 * `${head} VALUES (?, …), (?, …) ${tail}` with positional parameters, prepared once per run
 * length (seven at most). Each statement costs a trip through better-sqlite3's binding and
 * SQLite's statement setup; per row that was most of a narrow row's insert (the trace store's
 * runs, the monitoring signals: docs/measurements.md). The caller holds the transaction.
 *
 * @example
 * const insert = multiRowInsert(db, { head: 'INSERT INTO t (a, b)', columns: 2 }, (values, row) => values.push(row.a, row.b));
 * db.transaction(() => insert(rows))();
 */
export function multiRowInsert<T>(
  db: SqliteDatabase,
  sql: { head: string; columns: number; tail?: string },
  pushRow: (values: unknown[], item: T) => void,
): (items: readonly T[]) => void {
  const statements = new Map<number, Statement>();
  const statementFor = (rows: number): Statement => {
    let statement = statements.get(rows);
    if (!statement) {
      const row = `(${new Array(sql.columns).fill('?').join(', ')})`;
      statement = db.prepare(`${sql.head} VALUES ${new Array(rows).fill(row).join(', ')}${sql.tail ? ` ${sql.tail}` : ''}`);
      statements.set(rows, statement);
    }
    return statement;
  };
  return (items) => {
    for (let start = 0; start < items.length; ) {
      let rows = MAX_ROWS_PER_INSERT;
      while (rows > items.length - start) rows >>= 1;
      const values: unknown[] = [];
      for (let i = start; i < start + rows; i++) pushRow(values, items[i] as T);
      statementFor(rows).run(values);
      start += rows;
    }
  };
}

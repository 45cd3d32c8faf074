import type { SqliteDatabase } from './open-database.js';

/**
 * A migration step: on a file whose `traces` table is still empty, makes it an ordinary rowid
 * table (the trace id stays its primary key, now a unique index beside the rows) instead of
 * WITHOUT ROWID, keeping its columns, indexes and triggers. A file that already holds traces
 * keeps its layout: converting it would copy every trace at start-up, so it stays as it is.
 *
 * Why: a WITHOUT ROWID table keeps at most ~1,000 bytes of a row in its 4 kB page, and a trace
 * of a short chat (~1.2 kB of bodies and fields) spilled its tail into an overflow page of its
 * own, so each insert wrote ~4.7 kB and 25,000 of bench:gateway's traces took 155 MB. A rowid
 * table keeps rows of up to ~4 kB in their page: 71 MB, and the trace-write thread's steps cost
 * ~55 µs per trace instead of ~80 (insert 19 instead of 35–38, search indexing 14–15 instead of
 * 19–21; ~3 kB rows 93 against 101 µs, ~6 kB rows 143 against 156; docs/measurements.md).
 *
 * @example TRACE_SEARCH_MIGRATIONS.steps: [..., rowidTracesWhenEmpty]
 */
export function rowidTracesWhenEmpty(db: SqliteDatabase): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'traces'").get() as { sql: string } | undefined;
  if (!table || !/WITHOUT\s+ROWID\s*$/i.test(table.sql)) return;
  if (db.prepare('SELECT 1 FROM traces LIMIT 1').get() !== undefined) return;
  // Its indexes and triggers go with the table: recreate them as they were.
  const dependents = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'traces' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name").all() as { sql: string }[];
  const rowidTable = table.sql.replace(/\)\s*WITHOUT\s+ROWID\s*$/i, ')').replace(/\bid TEXT PRIMARY KEY\b/, 'id TEXT NOT NULL PRIMARY KEY');
  db.exec('DROP TABLE traces');
  db.exec(rowidTable);
  for (const { sql } of dependents) db.exec(sql);
}

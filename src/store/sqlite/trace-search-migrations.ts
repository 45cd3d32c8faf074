import type { SqliteMigrations } from './migrations.js';
import { rowidTracesWhenEmpty } from './traces-rowid-layout.js';

/**
 * The text a trace search looks in, as one SQL expression over a `traces` row (`new.` or `t.`
 * prefix): the same columns the search matched when it scanned rows.
 */
function searchText(row: string): string {
  return `coalesce(${row}request, '') || char(10) || coalesce(${row}response, '') || char(10) || coalesce(${row}error_message, '') || char(10) || coalesce(${row}metadata, '')`;
}

/**
 * A full-text index over every retained trace, so a search finds old traces too.
 *
 * `traces` is WITHOUT ROWID, and FTS5 keys its rows by integer, so `trace_search_ids` gives
 * each trace id a number. The index is contentless (the text already lives in `traces`) over
 * words (unicode61); the query rechecks the exact text. Since the third step the index is kept
 * off the writer's transaction: see that step and `SqliteTraceStore.indexPending`.
 */
export const TRACE_SEARCH_MIGRATIONS: SqliteMigrations = {
  feature: 'trace_search',
  steps: [
    `CREATE TABLE trace_search_rows (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
     CREATE VIRTUAL TABLE traces_fts USING fts5(body, content='', contentless_delete=1, tokenize='trigram');
     CREATE TRIGGER traces_search_insert AFTER INSERT ON traces BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_rows WHERE id = new.id);
       INSERT OR IGNORE INTO trace_search_rows (id) VALUES (new.id);
       INSERT INTO traces_fts (rowid, body) VALUES ((SELECT rowid FROM trace_search_rows WHERE id = new.id), ${searchText('new.')});
     END;
     CREATE TRIGGER traces_search_delete AFTER DELETE ON traces BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_rows WHERE id = old.id);
       DELETE FROM trace_search_rows WHERE id = old.id;
     END;
     CREATE TRIGGER traces_search_update AFTER UPDATE OF request, response, error_message, metadata ON traces BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_rows WHERE id = new.id);
       INSERT INTO traces_fts (rowid, body) VALUES ((SELECT rowid FROM trace_search_rows WHERE id = new.id), ${searchText('new.')});
     END;
     INSERT INTO trace_search_rows (id) SELECT id FROM traces;
     INSERT INTO traces_fts (rowid, body) SELECT m.rowid, ${searchText('t.')} FROM trace_search_rows m JOIN traces t ON t.id = m.id;`,
    // Trigrams cost ~20× the row's own insert (2,200 traces/s against 44,000, see
    // bench/trace-search.mjs): words instead (unicode61), the query rechecks the exact text.
    // And any FTS5 delete, even of a row that is not there, flushes the pending inserts: only
    // a trace written again under its id deletes, before the write.
    `DROP TRIGGER traces_search_insert;
     DROP TRIGGER traces_search_update;
     DROP TABLE traces_fts;
     CREATE VIRTUAL TABLE traces_fts USING fts5(body, content='', contentless_delete=1, tokenize='unicode61');
     CREATE TRIGGER traces_search_replace BEFORE INSERT ON traces WHEN EXISTS (SELECT 1 FROM trace_search_rows WHERE id = new.id) BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_rows WHERE id = new.id);
       DELETE FROM trace_search_rows WHERE id = new.id;
     END;
     CREATE TRIGGER traces_search_insert AFTER INSERT ON traces BEGIN
       INSERT INTO trace_search_rows (id) VALUES (new.id);
       INSERT INTO traces_fts (rowid, body) VALUES (last_insert_rowid(), ${searchText('new.')});
     END;
     CREATE TRIGGER traces_search_update AFTER UPDATE OF request, response, error_message, metadata ON traces BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_rows WHERE id = new.id);
       INSERT INTO traces_fts (rowid, body) VALUES ((SELECT rowid FROM trace_search_rows WHERE id = new.id), ${searchText('new.')});
     END;
     INSERT INTO traces_fts (rowid, body) SELECT m.rowid, ${searchText('t.')} FROM trace_search_rows m JOIN traces t ON t.id = m.id;`,
    // Off the writer's transaction: an insert only gives the trace its number (in
    // `trace_search_ids`, AUTOINCREMENT so a number is never reused), and the indexer
    // (`SqliteTraceStore.indexPending`) adds the text of every number above
    // `trace_search_state.indexed_upto` in large batches after commit. A search reads the index
    // for numbers up to the mark and rechecks the few above it row by row, so it still finds
    // every retained trace. Triggers touch the index only for numbers it already holds.
    `DROP TRIGGER traces_search_replace;
     DROP TRIGGER traces_search_insert;
     DROP TRIGGER traces_search_update;
     DROP TRIGGER traces_search_delete;
     CREATE TABLE trace_search_ids (rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE);
     INSERT INTO trace_search_ids (rowid, id) SELECT rowid, id FROM trace_search_rows ORDER BY rowid;
     CREATE TABLE trace_search_state (one INTEGER PRIMARY KEY CHECK (one = 1), indexed_upto INTEGER NOT NULL);
     INSERT INTO trace_search_state (one, indexed_upto) VALUES (1, (SELECT coalesce(max(rowid), 0) FROM trace_search_rows));
     DROP TABLE trace_search_rows;
     CREATE TRIGGER traces_search_replace BEFORE INSERT ON traces WHEN EXISTS (SELECT 1 FROM trace_search_ids WHERE id = new.id) BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_ids WHERE id = new.id AND rowid <= (SELECT indexed_upto FROM trace_search_state));
       DELETE FROM trace_search_ids WHERE id = new.id;
     END;
     CREATE TRIGGER traces_search_insert AFTER INSERT ON traces BEGIN
       INSERT INTO trace_search_ids (id) VALUES (new.id);
     END;
     CREATE TRIGGER traces_search_update AFTER UPDATE OF request, response, error_message, metadata ON traces
       WHEN (SELECT rowid FROM trace_search_ids WHERE id = new.id) <= (SELECT indexed_upto FROM trace_search_state) BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_ids WHERE id = new.id);
       INSERT INTO traces_fts (rowid, body) VALUES ((SELECT rowid FROM trace_search_ids WHERE id = new.id), ${searchText('new.')});
     END;
     CREATE TRIGGER traces_search_delete AFTER DELETE ON traces BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_ids WHERE id = old.id AND rowid <= (SELECT indexed_upto FROM trace_search_state));
       DELETE FROM trace_search_ids WHERE id = old.id;
     END;`,
      // The write path even lighter: an insert only appends the trace's id to a queue (no lookup,
    // no index of its own); the indexer numbers queued traces, drops the index entries of ones
    // written again under their id, adds their text and empties the queue. A search reads the
    // index and rechecks the queued traces row by row. Until the indexer has passed, a trace
    // written again keeps its old entry, which the recheck of the exact text filters out.
    `CREATE TABLE trace_search_queue (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL);
     INSERT INTO trace_search_queue (id) SELECT id FROM trace_search_ids WHERE rowid > (SELECT indexed_upto FROM trace_search_state) ORDER BY rowid;
     DELETE FROM trace_search_ids WHERE rowid > (SELECT indexed_upto FROM trace_search_state);
     DROP TRIGGER traces_search_replace;
     DROP TRIGGER traces_search_insert;
     DROP TRIGGER traces_search_update;
     DROP TRIGGER traces_search_delete;
     DROP TABLE trace_search_state;
     CREATE TRIGGER traces_search_insert AFTER INSERT ON traces BEGIN
       INSERT INTO trace_search_queue (id) VALUES (new.id);
     END;
     CREATE TRIGGER traces_search_update AFTER UPDATE OF request, response, error_message, metadata ON traces
       WHEN EXISTS (SELECT 1 FROM trace_search_ids WHERE id = new.id) BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_ids WHERE id = new.id);
       INSERT INTO traces_fts (rowid, body) VALUES ((SELECT rowid FROM trace_search_ids WHERE id = new.id), ${searchText('new.')});
     END;
     CREATE TRIGGER traces_search_delete AFTER DELETE ON traces BEGIN
       DELETE FROM traces_fts WHERE rowid = (SELECT rowid FROM trace_search_ids WHERE id = old.id);
       DELETE FROM trace_search_ids WHERE id = old.id;
     END;`,
    // New files: `traces` as a rowid table, so a short chat's trace fits in its page (here, as
    // the table's triggers are this feature's and exist by now).
    rowidTracesWhenEmpty,
    // FTS5 merges a level's segments once 8 of them are there, not 4: each indexed word is
    // copied through fewer levels as the index grows. FTS5 writes one segment per indexer pass
    // (~1,024 traces); in a loop over 102,400 of bench:trace-write's bodies, 20.1 µs per trace
    // to index against 15.1, and the same search times (docs/measurements.md, 2026-12-02
    // tracecpu). A setting of the index, kept in its config table: no row is rewritten.
    "INSERT INTO traces_fts (traces_fts, rank) VALUES ('automerge', 8);",
  ],
};

/**
 * The indexer's statements (`SqliteTraceStore.indexPending`), run in one transaction over the
 * queue's oldest entries up to `last`: entries of traces already indexed lose their old text,
 * every queued trace still stored gets a number and its text, and the entries leave the queue.
 */
export const INDEX_PENDING_SQL = {
  end: 'SELECT count(*) AS n, max(rowid) AS last FROM (SELECT rowid FROM trace_search_queue ORDER BY rowid LIMIT ?)',
  unindex: 'DELETE FROM traces_fts WHERE rowid IN (SELECT rowid FROM trace_search_ids WHERE id IN (SELECT id FROM trace_search_queue WHERE rowid <= ?))',
  forget: 'DELETE FROM trace_search_ids WHERE id IN (SELECT id FROM trace_search_queue WHERE rowid <= ?)',
  number: 'INSERT INTO trace_search_ids (id) SELECT DISTINCT q.id FROM trace_search_queue q JOIN traces t ON t.id = q.id WHERE q.rowid <= ?',
  // In ascending number (the order `number` gave them): FTS5 writes its pending terms out as a
  // new segment whenever a row's number is below the last one's, and without the ORDER BY the
  // rows came in id order, which within a millisecond (random id tails) and across traces that
  // finished out of order is not the queue's: about every other trace wrote a segment of its
  // own, which the index's merges then paid for again (bench:trace-write's indexer ~33-41 µs
  // per trace against ~19-28 in this order; docs/measurements.md, 2026-12-02 tracecpu).
  index: `INSERT INTO traces_fts (rowid, body) SELECT m.rowid, ${searchText('t.')} FROM trace_search_ids m JOIN traces t ON t.id = m.id WHERE m.id IN (SELECT id FROM trace_search_queue WHERE rowid <= ?) ORDER BY m.rowid`,
  dequeue: 'DELETE FROM trace_search_queue WHERE rowid <= ?',
  backlog: 'SELECT count(*) AS n FROM trace_search_queue',
};

import type { SqliteMigrations } from './migrations.js';

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
 * `traces` is WITHOUT ROWID, and FTS5 keys its rows by integer, so `trace_search_rows` gives
 * each trace id a rowid. The index is contentless (the text already lives in `traces`) with the
 * trigram tokenizer: a phrase query is then a case-insensitive substring match, what the
 * LIKE scan did before. Triggers keep it in step inside the writer's own transaction: insert
 * (also INSERT OR REPLACE, which fires no delete trigger), retention's delete and body strip.
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
  ],
};

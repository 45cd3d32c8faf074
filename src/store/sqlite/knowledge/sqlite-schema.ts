import type Database from 'better-sqlite3';

// Knowledge-base tables live in the same file as traces and evals (prefix kb_), with their own
// migration ledger so they do not depend on how other features migrate.
const STEPS: readonly string[] = [
  `CREATE TABLE kb_bases (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL,
     version INTEGER NOT NULL DEFAULT 0,
     chunking TEXT NOT NULL,
     embedding_model TEXT,
     dimensions INTEGER
   );
   CREATE TABLE kb_versions (
     kb_id INTEGER NOT NULL REFERENCES kb_bases(id) ON DELETE CASCADE,
     version INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     added INTEGER NOT NULL,
     changed INTEGER NOT NULL,
     removed INTEGER NOT NULL,
     documents INTEGER NOT NULL,
     chunks INTEGER NOT NULL,
     PRIMARY KEY (kb_id, version)
   );
   CREATE TABLE kb_documents (
     id INTEGER PRIMARY KEY,
     kb_id INTEGER NOT NULL REFERENCES kb_bases(id) ON DELETE CASCADE,
     doc_id TEXT NOT NULL,
     source TEXT NOT NULL,
     title TEXT NOT NULL,
     hash TEXT NOT NULL,
     text TEXT NOT NULL,
     metadata TEXT NOT NULL,
     version_from INTEGER NOT NULL,
     version_to INTEGER
   );
   CREATE INDEX kb_documents_by_id ON kb_documents (kb_id, doc_id, version_to);
   CREATE INDEX kb_documents_by_version ON kb_documents (kb_id, version_from, version_to);
   CREATE TABLE kb_chunks (
     id INTEGER PRIMARY KEY,
     document_row INTEGER NOT NULL REFERENCES kb_documents(id) ON DELETE CASCADE,
     kb_id INTEGER NOT NULL,
     chunk_id TEXT NOT NULL,
     ordinal INTEGER NOT NULL,
     start_offset INTEGER NOT NULL,
     end_offset INTEGER NOT NULL,
     heading_path TEXT NOT NULL,
     text TEXT NOT NULL,
     embedding BLOB
   );
   CREATE INDEX kb_chunks_by_document ON kb_chunks (document_row);
   CREATE INDEX kb_chunks_by_kb ON kb_chunks (kb_id);`,
  // One writer per base at a time (2026-12-06): the lease `kb add`, `kb remove` and the admin API take.
  `CREATE TABLE kb_writers (
     kb_id INTEGER PRIMARY KEY,
     token TEXT NOT NULL,
     operation TEXT NOT NULL,
     pid INTEGER NOT NULL,
     host TEXT NOT NULL,
     since INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );`,
];

/**
 * Creates or upgrades the knowledge-base tables.
 *
 * @example migrateKnowledgeTables(db)
 */
export function migrateKnowledgeTables(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS kb_migrations (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT max(version) AS v FROM kb_migrations').get() as { v: number | null };
  for (let v = row.v ?? 0; v < STEPS.length; v++) {
    db.transaction(() => {
      db.exec(STEPS[v] as string);
      db.prepare('INSERT INTO kb_migrations (version) VALUES (?)').run(v + 1);
    })();
  }
}

/**
 * The full-text table of one knowledge base. Per base, so BM25's document frequencies and
 * average lengths are that base's own; contentless (texts live in kb_chunks) with deletes.
 *
 * @example db.exec(ftsTableSql(3))
 */
export function ftsTableSql(kbId: number): string {
  return `CREATE VIRTUAL TABLE IF NOT EXISTS ${ftsTable(kbId)} USING fts5(title, headings, body, content='', contentless_delete=1, tokenize='porter unicode61')`;
}

export function ftsTable(kbId: number): string {
  if (!Number.isSafeInteger(kbId) || kbId <= 0) throw new Error(`bad knowledge base id ${kbId}`);
  return `kb_fts_${kbId}`;
}

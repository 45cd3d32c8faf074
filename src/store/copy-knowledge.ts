import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { knowledgeFileFor } from '../config/default-store.js';
import type { PgClient } from './postgres/connect.js';
import { CHUNK_LEN, CHUNK_TSV } from './postgres/knowledge/postgres-sql.js';
import { pgText } from './postgres/pg-values.js';

// Knowledge bases live in `knowledge.db` beside a SQLite store, and in the same schema as the
// rest of a PostgreSQL store (kb_ tables). `migrate --from` copies them with their ids, versions
// and vectors inside its transaction; PostgreSQL's full-text index (each chunk's `tsv` and
// length, each version's lexeme total) is rebuilt from the copied text with the expressions its
// knowledge store writes, since SQLite's FTS index has no counterpart there. Writers' leases
// (`kb_writers`) are a running process's and are not copied.

/** Chunks (or documents) per INSERT: a chunk is up to ~1,600 characters plus its vector. */
const BATCH = 500;

/**
 * The SQLite knowledge file beside `storeFile`, opened read-only, when it holds a knowledge base.
 *
 * @example const kb = openKnowledgeSource('.switchyard/switchyard.db'); // .switchyard/knowledge.db
 */
export function openKnowledgeSource(storeFile: string): { file: string; db: Database.Database } | undefined {
  const file = knowledgeFileFor(storeFile);
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const bases = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kb_bases'").get() && db.prepare('SELECT 1 FROM kb_bases LIMIT 1').get();
  if (bases) return { file, db };
  db.close();
  return undefined;
}

/** What one knowledge table received. */
export interface CopiedKnowledge {
  table: string;
  rows: number;
}

/**
 * Copies every knowledge base of `kb` (a SQLite knowledge file) into the kb_ tables `client`
 * reaches (migrated, empty), in its transaction; returns the rows per table.
 *
 * @example await copyKnowledge(kb, client, (table, n) => progress(table, n), at);
 */
export async function copyKnowledge(kb: Database.Database, client: PgClient, onBatch: (table: string, rows: number) => void, at: { table: string } = { table: '' }): Promise<CopiedKnowledge[]> {
  const copied: CopiedKnowledge[] = [];
  at.table = 'kb_bases';
  const bases = kb.prepare('SELECT id, name, created_at, version, chunking, embedding_model, dimensions FROM kb_bases ORDER BY id').raw(true).all() as unknown[][];
  await client.query(
    `INSERT INTO kb_bases (id, name, created_at, version, chunking, embedding_model, dimensions) OVERRIDING SYSTEM VALUE
     SELECT t.id, t.name, t.created_at, t.version, t.chunking::jsonb, t.embedding_model, t.dimensions
     FROM unnest($1::int[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::int[]) AS t(id, name, created_at, version, chunking, embedding_model, dimensions)`,
    columnsOf(bases, 7),
  );
  onBatch('kb_bases', bases.length);
  copied.push({ table: 'kb_bases', rows: bases.length });

  at.table = 'kb_documents';
  copied.push({
    table: 'kb_documents',
    rows: await inPages(kb, 'SELECT id, kb_id, doc_id, source, title, hash, text, metadata, version_from, version_to FROM kb_documents WHERE id > ? ORDER BY id LIMIT ?', async (rows) => {
      await client.query(
        `INSERT INTO kb_documents (id, kb_id, doc_id, source, title, hash, text, metadata, version_from, version_to) OVERRIDING SYSTEM VALUE
         SELECT t.id, t.kb_id, t.doc_id, t.source, t.title, t.hash, t.text, t.metadata::jsonb, t.version_from, t.version_to
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[])
           AS t(id, kb_id, doc_id, source, title, hash, text, metadata, version_from, version_to)`,
        columnsOf(rows, 10),
      );
      onBatch('kb_documents', rows.length);
    }),
  });

  // The document's title and the chunk's heading path go into its tsv, as the store writes it.
  const chunkPage = 'SELECT c.id, c.document_row, c.kb_id, c.chunk_id, c.ordinal, c.start_offset, c.end_offset, c.heading_path, d.title, c.text, c.embedding FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_row WHERE c.id > ? ORDER BY c.id LIMIT ?';
  at.table = 'kb_chunks';
  copied.push({
    table: 'kb_chunks',
    rows: await inPages(kb, chunkPage, async (rows) => {
      const withHeadings = rows.map((r) => [...r.slice(0, 8), headingsOf(r[7]), ...r.slice(8)]);
      await client.query(
        `INSERT INTO kb_chunks (id, document_row, kb_id, chunk_id, ordinal, start_offset, end_offset, heading_path, text, tsv, len, embedding) OVERRIDING SYSTEM VALUE
         SELECT x.id, x.document_row, x.kb_id, x.chunk_id, x.ordinal, x.start_offset, x.end_offset, x.heading_path::jsonb, x.text, x.tsv, ${CHUNK_LEN}, x.embedding
         FROM (SELECT t.*, ${CHUNK_TSV} AS tsv
               FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[])
                 AS t(id, document_row, kb_id, chunk_id, ordinal, start_offset, end_offset, heading_path, headings, title, text, embedding)) x`,
        columnsOf(withHeadings, 12),
      );
      onBatch('kb_chunks', rows.length);
    }),
  });

  // Each version's lexeme total (BM25's average length) over the chunks it shows, as publishing counts it.
  at.table = 'kb_versions';
  const versions = kb.prepare('SELECT kb_id, version, created_at, added, changed, removed, documents, chunks FROM kb_versions ORDER BY kb_id, version').raw(true).all() as unknown[][];
  await client.query(
    `INSERT INTO kb_versions (kb_id, version, created_at, added, changed, removed, documents, chunks, lexemes)
     SELECT t.*, (SELECT coalesce(sum(c.len), 0) FROM kb_documents d JOIN kb_chunks c ON c.document_row = d.id
                  WHERE d.kb_id = t.kb_id AND d.version_from <= t.version AND (d.version_to IS NULL OR d.version_to > t.version))
     FROM unnest($1::int[], $2::int[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[]) AS t(kb_id, version, created_at, added, changed, removed, documents, chunks)`,
    columnsOf(versions, 8),
  );
  onBatch('kb_versions', versions.length);
  copied.push({ table: 'kb_versions', rows: versions.length });

  // Ids were given: each identity goes on after the highest one copied.
  for (const table of ['kb_bases', 'kb_documents', 'kb_chunks']) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 1), (SELECT count(*) > 0 FROM ${table}))`);
  }
  return copied;
}

/** Runs `write` on each page of `sql` (`WHERE id > ? ORDER BY id LIMIT ?`, id first); returns the rows read. */
async function inPages(kb: Database.Database, sql: string, write: (rows: unknown[][]) => Promise<void>): Promise<number> {
  const page = kb.prepare(sql).raw(true);
  let total = 0;
  for (let after = 0; ; ) {
    const rows = page.all(after, BATCH) as unknown[][];
    if (rows.length === 0) return total;
    after = (rows.at(-1) as unknown[])[0] as number;
    await write(rows);
    total += rows.length;
  }
}

/** A heading path (JSON text of a list) as the store indexes it: its headings joined by " / ". */
function headingsOf(headingPath: unknown): string {
  try {
    const path: unknown = JSON.parse(String(headingPath));
    return Array.isArray(path) ? path.map(String).join(' / ') : '';
  } catch {
    return '';
  }
}

/** Rows as `width` column arrays for `unnest`; text made acceptable to PostgreSQL (pgText), blobs as Buffers. */
function columnsOf(rows: readonly unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, i) => rows.map((row) => {
    const value = row[i];
    return typeof value === 'string' ? pgText(value) : value ?? null;
  }));
}

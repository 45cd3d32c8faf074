import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { SwitchyardError } from '../../../core/errors.js';
import type { ChunkingOptions, Metadata } from '../../../knowledge/types.js';
import type {
  DocumentWrite,
  KnowledgeBaseRecord,
  KnowledgeBaseVersion,
  KnowledgeStore,
  StoreHit,
  StoreSearchOptions,
  StoredDocument,
  StoredDocumentHead,
  WriterLease,
  PurgeReport,
} from '../../../knowledge/store/knowledge-store.js';
import { filterClauses } from '../../../knowledge/store/metadata-filter.js';
import { bytesToVector, dot, TopK, vectorToBytes } from '../../../knowledge/store/vectors.js';
import { fts5OrQuery, queryTerms } from '../../../knowledge/text/query-terms.js';
import { ftsTable, ftsTableSql, migrateKnowledgeTables } from './sqlite-schema.js';
import { unopenable, unusable } from '../open-database.js';
import { filterSql, HIT_COLUMNS, type HitRow, toHit, VISIBLE } from './sqlite-rows.js';
import { makeDirs } from '../../../core/make-dirs.js';

export interface SqliteKnowledgeStoreOptions {
  /** 'auto' uses sqlite-vec's distance function when its extension loads, else a scan in JS. */
  vectorSearch?: 'auto' | 'scan';
  /** BM25 weights of the title, heading-path and body columns. */
  columnWeights?: [number, number, number];
}

interface BaseRow {
  id: number;
  name: string;
  created_at: number;
  version: number;
  chunking: string;
  embedding_model: string | null;
  dimensions: number | null;
}

/**
 * Knowledge bases in SQLite: FTS5 (`porter unicode61`) for BM25 and float32 BLOB vectors searched
 * exactly (with sqlite-vec's `vec_distance_cosine` when it loads). Calls are synchronous
 * underneath; the port is async so PostgreSQL fits the same shape.
 *
 * @example const store = openSqliteKnowledgeStore('.switchyard/switchyard.db');
 */
// `+version_from` keeps SQLite on the (kb_id, doc_id) index: without statistics it picks the
// version index instead, which matches every document of the version being written and made
// indexing quadratic (51,675 records: 301 s of CPU).
export const SUPERSEDE = 'UPDATE kb_documents SET version_to = ? WHERE kb_id = ? AND doc_id = ? AND version_to IS NULL AND +version_from < ?';
export const PENDING_DOCUMENT = 'SELECT id FROM kb_documents WHERE kb_id = ? AND doc_id = ? AND +version_from = ?';

export class SqliteKnowledgeStore implements KnowledgeStore {
  readonly engine = 'sqlite' as const;
  /** Whether dense search runs in SQL (sqlite-vec) or as a scan in JS. */
  readonly vectorSearch: 'sqlite-vec' | 'scan';
  private readonly statements = new Map<string, Database.Statement>();
  private readonly weights: [number, number, number];

  constructor(
    private readonly db: Database.Database,
    options: SqliteKnowledgeStoreOptions = {},
    private readonly ownsDb = false,
  ) {
    migrateKnowledgeTables(db);
    this.weights = options.columnWeights ?? [1, 1, 1];
    let vec: 'sqlite-vec' | 'scan' = 'scan';
    if (options.vectorSearch !== 'scan') {
      try {
        sqliteVec.load(db);
        vec = 'sqlite-vec';
      } catch {
        // No prebuilt extension for this platform: the exact scan in JS gives the same results.
      }
    }
    this.vectorSearch = vec;
  }

  async createKnowledgeBase(name: string, chunking: ChunkingOptions, now: number): Promise<KnowledgeBaseRecord> {
    const id = this.db.transaction(() => {
      const result = this.sql('INSERT INTO kb_bases (name, created_at, chunking) VALUES (?, ?, ?)').run(name, now, JSON.stringify(chunking));
      const kbId = Number(result.lastInsertRowid);
      this.db.exec(ftsTableSql(kbId));
      return kbId;
    })();
    return this.record(this.sql('SELECT * FROM kb_bases WHERE id = ?').get(id) as BaseRow);
  }

  async getKnowledgeBase(name: string): Promise<KnowledgeBaseRecord | undefined> {
    const row = this.sql('SELECT * FROM kb_bases WHERE name = ?').get(name) as BaseRow | undefined;
    return row && this.record(row);
  }

  async listKnowledgeBases(): Promise<KnowledgeBaseRecord[]> {
    return (this.sql('SELECT * FROM kb_bases ORDER BY name').all() as BaseRow[]).map((row) => this.record(row));
  }

  async deleteKnowledgeBase(name: string): Promise<boolean> {
    const row = this.sql('SELECT id FROM kb_bases WHERE name = ?').get(name) as { id: number } | undefined;
    if (!row) return false;
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${ftsTable(row.id)}`);
      this.sql('DELETE FROM kb_chunks WHERE kb_id = ?').run(row.id);
      this.sql('DELETE FROM kb_documents WHERE kb_id = ?').run(row.id);
      this.sql('DELETE FROM kb_versions WHERE kb_id = ?').run(row.id);
      this.sql('DELETE FROM kb_bases WHERE id = ?').run(row.id);
      this.sql('DELETE FROM kb_writers WHERE kb_id = ?').run(row.id);
    })();
    this.statements.clear(); // statements on the dropped FTS table are now invalid
    return true;
  }

  async versions(kbId: number): Promise<KnowledgeBaseVersion[]> {
    const rows = this.sql('SELECT version, created_at, added, changed, removed, documents, chunks FROM kb_versions WHERE kb_id = ? ORDER BY version').all(kbId) as (Omit<KnowledgeBaseVersion, 'createdAt'> & { created_at: number })[];
    return rows.map(({ created_at, ...rest }) => ({ ...rest, createdAt: created_at }));
  }

  async documentHeads(kbId: number): Promise<Map<string, StoredDocumentHead>> {
    // Live in the published version, whether or not an unpublished one has superseded them yet.
    const rows = this.sql(`SELECT doc_id, source, hash FROM kb_documents d WHERE d.kb_id = @kb AND ${VISIBLE}`).all({ kb: kbId, v: this.versionOf(kbId) }) as { doc_id: string; source: string; hash: string }[];
    return new Map(rows.map((r) => [r.doc_id, { docId: r.doc_id, source: r.source, hash: r.hash }]));
  }

  async allDocumentHeads(kbId: number): Promise<Map<string, StoredDocumentHead>> {
    const rows = this.sql('SELECT doc_id, source, hash FROM kb_documents WHERE kb_id = ? ORDER BY version_from').all(kbId) as { doc_id: string; source: string; hash: string }[];
    return new Map(rows.map((r) => [r.doc_id, { docId: r.doc_id, source: r.source, hash: r.hash }]));
  }

  async pendingHeads(kbId: number): Promise<Map<string, StoredDocumentHead>> {
    const rows = this.sql('SELECT doc_id, source, hash FROM kb_documents WHERE kb_id = ? AND version_from > ?').all(kbId, this.versionOf(kbId)) as { doc_id: string; source: string; hash: string }[];
    return new Map(rows.map((r) => [r.doc_id, { docId: r.doc_id, source: r.source, hash: r.hash }]));
  }

  async getDocument(kbId: number, docId: string, version: number): Promise<StoredDocument | undefined> {
    return this.documents(kbId, version, 1, docId)[0];
  }

  async listDocuments(kbId: number, version: number, limit: number): Promise<StoredDocument[]> {
    return this.documents(kbId, version, limit);
  }

  async beginVersion(kbId: number): Promise<number> {
    const version = this.versionOf(kbId);
    // Documents an interrupted run wrote stay (the indexer confirms or replaces each); its
    // removals, written only after a complete walk, are undone: this run decides them again.
    this.sql(
      `UPDATE kb_documents SET version_to = NULL WHERE kb_id = @kb AND version_to > @v
       AND NOT EXISTS (SELECT 1 FROM kb_documents p WHERE p.kb_id = @kb AND p.doc_id = kb_documents.doc_id AND p.version_from > @v)`,
    ).run({ kb: kbId, v: version });
    return version + 1;
  }

  async revertPending(kbId: number, version: number, docIds: string[]): Promise<void> {
    const restore = this.sql('UPDATE kb_documents SET version_to = NULL WHERE kb_id = ? AND doc_id = ? AND version_to = ?');
    this.db.transaction(() => {
      for (const docId of docIds) {
        this.dropPending(kbId, version, docId);
        restore.run(kbId, docId, version);
      }
    })();
  }

  async writeDocuments(kbId: number, version: number, documents: DocumentWrite[]): Promise<void> {
    const table = ftsTable(kbId);
    const supersede = this.sql(SUPERSEDE);
    const insertDoc = this.sql('INSERT INTO kb_documents (kb_id, doc_id, source, title, hash, text, metadata, version_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const insertChunk = this.sql('INSERT INTO kb_chunks (document_row, kb_id, chunk_id, ordinal, start_offset, end_offset, heading_path, text, embedding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insertFts = this.sql(`INSERT INTO ${table} (rowid, title, headings, body) VALUES (?, ?, ?, ?)`);
    this.db.transaction(() => {
      for (const doc of documents) {
        this.dropPending(kbId, version, doc.docId);
        supersede.run(version, kbId, doc.docId, version);
        const row = Number(insertDoc.run(kbId, doc.docId, doc.source, doc.title, doc.hash, doc.text, JSON.stringify(doc.metadata), version).lastInsertRowid);
        for (const chunk of doc.chunks) {
          const embedding = chunk.vector ? vectorToBytes(chunk.vector) : null;
          const key = insertChunk.run(row, kbId, chunk.chunkId, chunk.ordinal, chunk.start, chunk.end, JSON.stringify(chunk.headingPath), chunk.text, embedding).lastInsertRowid;
          insertFts.run(key, doc.title, chunk.headingPath.join(' / '), chunk.text);
        }
      }
    })();
  }

  async removeDocuments(kbId: number, version: number, docIds: string[]): Promise<void> {
    const supersede = this.sql(SUPERSEDE);
    this.db.transaction(() => {
      for (const docId of docIds) {
        this.dropPending(kbId, version, docId);
        supersede.run(version, kbId, docId, version);
      }
    })();
  }

  async publishVersion(kbId: number, version: number, change: { added: number; changed: number; removed: number }, now: number): Promise<void> {
    this.db.transaction(() => {
      const current = this.versionOf(kbId);
      if (version !== current + 1) throw new SwitchyardError('invalid_request', `cannot publish version ${version} of knowledge base ${kbId}: it is at version ${current}`);
      const counts = this.sql(`SELECT count(DISTINCT d.id) AS documents, count(c.id) AS chunks FROM kb_documents d LEFT JOIN kb_chunks c ON c.document_row = d.id WHERE d.kb_id = @kb AND ${VISIBLE}`).get({ kb: kbId, v: version }) as { documents: number; chunks: number };
      this.sql('INSERT INTO kb_versions (kb_id, version, created_at, added, changed, removed, documents, chunks) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(kbId, version, now, change.added, change.changed, change.removed, counts.documents, counts.chunks);
      this.sql('UPDATE kb_bases SET version = ? WHERE id = ?').run(version, kbId);
    })();
  }

  async removeAndPublish(kbId: number, docIds: string[], now: number): Promise<number> {
    return this.db.transaction(() => {
      const current = this.versionOf(kbId);
      const version = current + 1;
      // An interrupted run's unpublished version moves one up, out of the way of this one.
      this.sql('UPDATE kb_documents SET version_from = version_from + 1 WHERE kb_id = ? AND version_from > ?').run(kbId, current);
      this.sql('UPDATE kb_documents SET version_to = version_to + 1 WHERE kb_id = ? AND version_to > ?').run(kbId, current);
      const retire = this.sql('UPDATE kb_documents SET version_to = ? WHERE kb_id = ? AND doc_id = ? AND +version_from <= ? AND (version_to IS NULL OR version_to > ?)');
      for (const docId of docIds) {
        this.dropPending(kbId, version + 1, docId);
        retire.run(version, kbId, docId, current, current);
      }
      const counts = this.sql(`SELECT count(DISTINCT d.id) AS documents, count(c.id) AS chunks FROM kb_documents d LEFT JOIN kb_chunks c ON c.document_row = d.id WHERE d.kb_id = @kb AND ${VISIBLE}`).get({ kb: kbId, v: version }) as { documents: number; chunks: number };
      this.sql('INSERT INTO kb_versions (kb_id, version, created_at, added, changed, removed, documents, chunks) VALUES (?, ?, ?, 0, 0, ?, ?, ?)').run(kbId, version, now, docIds.length, counts.documents, counts.chunks);
      this.sql('UPDATE kb_bases SET version = ? WHERE id = ?').run(version, kbId);
      return version;
    })();
  }

  async purgeDocuments(kbId: number, docIds: string[]): Promise<PurgeReport> {
    const table = ftsTable(kbId);
    // Deleted pages are overwritten with zeros, so the text is not left in the file's free pages.
    this.db.pragma('secure_delete = ON');
    try {
      const report = this.db.transaction(() => {
        const current = this.versionOf(kbId);
        const versions = new Set<number>();
        let rows = 0;
        let chunks = 0;
        const dropFts = this.sql(`DELETE FROM ${table} WHERE rowid = ?`);
        for (const docId of docIds) {
          for (const row of this.sql('SELECT id, version_from, version_to FROM kb_documents WHERE kb_id = ? AND doc_id = ?').all(kbId, docId) as { id: number; version_from: number; version_to: number | null }[]) {
            for (let v = row.version_from; v <= Math.min(current, (row.version_to ?? current + 1) - 1); v++) versions.add(v);
            for (const { id } of this.sql('SELECT id FROM kb_chunks WHERE document_row = ?').all(row.id) as { id: number }[]) dropFts.run(id);
            chunks += this.sql('DELETE FROM kb_chunks WHERE document_row = ?').run(row.id).changes;
            this.sql('DELETE FROM kb_documents WHERE id = ?').run(row.id);
            rows++;
          }
        }
        const recount = this.sql('UPDATE kb_versions SET documents = ?, chunks = ? WHERE kb_id = ? AND version = ?');
        for (const v of versions) {
          const counts = this.sql(`SELECT count(DISTINCT d.id) AS documents, count(c.id) AS chunks FROM kb_documents d LEFT JOIN kb_chunks c ON c.document_row = d.id WHERE d.kb_id = @kb AND ${VISIBLE}`).get({ kb: kbId, v }) as { documents: number; chunks: number };
          recount.run(counts.documents, counts.chunks, kbId, v);
        }
        return { versions: [...versions].sort((a, b) => a - b), rows, chunks };
      })();
      // A delete in FTS5 leaves the terms in the index's segments until they merge: merge them now.
      this.db.exec(`INSERT INTO ${table}(${table}) VALUES('optimize')`);
      // Rows rewritten before (a version_to set, a page split) left copies of the text in pages'
      // free space, which secure_delete does not reach: rebuild the file without them, then fold
      // the write-ahead log, which still holds the pages as they were, into it and empty it.
      this.db.exec('VACUUM');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return report;
    } finally {
      this.db.pragma('secure_delete = OFF');
    }
  }

  async acquireWriter(kbId: number, lease: WriterLease, now: number, replacing?: string): Promise<WriterLease | undefined> {
    // IMMEDIATE: the write lock is taken before the read, so two processes never both see the base free.
    return this.db.transaction(() => {
      this.sql(
        `INSERT INTO kb_writers (kb_id, token, operation, pid, host, since, expires_at) VALUES (@kb, @token, @operation, @pid, @host, @since, @expires)
         ON CONFLICT (kb_id) DO UPDATE SET token = excluded.token, operation = excluded.operation, pid = excluded.pid, host = excluded.host, since = excluded.since, expires_at = excluded.expires_at
         WHERE kb_writers.expires_at <= @now OR kb_writers.token = @token OR kb_writers.token = @replacing`,
      ).run({ kb: kbId, token: lease.token, operation: lease.operation, pid: lease.pid, host: lease.host, since: lease.since, expires: lease.expiresAt, now, replacing: replacing ?? null });
      const row = this.sql('SELECT token, operation, pid, host, since, expires_at FROM kb_writers WHERE kb_id = ?').get(kbId) as { token: string; operation: string; pid: number; host: string; since: number; expires_at: number };
      if (row.token === lease.token) return undefined;
      return { token: row.token, operation: row.operation, pid: row.pid, host: row.host, since: row.since, expiresAt: row.expires_at };
    }).immediate();
  }

  async renewWriter(kbId: number, token: string, expiresAt: number): Promise<boolean> {
    return this.sql('UPDATE kb_writers SET expires_at = ? WHERE kb_id = ? AND token = ?').run(expiresAt, kbId, token).changes === 1;
  }

  async releaseWriter(kbId: number, token: string): Promise<void> {
    this.sql('DELETE FROM kb_writers WHERE kb_id = ? AND token = ?').run(kbId, token);
  }

  async setEmbeddingModel(kbId: number, model: string, dimensions: number, reset: boolean): Promise<void> {
    this.db.transaction(() => {
      if (reset) this.sql('UPDATE kb_chunks SET embedding = NULL WHERE kb_id = ?').run(kbId);
      this.sql('UPDATE kb_bases SET embedding_model = ?, dimensions = ? WHERE id = ?').run(model, dimensions, kbId);
    })();
  }

  async chunksWithoutVectors(kbId: number, limit: number): Promise<{ key: number; text: string }[]> {
    return this.sql(`SELECT c.id AS key, c.text FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_row WHERE c.kb_id = @kb AND c.embedding IS NULL AND ${VISIBLE} ORDER BY c.id LIMIT @limit`).all({ kb: kbId, v: this.versionOf(kbId), limit }) as { key: number; text: string }[];
  }

  async putVectors(kbId: number, vectors: { key: number; vector: Float32Array }[]): Promise<void> {
    const update = this.sql('UPDATE kb_chunks SET embedding = ? WHERE id = ? AND kb_id = ?');
    this.db.transaction(() => {
      for (const { key, vector } of vectors) update.run(vectorToBytes(vector), key, kbId);
    })();
  }

  async searchText(kbId: number, query: string, options: StoreSearchOptions): Promise<StoreHit[]> {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const filter = filterSql(filterClauses(options.filter));
    const [wt, wh, wb] = this.weights;
    const table = ftsTable(kbId);
    const rows = this.sql(
      `SELECT ${HIT_COLUMNS}, bm25(${table}, ${wt}, ${wh}, ${wb}) AS rank FROM ${table} f JOIN kb_chunks c ON c.id = f.rowid JOIN kb_documents d ON d.id = c.document_row
       WHERE ${table} MATCH @q AND ${VISIBLE}${filter.sql} ORDER BY rank LIMIT @limit`,
    ).all({ q: fts5OrQuery(terms), v: options.version, limit: options.limit, ...filter.params }) as (HitRow & { rank: number })[];
    return rows.map((row) => toHit(row, -row.rank));
  }

  async searchVector(kbId: number, vector: Float32Array, options: StoreSearchOptions): Promise<StoreHit[]> {
    const filter = filterSql(filterClauses(options.filter));
    const where = `c.kb_id = @kb AND c.embedding IS NOT NULL AND ${VISIBLE}${filter.sql}`;
    const params = { kb: kbId, v: options.version, ...filter.params };
    const from = 'kb_chunks c JOIN kb_documents d ON d.id = c.document_row';
    if (this.vectorSearch === 'sqlite-vec') {
      const rows = this.sql(`SELECT ${HIT_COLUMNS}, vec_distance_cosine(c.embedding, @q) AS distance FROM ${from} WHERE ${where} ORDER BY distance LIMIT @limit`).all({ ...params, q: vectorToBytes(vector), limit: options.limit }) as (HitRow & { distance: number })[];
      return rows.map((row) => toHit(row, 1 - row.distance));
    }
    const top = new TopK<number>(options.limit);
    for (const row of this.sql(`SELECT c.id AS key, c.embedding FROM ${from} WHERE ${where}`).iterate(params) as Iterable<{ key: number; embedding: Buffer }>) {
      top.add(row.key, dot(vector, bytesToVector(row.embedding)));
    }
    const byKey = this.sql(`SELECT ${HIT_COLUMNS} FROM ${from} WHERE c.id = ?`);
    return top.sorted().map(({ item, score }) => toHit(byKey.get(item) as HitRow, score));
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.ownsDb && this.db.open) this.db.close();
  }

  private documents(kbId: number, version: number, limit: number, docId?: string): StoredDocument[] {
    const rows = this.sql(
      `SELECT d.*, (SELECT count(*) FROM kb_chunks c WHERE c.document_row = d.id) AS chunk_count FROM kb_documents d
       WHERE d.kb_id = @kb AND ${VISIBLE} ${docId === undefined ? '' : 'AND d.doc_id = @doc'} ORDER BY d.doc_id LIMIT @limit`,
    ).all({ kb: kbId, v: version, limit, ...(docId === undefined ? {} : { doc: docId }) }) as { doc_id: string; source: string; hash: string; title: string; text: string; metadata: string; version_from: number; chunk_count: number }[];
    return rows.map((r) => ({ docId: r.doc_id, source: r.source, hash: r.hash, title: r.title, text: r.text, metadata: JSON.parse(r.metadata) as Metadata, versionFrom: r.version_from, chunks: r.chunk_count }));
  }

  /** Removes a row already written for this document in this (unpublished) version, if any. */
  private dropPending(kbId: number, version: number, docId: string): void {
    const row = this.sql(PENDING_DOCUMENT).get(kbId, docId, version) as { id: number } | undefined;
    if (!row) return;
    const dropFts = this.sql(`DELETE FROM ${ftsTable(kbId)} WHERE rowid = ?`);
    for (const { id } of this.sql('SELECT id FROM kb_chunks WHERE document_row = ?').all(row.id) as { id: number }[]) dropFts.run(id);
    this.sql('DELETE FROM kb_chunks WHERE document_row = ?').run(row.id);
    this.sql('DELETE FROM kb_documents WHERE id = ?').run(row.id);
  }

  private versionOf(kbId: number): number {
    const row = this.sql('SELECT version FROM kb_bases WHERE id = ?').get(kbId) as { version: number } | undefined;
    if (!row) throw new SwitchyardError('not_found', `knowledge base ${kbId} does not exist (deleted while in use?)`);
    return row.version;
  }

  private record(row: BaseRow): KnowledgeBaseRecord {
    const counts = this.sql(`SELECT count(DISTINCT d.id) AS documents, count(c.id) AS chunks, count(c.embedding) AS embedded FROM kb_documents d LEFT JOIN kb_chunks c ON c.document_row = d.id WHERE d.kb_id = @kb AND ${VISIBLE}`).get({ kb: row.id, v: row.version }) as { documents: number; chunks: number; embedded: number };
    return {
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      version: row.version,
      chunking: JSON.parse(row.chunking) as ChunkingOptions,
      embeddingModel: row.embedding_model,
      dimensions: row.dimensions,
      documents: counts.documents,
      chunks: counts.chunks,
      embeddedChunks: counts.embedded,
    };
  }

  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }
}

/**
 * Opens (creating if needed) a SQLite file for knowledge bases, in WAL mode like the gateway's
 * store, so the CLI can index while a gateway reads.
 *
 * @example const store = openSqliteKnowledgeStore(':memory:');
 */
export function openSqliteKnowledgeStore(path: string, options: SqliteKnowledgeStoreOptions = {}): SqliteKnowledgeStore {
  let db: Database.Database;
  try {
    if (path !== ':memory:') makeDirs(dirname(path));
    db = new Database(path);
  } catch (error) {
    throw new SwitchyardError('config_invalid', `cannot open the knowledge store ${path}: ${unopenable(path, error)}; pass a writable --db FILE`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db.close();
    // As the gateway's store: a bare SqliteError with a stack for --db naming some other file.
    throw new SwitchyardError('config_invalid', `cannot use the knowledge store ${path}: ${unusable(path, error)}; pass --db the knowledge store file kb add writes`);
  }
  // Searches read the index through a memory map: the gateway's trace writer commits to the same
  // file many times a second, and each commit empties this connection's page cache, so without
  // the map every query re-reads its index pages with system calls (measured: BM25 p50 9.5 ms in
  // the gateway against 0.8 ms on a quiet connection).
  db.pragma('mmap_size = 268435456');
  return new SqliteKnowledgeStore(db, options, true);
}

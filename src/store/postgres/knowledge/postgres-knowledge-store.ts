import pg from 'pg';
import { SwitchyardError } from '../../../core/errors.js';
import type { ChunkingOptions, Metadata } from '../../../knowledge/types.js';
import type { DocumentWrite, KnowledgeBaseRecord, KnowledgeBaseVersion, KnowledgeStore, StoreHit, StoreSearchOptions, StoredDocument, StoredDocumentHead, WriterLease, PurgeReport } from '../../../knowledge/store/knowledge-store.js';
import { vectorToBytes } from '../../../knowledge/store/vectors.js';
import { inTransaction } from '../connect.js';
import { migrateKnowledgeSchema, quotedSchema } from './postgres-schema.js';
import { searchText, searchVector } from './postgres-search.js';
import { CHUNK_LEN, CHUNK_TSV, Params, visible } from './postgres-sql.js';

interface BaseRow {
  id: number;
  name: string;
  created_at: string;
  version: number;
  chunking: ChunkingOptions;
  embedding_model: string | null;
  dimensions: number | null;
}

type Queryable = pg.Pool | pg.PoolClient;

/**
 * Knowledge bases in PostgreSQL: `tsvector` with the `english` configuration (Snowball stemming,
 * stopwords) scored with the same BM25 formula as SQLite FTS5 (k1 1.2, b 0.75), and vectors
 * as float32 `bytea` searched by an exact scan, because pgvector is not installed here.
 *
 * @example const store = await openPostgresKnowledgeStore({ connectionString: 'postgres://…', schema: 'public' });
 */
export class PostgresKnowledgeStore implements KnowledgeStore {
  readonly engine = 'postgres' as const;
  private readonly s: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly ownsPool = false,
  ) {
    this.s = quotedSchema(schema);
  }

  async createKnowledgeBase(name: string, chunking: ChunkingOptions, now: number): Promise<KnowledgeBaseRecord> {
    const { rows } = await this.pool.query<BaseRow>(`INSERT INTO ${this.s}.kb_bases (name, created_at, chunking) VALUES ($1, $2, $3) RETURNING *`, [name, now, JSON.stringify(chunking)]);
    return this.record(rows[0] as BaseRow);
  }

  async getKnowledgeBase(name: string): Promise<KnowledgeBaseRecord | undefined> {
    const { rows } = await this.pool.query<BaseRow>(`SELECT * FROM ${this.s}.kb_bases WHERE name = $1`, [name]);
    return rows[0] && this.record(rows[0]);
  }

  async listKnowledgeBases(): Promise<KnowledgeBaseRecord[]> {
    const { rows } = await this.pool.query<BaseRow>(`SELECT * FROM ${this.s}.kb_bases ORDER BY name`);
    return Promise.all(rows.map((row) => this.record(row)));
  }

  async deleteKnowledgeBase(name: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: number }>(`SELECT id FROM ${this.s}.kb_bases WHERE name = $1 FOR UPDATE`, [name]);
      const id = rows[0]?.id;
      if (id === undefined) return false;
      // Chunks first: deleting documents would cascade row by row.
      await client.query(`DELETE FROM ${this.s}.kb_chunks WHERE kb_id = $1`, [id]);
      await client.query(`DELETE FROM ${this.s}.kb_bases WHERE id = $1`, [id]);
      await client.query(`DELETE FROM ${this.s}.kb_writers WHERE kb_id = $1`, [id]);
      return true;
    });
  }

  async versions(kbId: number): Promise<KnowledgeBaseVersion[]> {
    const { rows } = await this.pool.query(`SELECT version, created_at, added, changed, removed, documents, chunks FROM ${this.s}.kb_versions WHERE kb_id = $1 ORDER BY version`, [kbId]);
    return rows.map((r) => ({ version: r.version, createdAt: Number(r.created_at), added: r.added, changed: r.changed, removed: r.removed, documents: r.documents, chunks: r.chunks }));
  }

  async documentHeads(kbId: number): Promise<Map<string, StoredDocumentHead>> {
    // Live in the published version, whether or not an unpublished one has superseded them yet.
    const p = new Params();
    const version = await this.versionOf(this.pool, kbId, false);
    const { rows } = await this.pool.query<{ doc_id: string; source: string; hash: string }>(`SELECT doc_id, source, hash FROM ${this.s}.kb_documents d WHERE d.kb_id = ${p.add(kbId)} AND ${visible(p, version)}`, p.values);
    return new Map(rows.map((r) => [r.doc_id, { docId: r.doc_id, source: r.source, hash: r.hash }]));
  }

  async allDocumentHeads(kbId: number): Promise<Map<string, StoredDocumentHead>> {
    const { rows } = await this.pool.query<{ doc_id: string; source: string; hash: string }>(`SELECT doc_id, source, hash FROM ${this.s}.kb_documents WHERE kb_id = $1 ORDER BY version_from`, [kbId]);
    return new Map(rows.map((r) => [r.doc_id, { docId: r.doc_id, source: r.source, hash: r.hash }]));
  }

  async pendingHeads(kbId: number): Promise<Map<string, StoredDocumentHead>> {
    const version = await this.versionOf(this.pool, kbId, false);
    const { rows } = await this.pool.query<{ doc_id: string; source: string; hash: string }>(`SELECT doc_id, source, hash FROM ${this.s}.kb_documents WHERE kb_id = $1 AND version_from > $2`, [kbId, version]);
    return new Map(rows.map((r) => [r.doc_id, { docId: r.doc_id, source: r.source, hash: r.hash }]));
  }

  async getDocument(kbId: number, docId: string, version: number): Promise<StoredDocument | undefined> {
    return (await this.documents(kbId, version, 1, docId))[0];
  }

  async listDocuments(kbId: number, version: number, limit: number): Promise<StoredDocument[]> {
    return this.documents(kbId, version, limit);
  }

  async beginVersion(kbId: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const version = await this.versionOf(client, kbId, true);
      // Documents an interrupted run wrote stay (the indexer confirms or replaces each); its
      // removals, written only after a complete walk, are undone: this run decides them again.
      await client.query(
        `UPDATE ${this.s}.kb_documents d SET version_to = NULL WHERE d.kb_id = $1 AND d.version_to > $2
         AND NOT EXISTS (SELECT 1 FROM ${this.s}.kb_documents p WHERE p.kb_id = $1 AND p.doc_id = d.doc_id AND p.version_from > $2)`,
        [kbId, version],
      );
      return version + 1;
    });
  }

  async revertPending(kbId: number, version: number, docIds: string[]): Promise<void> {
    if (docIds.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      await this.dropPending(client, kbId, version, docIds);
      await client.query(`UPDATE ${this.s}.kb_documents SET version_to = NULL WHERE kb_id = $1 AND doc_id = ANY($2::text[]) AND version_to = $3`, [kbId, docIds, version]);
    });
  }

  async writeDocuments(kbId: number, version: number, documents: DocumentWrite[]): Promise<void> {
    if (documents.length === 0) return;
    // A batch is a handful of statements, not four per document: per document, the look-ups by
    // doc_id ran on the version index (no statistics on a table being filled) and scanned every
    // document of the version so far, so 10,000 records took 69 s.
    const ids = documents.map((doc) => doc.docId);
    await inTransaction(this.pool, async (client) => {
      await this.dropPending(client, kbId, version, ids);
      await client.query(`UPDATE ${this.s}.kb_documents SET version_to = $1 WHERE kb_id = $2 AND doc_id = ANY($3::text[]) AND version_to IS NULL AND version_from < $1`, [version, kbId, ids]);
      const { rows } = await client.query<{ id: string; doc_id: string }>(
        `INSERT INTO ${this.s}.kb_documents (kb_id, doc_id, source, title, hash, text, metadata, version_from)
         SELECT $1, t.doc_id, t.source, t.title, t.hash, t.text, t.metadata::jsonb, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(doc_id, source, title, hash, text, metadata)
         RETURNING id, doc_id`,
        [kbId, version, ids, documents.map((d) => d.source), documents.map((d) => d.title), documents.map((d) => d.hash), documents.map((d) => d.text), documents.map((d) => JSON.stringify(d.metadata))],
      );
      // Doc ids are unique within a version (the indexer skips a second offer), so they key the rows.
      const rowOf = new Map(rows.map((r) => [r.doc_id, r.id]));
      const chunks = documents.flatMap((doc) => doc.chunks.map((chunk) => ({ doc, chunk })));
      if (chunks.length === 0) return;
      await client.query(
        `INSERT INTO ${this.s}.kb_chunks (document_row, kb_id, chunk_id, ordinal, start_offset, end_offset, heading_path, text, tsv, len, embedding)
         SELECT x.document_row, $1, x.chunk_id, x.ordinal, x.start_offset, x.end_offset, x.heading_path::jsonb, x.text, x.tsv,
                ${CHUNK_LEN}, x.embedding
         FROM (SELECT t.*, ${CHUNK_TSV} AS tsv
               FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[], $11::bytea[])
                 AS t(document_row, title, chunk_id, ordinal, start_offset, end_offset, heading_path, headings, text, embedding)) x`,
        [
          kbId,
          chunks.map(({ doc }) => rowOf.get(doc.docId)), chunks.map(({ doc }) => doc.title),
          chunks.map(({ chunk }) => chunk.chunkId), chunks.map(({ chunk }) => chunk.ordinal), chunks.map(({ chunk }) => chunk.start), chunks.map(({ chunk }) => chunk.end),
          chunks.map(({ chunk }) => JSON.stringify(chunk.headingPath)), chunks.map(({ chunk }) => chunk.headingPath.join(' / ')), chunks.map(({ chunk }) => chunk.text),
          chunks.map(({ chunk }) => (chunk.vector ? vectorToBytes(chunk.vector) : null)),
        ],
      );
    });
  }

  async removeDocuments(kbId: number, version: number, docIds: string[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await this.dropPending(client, kbId, version, docIds);
      await client.query(`UPDATE ${this.s}.kb_documents SET version_to = $1 WHERE kb_id = $2 AND doc_id = ANY($3::text[]) AND version_to IS NULL AND version_from < $1`, [version, kbId, docIds]);
    });
  }

  async publishVersion(kbId: number, version: number, change: { added: number; changed: number; removed: number }, now: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const current = await this.versionOf(client, kbId, true);
      if (version !== current + 1) throw new SwitchyardError('invalid_request', `cannot publish version ${version} of knowledge base ${kbId}: it is at version ${current}`);
      const counts = await this.counts(client, kbId, version);
      await client.query(
        `INSERT INTO ${this.s}.kb_versions (kb_id, version, created_at, added, changed, removed, documents, chunks, lexemes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [kbId, version, now, change.added, change.changed, change.removed, counts.documents, counts.chunks, counts.lexemes],
      );
      await client.query(`UPDATE ${this.s}.kb_bases SET version = $1 WHERE id = $2`, [version, kbId]);
    });
    // Fresh planner statistics after a bulk load, so searches use the GIN index; best effort.
    await this.pool.query(`ANALYZE ${this.s}.kb_chunks, ${this.s}.kb_documents`).catch(() => undefined);
  }

  async removeAndPublish(kbId: number, docIds: string[], now: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const current = await this.versionOf(client, kbId, true);
      const version = current + 1;
      // An interrupted run's unpublished version moves one up, out of the way of this one.
      await client.query(`UPDATE ${this.s}.kb_documents SET version_from = version_from + 1 WHERE kb_id = $1 AND version_from > $2`, [kbId, current]);
      await client.query(`UPDATE ${this.s}.kb_documents SET version_to = version_to + 1 WHERE kb_id = $1 AND version_to > $2`, [kbId, current]);
      await this.dropPending(client, kbId, version + 1, docIds);
      await client.query(`UPDATE ${this.s}.kb_documents SET version_to = $1 WHERE kb_id = $2 AND doc_id = ANY($3::text[]) AND version_from <= $4 AND (version_to IS NULL OR version_to > $4)`, [version, kbId, docIds, current]);
      const counts = await this.counts(client, kbId, version);
      await client.query(
        `INSERT INTO ${this.s}.kb_versions (kb_id, version, created_at, added, changed, removed, documents, chunks, lexemes) VALUES ($1, $2, $3, 0, 0, $4, $5, $6, $7)`,
        [kbId, version, now, docIds.length, counts.documents, counts.chunks, counts.lexemes],
      );
      await client.query(`UPDATE ${this.s}.kb_bases SET version = $1 WHERE id = $2`, [version, kbId]);
      return version;
    });
  }

  async purgeDocuments(kbId: number, docIds: string[]): Promise<PurgeReport> {
    const report = await inTransaction(this.pool, async (client) => {
      const current = await this.versionOf(client, kbId, true);
      const { rows } = await client.query<{ id: string; version_from: number; version_to: number | null }>(`SELECT id, version_from, version_to FROM ${this.s}.kb_documents WHERE kb_id = $1 AND doc_id = ANY($2::text[]) FOR UPDATE`, [kbId, docIds]);
      const versions = new Set<number>();
      for (const row of rows) for (let v = row.version_from; v <= Math.min(current, (row.version_to ?? current + 1) - 1); v++) versions.add(v);
      const ids = rows.map((r) => r.id);
      const chunks = await client.query(`DELETE FROM ${this.s}.kb_chunks WHERE document_row = ANY($1::bigint[])`, [ids]);
      await client.query(`DELETE FROM ${this.s}.kb_documents WHERE id = ANY($1::bigint[])`, [ids]);
      for (const v of versions) {
        const counts = await this.counts(client, kbId, v);
        await client.query(`UPDATE ${this.s}.kb_versions SET documents = $1, chunks = $2, lexemes = $3 WHERE kb_id = $4 AND version = $5`, [counts.documents, counts.chunks, counts.lexemes, kbId, v]);
      }
      return { versions: [...versions].sort((a, b) => a - b), rows: rows.length, chunks: chunks.rowCount ?? 0 };
    });
    // Deleted rows stay in the table's pages until a vacuum reclaims them; best effort (it needs the table's owner).
    await this.pool.query(`VACUUM ${this.s}.kb_chunks, ${this.s}.kb_documents`).catch(() => undefined);
    return report;
  }

  async acquireWriter(kbId: number, lease: WriterLease, now: number, replacing?: string): Promise<WriterLease | undefined> {
    // One statement: PostgreSQL locks the conflicting row, so two takers never both win.
    const { rows } = await this.pool.query<{ token: string }>(
      `INSERT INTO ${this.s}.kb_writers AS w (kb_id, token, operation, pid, host, since, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (kb_id) DO UPDATE SET token = excluded.token, operation = excluded.operation, pid = excluded.pid, host = excluded.host, since = excluded.since, expires_at = excluded.expires_at
       WHERE w.expires_at <= $8 OR w.token = $2 OR w.token = $9 RETURNING token`,
      [kbId, lease.token, lease.operation, lease.pid, lease.host, lease.since, lease.expiresAt, now, replacing ?? null],
    );
    if (rows[0]?.token === lease.token) return undefined;
    const held = await this.pool.query<{ token: string; operation: string; pid: number; host: string; since: string; expires_at: string }>(`SELECT token, operation, pid, host, since, expires_at FROM ${this.s}.kb_writers WHERE kb_id = $1`, [kbId]);
    const row = held.rows[0];
    // Released between the two statements: try again.
    if (!row) return this.acquireWriter(kbId, lease, now, replacing);
    return { token: row.token, operation: row.operation, pid: row.pid, host: row.host, since: Number(row.since), expiresAt: Number(row.expires_at) };
  }

  async renewWriter(kbId: number, token: string, expiresAt: number): Promise<boolean> {
    const result = await this.pool.query(`UPDATE ${this.s}.kb_writers SET expires_at = $1 WHERE kb_id = $2 AND token = $3`, [expiresAt, kbId, token]);
    return result.rowCount === 1;
  }

  async releaseWriter(kbId: number, token: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.s}.kb_writers WHERE kb_id = $1 AND token = $2`, [kbId, token]);
  }

  async setEmbeddingModel(kbId: number, model: string, dimensions: number, reset: boolean): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      if (reset) await client.query(`UPDATE ${this.s}.kb_chunks SET embedding = NULL WHERE kb_id = $1`, [kbId]);
      await client.query(`UPDATE ${this.s}.kb_bases SET embedding_model = $1, dimensions = $2 WHERE id = $3`, [model, dimensions, kbId]);
    });
  }

  async chunksWithoutVectors(kbId: number, limit: number): Promise<{ key: number; text: string }[]> {
    const p = new Params();
    const version = await this.versionOf(this.pool, kbId, false);
    const { rows } = await this.pool.query<{ key: string; text: string }>(
      `SELECT c.id AS key, c.text FROM ${this.s}.kb_chunks c JOIN ${this.s}.kb_documents d ON d.id = c.document_row
       WHERE c.kb_id = ${p.add(kbId)} AND c.embedding IS NULL AND ${visible(p, version)} ORDER BY c.id LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => ({ key: Number(r.key), text: r.text }));
  }

  async putVectors(kbId: number, vectors: { key: number; vector: Float32Array }[]): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.s}.kb_chunks c SET embedding = v.embedding FROM unnest($1::bigint[], $2::bytea[]) AS v(id, embedding) WHERE c.id = v.id AND c.kb_id = $3`,
      [vectors.map((v) => v.key), vectors.map((v) => vectorToBytes(v.vector)), kbId],
    );
  }

  searchText(kbId: number, query: string, options: StoreSearchOptions): Promise<StoreHit[]> {
    return searchText(this.pool, this.s, kbId, query, options);
  }

  searchVector(kbId: number, vector: Float32Array, options: StoreSearchOptions): Promise<StoreHit[]> {
    return searchVector(this.pool, this.s, kbId, vector, options);
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private async documents(kbId: number, version: number, limit: number, docId?: string): Promise<StoredDocument[]> {
    const p = new Params();
    const { rows } = await this.pool.query(
      `SELECT d.*, (SELECT count(*) FROM ${this.s}.kb_chunks c WHERE c.document_row = d.id)::int AS chunk_count FROM ${this.s}.kb_documents d
       WHERE d.kb_id = ${p.add(kbId)} AND ${visible(p, version)} ${docId === undefined ? '' : `AND d.doc_id = ${p.add(docId)}`} ORDER BY d.doc_id LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => ({ docId: r.doc_id, source: r.source, hash: r.hash, title: r.title, text: r.text, metadata: r.metadata as Metadata, versionFrom: r.version_from, chunks: r.chunk_count }));
  }

  private async dropPending(client: Queryable, kbId: number, version: number, docIds: string[]): Promise<void> {
    await client.query(`DELETE FROM ${this.s}.kb_chunks WHERE document_row IN (SELECT id FROM ${this.s}.kb_documents WHERE kb_id = $1 AND doc_id = ANY($2::text[]) AND version_from = $3)`, [kbId, docIds, version]);
    await client.query(`DELETE FROM ${this.s}.kb_documents WHERE kb_id = $1 AND doc_id = ANY($2::text[]) AND version_from = $3`, [kbId, docIds, version]);
  }

  private async versionOf(client: Queryable, kbId: number, lock: boolean): Promise<number> {
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${this.s}.kb_bases WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [kbId]);
    if (!rows[0]) throw new SwitchyardError('not_found', `knowledge base ${kbId} does not exist (deleted while in use?)`);
    return rows[0].version;
  }

  private async counts(client: Queryable, kbId: number, version: number): Promise<{ documents: number; chunks: number; embedded: number; lexemes: number }> {
    const p = new Params();
    const { rows } = await client.query(
      `SELECT count(DISTINCT d.id)::int AS documents, count(c.id)::int AS chunks, count(c.embedding)::int AS embedded, coalesce(sum(c.len), 0)::float8 AS lexemes
       FROM ${this.s}.kb_documents d LEFT JOIN ${this.s}.kb_chunks c ON c.document_row = d.id WHERE d.kb_id = ${p.add(kbId)} AND ${visible(p, version)}`,
      p.values,
    );
    return rows[0] as { documents: number; chunks: number; embedded: number; lexemes: number };
  }

  private async record(row: BaseRow): Promise<KnowledgeBaseRecord> {
    const counts = await this.counts(this.pool, row.id, row.version);
    return {
      id: row.id, name: row.name, createdAt: Number(row.created_at), version: row.version, chunking: row.chunking,
      embeddingModel: row.embedding_model, dimensions: row.dimensions,
      documents: counts.documents, chunks: counts.chunks, embeddedChunks: counts.embedded,
    };
  }
}

export interface PostgresKnowledgeStoreOptions {
  /** An existing pool (shared with other stores), or a connection string for a new one. */
  pool?: pg.Pool;
  connectionString?: string;
  /** Schema for the kb_ tables (default "public"); created if missing. */
  schema?: string;
}

/**
 * Connects, creates or upgrades the tables, and returns the store.
 *
 * @example const store = await openPostgresKnowledgeStore({ connectionString: process.env.DATABASE_URL });
 */
export async function openPostgresKnowledgeStore(options: PostgresKnowledgeStoreOptions): Promise<PostgresKnowledgeStore> {
  const schema = options.schema ?? 'public';
  quotedSchema(schema);
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 4 });
  try {
    await migrateKnowledgeSchema(pool, schema);
  } catch (error) {
    if (!options.pool) await pool.end().catch(() => undefined);
    throw new SwitchyardError('config_invalid', `cannot prepare the knowledge tables in PostgreSQL schema "${schema}": ${(error as Error).message}`, { cause: error });
  }
  return new PostgresKnowledgeStore(pool, schema, !options.pool);
}

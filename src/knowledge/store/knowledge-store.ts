import type { ChunkDraft, ChunkingOptions, Metadata, MetadataFilter } from '../types.js';

/** A knowledge base as stored. Counts are those of the current version. */
export interface KnowledgeBaseRecord {
  id: number;
  name: string;
  createdAt: number;
  /** The published version searches use by default; 0 before the first indexing. */
  version: number;
  chunking: ChunkingOptions;
  /** The model every stored vector came from; null until something is embedded. */
  embeddingModel: string | null;
  dimensions: number | null;
  documents: number;
  chunks: number;
  /** Chunks of the current version that have a vector. */
  embeddedChunks: number;
}

/** What one published version changed. */
export interface KnowledgeBaseVersion {
  version: number;
  createdAt: number;
  added: number;
  changed: number;
  removed: number;
  documents: number;
  chunks: number;
}

/** A document as written by one version. Chunks may carry their vector (already normalised). */
export interface DocumentWrite {
  docId: string;
  source: string;
  title: string;
  hash: string;
  text: string;
  metadata: Metadata;
  chunks: (ChunkDraft & { vector?: Float32Array })[];
}

export interface StoredDocumentHead {
  docId: string;
  source: string;
  hash: string;
}

export interface StoredDocument extends StoredDocumentHead {
  title: string;
  text: string;
  metadata: Metadata;
  versionFrom: number;
  chunks: number;
}

/** A chunk found by a store search, scored by that search (higher is better). */
export interface StoreHit {
  docId: string;
  chunkId: string;
  title: string;
  headingPath: string[];
  text: string;
  start: number;
  end: number;
  metadata: Metadata;
  score: number;
}

export interface StoreSearchOptions {
  limit: number;
  /** The version to search (pinned by an eval run); the store never sees unpublished rows. */
  version: number;
  filter?: MetadataFilter;
}

/** What a purge deleted. */
export interface PurgeReport {
  /** Published versions that held any of the documents (their counts now leave them out). */
  versions: number[];
  /** Stored rows (one per document per change) and chunks deleted. */
  rows: number;
  chunks: number;
}

/**
 * Who is writing a knowledge base: one writer at a time per base, across every process on the
 * same store (`kb add`, `kb remove`, a gateway's admin API). A lease, renewed while the writer
 * works, so a writer that died without releasing it holds the base no longer than its lease.
 */
export interface WriterLease {
  /** Unique per acquisition. */
  token: string;
  /** What is writing, as a person would say it: `kb add`, `kb remove`, `admin API remove`. */
  operation: string;
  pid: number;
  host: string;
  since: number;
  expiresAt: number;
}

/**
 * Storage port for knowledge bases: one implementation per engine (SQLite, PostgreSQL), all
 * held to `knowledgeStoreContract`. Writing a version is staged: `beginVersion`, any number of
 * `writeDocuments` / `removeDocuments` batches, then `publishVersion`; nothing is visible to
 * searches before it is published. Each batch is committed as it is written, so an interrupted
 * version keeps the documents it wrote: the next `beginVersion` continues it (`pendingHeads`
 * lists them, `revertPending` drops those the next run does not confirm). Earlier versions stay searchable (an eval run pins the one it used).
 */
export interface KnowledgeStore {
  readonly engine: 'sqlite' | 'postgres';
  createKnowledgeBase(name: string, chunking: ChunkingOptions, now: number): Promise<KnowledgeBaseRecord>;
  getKnowledgeBase(name: string): Promise<KnowledgeBaseRecord | undefined>;
  listKnowledgeBases(): Promise<KnowledgeBaseRecord[]>;
  deleteKnowledgeBase(name: string): Promise<boolean>;
  versions(kbId: number): Promise<KnowledgeBaseVersion[]>;

  /** Heads of the documents live in the current (published) version, by document id. */
  documentHeads(kbId: number): Promise<Map<string, StoredDocumentHead>>;
  /** Heads of every document the base ever held, in any version (unpublished too): the latest row's, by document id. */
  allDocumentHeads(kbId: number): Promise<Map<string, StoredDocumentHead>>;
  /** Heads of the documents written to the unpublished version (by an interrupted run), by document id. */
  pendingHeads(kbId: number): Promise<Map<string, StoredDocumentHead>>;
  getDocument(kbId: number, docId: string, version: number): Promise<StoredDocument | undefined>;
  listDocuments(kbId: number, version: number, limit: number): Promise<StoredDocument[]>;

  /**
   * Returns the number the next version will have, keeping the documents an interrupted run
   * wrote to it and undoing that run's removals.
   */
  beginVersion(kbId: number): Promise<number>;
  /** Drops documents written to the unpublished version; their published rows (if any) stay live. */
  revertPending(kbId: number, version: number, docIds: string[]): Promise<void>;
  /** Supersedes the live row of each document (if any) with the new content, in `version`. */
  writeDocuments(kbId: number, version: number, documents: DocumentWrite[]): Promise<void>;
  removeDocuments(kbId: number, version: number, docIds: string[]): Promise<void>;
  publishVersion(kbId: number, version: number, change: { added: number; changed: number; removed: number }, now: number): Promise<void>;
  /**
   * Publishes, in one transaction, a version without these documents (ids live in the current
   * version), so searches stop returning their chunks from their next read; returns its number.
   * Earlier versions keep them. What an interrupted run wrote stays unpublished, moved to the
   * version after (its rows for these documents are dropped: removed means gone from the next
   * version too, until a `kb add` reads the file again).
   */
  removeAndPublish(kbId: number, docIds: string[], now: number): Promise<number>;

  /**
   * Takes the write lease of a base for `lease.token`: granted when no one holds it, when the
   * holder's lease expired (`now` past its `expiresAt`), or when the holder's token is
   * `replacing` (a writer known to be dead). One statement, so two takers never both win.
   * Returns undefined when granted, else the lease in the way.
   */
  acquireWriter(kbId: number, lease: WriterLease, now: number, replacing?: string): Promise<WriterLease | undefined>;
  /** Extends a lease still held; false when it was lost (it expired and another writer took it). */
  renewWriter(kbId: number, token: string, expiresAt: number): Promise<boolean>;
  /** Gives the lease up (nothing when `token` no longer holds it). */
  releaseWriter(kbId: number, token: string): Promise<void>;

  /**
   * Forgets documents: deletes every row of them in every version (published, earlier and
   * unpublished) with their chunks, vectors and full-text entries, so no version, search or
   * listing returns their text again, and recounts the versions that held them. For text that
   * must be gone (a legal removal), not for an ordinary removal, which keeps history.
   */
  purgeDocuments(kbId: number, docIds: string[]): Promise<PurgeReport>;

  /** Records the embedding model; `reset` also drops every stored vector (a re-embed). */
  setEmbeddingModel(kbId: number, model: string, dimensions: number, reset: boolean): Promise<void>;
  /** Chunks of the current version without a vector, by internal key, at most `limit`. */
  chunksWithoutVectors(kbId: number, limit: number): Promise<{ key: number; text: string }[]>;
  putVectors(kbId: number, vectors: { key: number; vector: Float32Array }[]): Promise<void>;

  /** BM25 over title, heading path and text; any query term may match (OR). */
  searchText(kbId: number, query: string, options: StoreSearchOptions): Promise<StoreHit[]>;
  /** Cosine similarity to a normalised vector, exact; chunks without vectors are not candidates. */
  searchVector(kbId: number, vector: Float32Array, options: StoreSearchOptions): Promise<StoreHit[]>;

  close(): Promise<void>;
}

/**
 * The vocabulary of knowledge bases: documents as loaded, the structure blocks a loader finds,
 * chunks as stored, and chunks as retrieved. Offsets are UTF-16 code-unit indexes into the
 * document's `text`, so `text.slice(start, end)` is exactly the cited passage.
 */

/** Scalar metadata values: what filters can compare. */
export type MetadataValue = string | number | boolean;
/**
 * A document's fields: scalars, or lists of scalars (front matter's `tags: [pricing, plans]`),
 * which a filter value matches when the list holds it.
 */
export type Metadata = Record<string, MetadataValue | MetadataValue[] | null>;

/** A structural unit a loader found: a heading or a body block (paragraph, list, table, code). */
export interface Block {
  kind: 'heading' | 'body';
  /** Heading level 1–6; 0 for body blocks. */
  level: number;
  start: number;
  end: number;
  /** Plain text of a heading (without `#` marks), for heading paths. */
  heading?: string;
}

/** A document ready to chunk. `blocks` must be ordered, non-overlapping and inside `text`. */
export interface LoadedDocument {
  /** Stable id: the path relative to the working directory, or the JSONL record's id. */
  id: string;
  title: string;
  text: string;
  blocks: Block[];
  metadata: Metadata;
}

/** A chunk before storage. */
export interface ChunkDraft {
  /** `${docId}#${ordinal}`: stable while the document is unchanged. */
  chunkId: string;
  ordinal: number;
  text: string;
  start: number;
  end: number;
  /** Titles of the enclosing headings, outermost first. */
  headingPath: string[];
}

export interface ChunkingOptions {
  /** Upper bound on a chunk's length in characters. */
  maxChars: number;
  /** Characters repeated from the previous chunk when a section is split for size. */
  overlapChars: number;
}

export type SearchMode = 'bm25' | 'dense' | 'hybrid';

/** Equality on document metadata; an array means "any of". */
export type MetadataFilter = Record<string, MetadataValue | MetadataValue[]>;

/** A retrieved chunk with everything a citation needs. */
export interface RetrievedChunk {
  docId: string;
  chunkId: string;
  score: number;
  text: string;
  title: string;
  headingPath: string[];
  start: number;
  end: number;
  metadata: Metadata;
}

/**
 * Turns texts into vectors. The gateway's model client is adapted to this; tests use
 * `hashedEmbedder`. `model` is recorded on the knowledge base so vectors are never mixed.
 */
export interface Embedder {
  model: string;
  dimensions?: number;
  embed(texts: string[]): Promise<number[][]>;
}

/** Scores candidates for a query (higher is better), one score per candidate, in order. */
export type Reranker = (query: string, candidates: RetrievedChunk[]) => Promise<number[]>;

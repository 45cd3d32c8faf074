import { createHash } from 'node:crypto';
import type { LoadedDocument } from '../types.js';

/** Bumped when loaders or chunking change how a document is read, so everything re-indexes (2: front matter lists kept, PDF titles that name a source file dropped). */
export const INDEX_FORMAT = 2;

/** How a text file's bytes were decoded when they were not UTF-8: a byte order mark's UTF-16, or a single-byte encoding. */
export type TextEncodingName = 'utf-16le' | 'utf-16be' | 'windows-1252' | 'windows-1250' | 'iso-8859-2';

/**
 * What a text file that is not UTF-8 is read as (`kb add --encoding`): `auto` (default) chooses
 * among the single-byte encodings by their letters, `utf-8` refuses such a file, and an encoding
 * reads every such file in it without asking. A valid UTF-8 file (and one with a UTF-16 byte
 * order mark) is read as such whatever this says.
 */
export type EncodingChoice = 'auto' | 'utf-8' | 'windows-1252' | 'windows-1250' | 'iso-8859-2';
export const ENCODING_CHOICES: readonly EncodingChoice[] = ['auto', 'utf-8', 'windows-1252', 'windows-1250', 'iso-8859-2'];

/** A loaded document (with `encoding` when its file was not UTF-8), or why it was not loaded. */
export type LoadResult = { ok: true; document: LoadedDocument; encoding?: TextEncodingName } | { ok: false; reason: string };

/**
 * One document offered for indexing. `hash` is computed from the raw content before parsing, so
 * unchanged documents are never parsed, chunked or embedded again.
 */
export interface SourceItem {
  id: string;
  /** The root it came from (a path argument or a JSONL file): removals are scoped to roots. */
  source: string;
  hash: string;
  load(): Promise<LoadResult>;
}

/** Something that could not even be offered (unreadable, too large, binary). */
export interface SkippedItem {
  id: string;
  source: string;
  reason: string;
}

export interface DocumentSet {
  /** Roots this set covers: documents from these roots that are not offered again are removed. */
  sources: string[];
  items: AsyncIterable<SourceItem | SkippedItem>;
  /** How many items `items` will offer, when that is cheap to know (for progress bars). */
  total?: () => Promise<number>;
}

/**
 * SHA-256 of the index format and the content parts, hex.
 *
 * @example contentHash('hello') // 64 hex characters
 */
export function contentHash(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256').update(`switchyard-kb-${INDEX_FORMAT}\0`);
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/**
 * Offers documents already in memory (API users, tests) as one source.
 *
 * @example await indexDocuments(kb, documentSet('handbook', [{ id: 'a', title: 'A', text: '…', blocks, metadata: {} }]))
 */
export function documentSet(source: string, documents: readonly LoadedDocument[]): DocumentSet {
  async function* items(): AsyncIterable<SourceItem> {
    for (const document of documents) {
      const hash = contentHash(document.title, document.text, JSON.stringify(document.blocks), stableJson(document.metadata));
      yield { id: document.id, source, hash, load: async () => ({ ok: true, document }) };
    }
  }
  return { sources: [source], items: items() };
}

/** JSON with sorted keys, so equal metadata hashes equally. */
export function stableJson(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

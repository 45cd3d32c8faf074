import type { Metadata } from '../../../knowledge/types.js';
import type { StoreHit } from '../../../knowledge/store/knowledge-store.js';
import type { FilterClause } from '../../../knowledge/store/metadata-filter.js';

/** Positional parameters collected while SQL is assembled. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Rows live in a version: written at or before it and not superseded by then. */
export function visible(p: Params, version: number): string {
  const v = p.add(version);
  return `d.version_from <= ${v} AND (d.version_to IS NULL OR d.version_to > ${v})`;
}

/**
 * Metadata clauses as typed JSON containment (`2024` matches the number, `"2024"` the string): a
 * scalar contains only itself, and a list contains each scalar it holds, so one `@>` serves both.
 */
export function filterSql(p: Params, clauses: FilterClause[]): string {
  return clauses.map((c) => ` AND (d.metadata -> ${p.add(c.field)}) @> ANY(${p.add(c.values.map((v) => JSON.stringify(v)))}::jsonb[])`).join('');
}

export const HIT_COLUMNS = 'c.id, c.chunk_id, c.start_offset, c.end_offset, c.heading_path, c.text, d.doc_id, d.title, d.metadata';

export interface HitRow {
  chunk_id: string;
  start_offset: number;
  end_offset: number;
  heading_path: string[];
  text: string;
  doc_id: string;
  title: string;
  metadata: Metadata;
}

export function toHit(row: HitRow, score: number): StoreHit {
  return { docId: row.doc_id, chunkId: row.chunk_id, title: row.title, headingPath: row.heading_path, text: row.text, start: row.start_offset, end: row.end_offset, metadata: row.metadata, score };
}

/**
 * A tsquery that ORs lexemes, each quoted with `'` doubled and `\` escaped, so no lexeme is
 * read as tsquery syntax.
 *
 * @example orTsquery(['refund', "o'k"]) // "'refund' | 'o''k'"
 */
export function orTsquery(lexemes: readonly string[]): string {
  return lexemes.map((l) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ');
}

/**
 * A chunk's `tsv` from `t.title`, `t.headings` (its heading path joined by " / ") and `t.text`:
 * the title weighs most, then the headings. One expression for the store's writes and
 * `migrate --from`'s copy, so a copied chunk is found as one indexed here.
 */
export const CHUNK_TSV = "setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.headings), 'B') || to_tsvector('english', t.text)";

/** A chunk's length in lexeme occurrences (BM25's document length) from its `x.tsv`. */
export const CHUNK_LEN = '(SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0) FROM unnest(x.tsv) u)';

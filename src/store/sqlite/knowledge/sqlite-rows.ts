import type { Metadata } from '../../../knowledge/types.js';
import type { FilterClause } from '../../../knowledge/store/metadata-filter.js';
import type { StoreHit } from '../../../knowledge/store/knowledge-store.js';

/** Rows live in version `@v`: written at or before it and not superseded by then. */
export const VISIBLE = 'd.version_from <= @v AND (d.version_to IS NULL OR d.version_to > @v)';

export const HIT_COLUMNS = 'c.id AS key, c.chunk_id, c.start_offset, c.end_offset, c.heading_path, c.text, d.doc_id, d.title, d.metadata';

export interface HitRow {
  key: number;
  chunk_id: string;
  start_offset: number;
  end_offset: number;
  heading_path: string;
  text: string;
  doc_id: string;
  title: string;
  metadata: string;
}

export function toHit(row: HitRow, score: number): StoreHit {
  return {
    docId: row.doc_id,
    chunkId: row.chunk_id,
    title: row.title,
    headingPath: JSON.parse(row.heading_path) as string[],
    text: row.text,
    start: row.start_offset,
    end: row.end_offset,
    metadata: JSON.parse(row.metadata) as Metadata,
    score,
  };
}

/**
 * SQL and named parameters for metadata clauses on `d.metadata`: a scalar field matches a value
 * equal to it, a list field one it holds. JSON paths and values are bound, never spliced;
 * booleans compare as SQLite's JSON 1/0.
 *
 * @example filterSql([{ field: 'team', values: ['support'] }]) // { sql: ' AND json_extract(…) IN (@f0v0)', params }
 */
export function filterSql(clauses: FilterClause[]): { sql: string; params: Record<string, unknown> } {
  let sql = '';
  const params: Record<string, unknown> = {};
  clauses.forEach((clause, i) => {
    params[`f${i}`] = `$."${clause.field}"`;
    const names = clause.values.map((value, j) => {
      params[`f${i}v${j}`] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      return `@f${i}v${j}`;
    });
    // json_each walks a list's items, and yields a scalar itself: one clause for both.
    sql += ` AND EXISTS (SELECT 1 FROM json_each(d.metadata, @f${i}) WHERE value IN (${names.join(', ')}))`;
  });
  return { sql, params };
}

import type pg from 'pg';
import { queryTerms } from '../../../knowledge/text/query-terms.js';
import type { StoreHit, StoreSearchOptions } from '../../../knowledge/store/knowledge-store.js';
import { filterClauses } from '../../../knowledge/store/metadata-filter.js';
import { bytesToVector, dot, TopK } from '../../../knowledge/store/vectors.js';
import { filterSql, HIT_COLUMNS, type HitRow, orTsquery, Params, toHit, visible } from './postgres-sql.js';

// The BM25 parameters SQLite FTS5's bm25() uses, so both engines rank alike.
const K1 = 1.2;
const B = 0.75;
const SCAN_PAGE = 2000;

/**
 * BM25 in SQL over `tsvector`s: term frequencies from lexeme positions, document frequencies
 * over the version's chunks, chunk count and average length as recorded when the version was
 * published; candidates are found through the GIN index by an OR tsquery. The idf floor matches FTS5 (terms in over half the chunks count 1e-6).
 *
 * @example await searchText(pool, '"public"', 1, 'refund window', { limit: 10, version: 3 })
 */
export async function searchText(pool: pg.Pool, s: string, kbId: number, query: string, options: StoreSearchOptions): Promise<StoreHit[]> {
  const clauses = filterClauses(options.filter);
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const { rows: lexRows } = await pool.query<{ lexemes: string[] }>("SELECT array(SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', $1))) AS lexemes", [terms.join(' ')]);
  const lexemes = lexRows[0]?.lexemes ?? [];
  if (lexemes.length === 0) return [];
  const p = new Params();
  const kb = p.add(kbId);
  const lex = p.add(lexemes);
  const base = `${s}.kb_chunks c JOIN ${s}.kb_documents d ON d.id = c.document_row`;
  const live = visible(p, options.version);
  const sql = `
    WITH stats AS MATERIALIZED (SELECT chunks::float8 AS n, greatest(lexemes::float8 / greatest(chunks, 1), 1) AS avglen FROM ${s}.kb_versions WHERE kb_id = ${kb} AND version = ${p.add(options.version)}),
    matched AS (SELECT c.id, c.tsv, c.len FROM ${base} WHERE c.kb_id = ${kb} AND c.tsv @@ ${p.add(orTsquery(lexemes))}::tsquery AND ${live}${filterSql(p, clauses)}),
    tf AS (SELECT m.id, m.len, u.lexeme, coalesce(array_length(u.positions, 1), 1)::float8 AS tf FROM matched m, unnest(m.tsv) u WHERE u.lexeme = ANY(${lex}::text[])),
    df AS (SELECT u.lexeme, count(*)::float8 AS df FROM ${base}, unnest(c.tsv) u
           WHERE c.kb_id = ${kb} AND c.tsv @@ ${p.add(orTsquery(lexemes))}::tsquery AND ${live} AND u.lexeme = ANY(${lex}::text[]) GROUP BY u.lexeme),
    scored AS (
      SELECT tf.id, sum(greatest(ln((stats.n - df.df + 0.5) / (df.df + 0.5)), 1e-6) * tf.tf * ${K1 + 1} / (tf.tf + ${K1} * (1 - ${B} + ${B} * tf.len / stats.avglen))) AS score
      FROM tf JOIN df USING (lexeme) CROSS JOIN stats GROUP BY tf.id ORDER BY score DESC, tf.id LIMIT ${p.add(options.limit)})
    SELECT ${HIT_COLUMNS}, scored.score FROM scored JOIN ${s}.kb_chunks c ON c.id = scored.id JOIN ${s}.kb_documents d ON d.id = c.document_row
    ORDER BY scored.score DESC, c.id`;
  const { rows } = await pool.query<HitRow & { score: number }>(sql, p.values);
  return rows.map((row) => toHit(row, row.score));
}

/**
 * Exact cosine search: pages through the version's vectors in id order (bounded memory) and
 * keeps the best `limit`. Linear in the number of chunks; pgvector would index this.
 *
 * @example await searchVector(pool, '"public"', 1, queryVector, { limit: 10, version: 3 })
 */
export async function searchVector(pool: pg.Pool, s: string, kbId: number, vector: Float32Array, options: StoreSearchOptions): Promise<StoreHit[]> {
  const clauses = filterClauses(options.filter);
  const top = new TopK<string>(options.limit);
  let after = '0';
  for (;;) {
    const p = new Params();
    const { rows } = await pool.query<{ id: string; embedding: Buffer }>(
      `SELECT c.id, c.embedding FROM ${s}.kb_chunks c JOIN ${s}.kb_documents d ON d.id = c.document_row
       WHERE c.kb_id = ${p.add(kbId)} AND c.embedding IS NOT NULL AND c.id > ${p.add(after)} AND ${visible(p, options.version)}${filterSql(p, clauses)}
       ORDER BY c.id LIMIT ${SCAN_PAGE}`,
      p.values,
    );
    for (const row of rows) top.add(row.id, dot(vector, bytesToVector(row.embedding)));
    if (rows.length < SCAN_PAGE) break;
    after = (rows[rows.length - 1] as { id: string }).id;
  }
  const best = top.sorted();
  if (best.length === 0) return [];
  const { rows } = await pool.query<HitRow & { id: string }>(`SELECT ${HIT_COLUMNS} FROM ${s}.kb_chunks c JOIN ${s}.kb_documents d ON d.id = c.document_row WHERE c.id = ANY($1::bigint[])`, [best.map((b) => b.item)]);
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  return best.flatMap(({ item, score }) => {
    const row = byId.get(item);
    return row ? [toHit(row, score)] : [];
  });
}

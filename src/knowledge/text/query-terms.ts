import { STOPWORDS } from './stopwords.js';

/** More terms than this add nothing to ranking and make OR queries slow. */
export const MAX_QUERY_TERMS = 64;

/**
 * The distinct lower-cased words of a query (letters and digits, as SQLite's unicode61
 * tokenizer sees them), without English stopwords unless the query has nothing else, at most
 * `MAX_QUERY_TERMS`. Stopwords match nearly every chunk and BM25 gives them almost no weight,
 * so dropping them changes little in ranking and much in speed.
 *
 * @example queryTerms('What is the refund window?') // ['refund', 'window']
 */
export function queryTerms(query: string, max = MAX_QUERY_TERMS): string[] {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
  const content = words.filter((w) => !STOPWORDS.has(w));
  return (content.length > 0 ? content : words).slice(0, max);
}

/**
 * An FTS5 MATCH expression that ORs the terms, each a quoted string (quotes doubled), so no
 * user text is ever read as FTS5 syntax (AND, NEAR, column filters, `*`).
 *
 * @example fts5OrQuery(['refund', 'o"k']) // '"refund" OR "o""k"'
 */
export function fts5OrQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
}

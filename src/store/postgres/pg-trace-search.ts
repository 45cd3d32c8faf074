import { MAX_WORD_CHARS, MAX_WORDS_PER_TRACE, searchWords } from '../trace-words.js';
import type { PostgresMigrations } from './migrate.js';

/**
 * The text a trace search looks in (the columns the row-by-row search matched): the exact-text
 * recheck runs over it, for the rows the word index let through.
 */
export const TRACE_SEARCH_TEXT = `(coalesce(request::text, '') || E'\\n' || coalesce(response::text, '') || E'\\n' || coalesce(error_message, '') || E'\\n' || coalesce(metadata::text, ''))`;

/**
 * The words of a stored trace, computed by the database: only for traces written before the
 * writer sent them (the backfill). JSON escapes (`\n`, `\u00e9`) are cut out first so they do not
 * glue a letter to the next word; letters and digits as the server's locale classes them.
 */
const SQL_WORDS = `array_to_tsvector(ARRAY(SELECT DISTINCT lower(m[1]) FROM regexp_matches(regexp_replace(${TRACE_SEARCH_TEXT}, '\\\\(u[0-9a-fA-F]{4}|.)', ' ', 'g'), '([[:alnum:]]{1,${MAX_WORD_CHARS}})', 'g') AS m LIMIT ${MAX_WORDS_PER_TRACE}))`;

/**
 * The trace search index. The first step was a `pg_trgm` GIN index over the text; filing ~300
 * trigrams per trace cost ~230 µs of server CPU per insert (six times the row itself,
 * bench/pg-ingest.mjs), so the second step replaces it with words, as SQLite's FTS5 index: the
 * writer sends each trace's distinct words (trace-words.ts) as a `tsvector`, a GIN index files
 * them, and a search asks for every word (the last one as a prefix) and rechecks the exact text
 * with ILIKE. A new database skips the trigram index (and needs no pg_trgm extension); one that
 * has it loses it in the second step, so both end alike.
 */
export const TRACE_SEARCH_TABLES: PostgresMigrations = {
  feature: 'trace_search',
  steps: [
    `SELECT 1;`,
    `ALTER TABLE traces ADD COLUMN search_words tsvector;
     DROP INDEX IF EXISTS traces_search;
     UPDATE traces SET search_words = ${SQL_WORDS};
     CREATE INDEX traces_words ON traces USING gin (search_words);`,
    // New entries wait in the index's pending list until it holds this much, then the insert that
    // fills it files them all, sorting them in memory: a 1 MB list (default 4 MB) cost ~12% less
    // server CPU per trace with the words sorted (bench/pg-ingest.mjs).
    `ALTER INDEX traces_words SET (gin_pending_list_limit = 1024);`,
  ],
};

/**
 * A trace's words as `tsvector` input text, sorted. The server keeps a tsvector's words in byte
 * order and checks whether they came so before sorting them: JavaScript's default sort (UTF-16
 * code units) is that order for all but characters past U+FFFF, for which the server sorts
 * anyway. Sorting here saved ~6 µs of the server's CPU per trace for ~4 µs of the writer's
 * (bench/pg-ingest.mjs). Words hold only letters, digits and marks, so quoting each needs no escapes.
 *
 * @example tsvectorText(new Set(['refund', 'policy'])) // "'policy' 'refund'"
 */
export function tsvectorText(words: ReadonlySet<string>): string {
  let text = '';
  for (const word of [...words].sort()) text += text ? ` '${word}'` : `'${word}'`;
  return text;
}

/**
 * A search text as a `tsquery` the word index answers: every word, the last one also as a
 * prefix (`refund pol` finds "refund policy"), or undefined when the text has no indexable word.
 * Only words reach it, so tsquery syntax in a search is never parsed. The last word is asked
 * for whole as well as a prefix, which matches nothing more but lets the planner see how common
 * the word is (its estimate for a prefix alone is a flat guess): a word in every trace is then
 * found by walking the newest rows, not by fetching and sorting every match.
 *
 * @example wordQuery('Refund pol') // "'refund' & ('pol' | 'pol':*)"
 */
export function wordQuery(text: string): string | undefined {
  const words = searchWords(text)?.filter((w) => w.length <= MAX_WORD_CHARS);
  if (!words?.length) return undefined;
  return words.map((w, i) => (i === words.length - 1 ? `('${w}' | '${w}':*)` : `'${w}'`)).join(' & ');
}

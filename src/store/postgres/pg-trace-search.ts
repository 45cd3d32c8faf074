import { MAX_WORD_CHARS, MAX_WORDS_PER_TRACE, searchWords } from '../trace-words.js';
import type { PostgresMigrations } from './migrate.js';
import { lz4Compression } from './pg-compression.js';
import type { TraceRecord } from '../../core/trace.js';
import { pgInt, pgText } from './pg-values.js';

/**
 * A trace's bodies as text: written as JSON (`request_json`, `response_json`) since the traces
 * migration's fourth step, as JSONB (`request`, `response`) before it; a row has one or the other.
 */
export const REQUEST_TEXT = `coalesce(request_json::text, request::text)`;
export const RESPONSE_TEXT = `coalesce(response_json::text, response::text)`;

/**
 * The text a trace search looks in (the columns the row-by-row search matched): the exact-text
 * recheck runs over it, for the rows the word index let through.
 */
export const TRACE_SEARCH_TEXT = `(coalesce(${REQUEST_TEXT}, '') || E'\\n' || coalesce(${RESPONSE_TEXT}, '') || E'\\n' || coalesce(error_message, '') || E'\\n' || coalesce(metadata::text, ''))`;

/**
 * The same text as the columns were before bodies moved to JSON (`request_json`, `response_json`):
 * the backfill step of the migration below runs on a table that may not have those columns yet.
 */
export const JSONB_SEARCH_TEXT = `(coalesce(request::text, '') || E'\\n' || coalesce(response::text, '') || E'\\n' || coalesce(error_message, '') || E'\\n' || coalesce(metadata::text, ''))`;

/**
 * The words of a stored trace, computed by the database: only for traces written before the
 * writer sent them (the backfill). JSON escapes (`\n`, `\u00e9`) are cut out first so they do not
 * glue a letter to the next word; letters and digits as the server's locale classes them.
 */
const SQL_WORDS = `array_to_tsvector(ARRAY(SELECT DISTINCT lower(m[1]) FROM regexp_matches(regexp_replace(${JSONB_SEARCH_TEXT}, '\\\\(u[0-9a-fA-F]{4}|.)', ' ', 'g'), '([[:alnum:]]{1,${MAX_WORD_CHARS}})', 'g') AS m LIMIT ${MAX_WORDS_PER_TRACE}))`;

/**
 * The trace search index. The first step was a `pg_trgm` GIN index over the text; filing ~300
 * trigrams per trace cost ~230 µs of server CPU per insert (six times the row itself,
 * bench/pg-ingest.mjs), so the second step replaces it with words, as SQLite's FTS5 index: the
 * writer sends each trace's distinct words (trace-words.ts) as a `tsvector`, a GIN index files
 * them, and a search asks for every word (the last one as a prefix) and rechecks the exact text
 * with ILIKE. A new database skips the trigram index (and needs no pg_trgm extension); one that
 * has it loses it in the second step, so both end alike. The fourth step moves the GIN index from
 * the traces to blocks of stored traces (up to BLOCK_TRACES, see wordBlocks), ~33% of the server's CPU per
 * stored trace; each trace keeps its words, checked among the blocks' candidates.
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
    // The word index moves from the traces to blocks of them (see wordBlocks): the traces stored
    // so far get blocks of 16, in (ts, id) order, from their words.
    `CREATE TABLE trace_word_blocks (
       id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       min_ts BIGINT NOT NULL,
       max_ts BIGINT NOT NULL,
       ids TEXT[] COLLATE "C" NOT NULL,
       words tsvector NOT NULL
     );
     INSERT INTO trace_word_blocks (min_ts, max_ts, ids, words)
       SELECT min(ts), max(ts), array_agg(DISTINCT id), array_to_tsvector(coalesce(array_agg(DISTINCT w) FILTER (WHERE w IS NOT NULL), '{}'))
       FROM (SELECT id, ts, search_words, (row_number() OVER (ORDER BY ts, id) - 1) / 16 AS g FROM traces) t
       LEFT JOIN LATERAL unnest(tsvector_to_array(t.search_words)) AS w ON true
       GROUP BY g;
     CREATE INDEX trace_word_blocks_words ON trace_word_blocks USING gin (words) WITH (gin_pending_list_limit = 1024);
     CREATE INDEX trace_word_blocks_ts ON trace_word_blocks (max_ts, id);
     DROP INDEX traces_words;`,
    // Each trace's own words as plain text (see wordListText); the traces written before keep
    // theirs in `search_words`, which a search still reads.
    `ALTER TABLE traces ADD COLUMN search_text TEXT COLLATE "C";`,
    // A trace's words and a block's are as long as its bodies' vocabulary: past ~2 kB they are
    // compressed with lz4, as the bodies are (pg-compression.ts).
    lz4Compression('traces', ['search_text']),
    lz4Compression('trace_word_blocks', ['words']),
  ],
};

/**
 * Distinct words one block may hold: each trace holds at most MAX_WORDS_PER_TRACE, so a batch of
 * traces with little in common is split, and a block's `tsvector` stays far below its 1 MB limit.
 * A trace opens a new block when its words, all counted as new, would take the block past it.
 */
export const MAX_BLOCK_WORDS = 16_000;

/**
 * Traces per block at most. A search reads the candidates of every block holding its words, so
 * larger blocks file fewer entries but make a word in one trace of a thousand cost more to find.
 * 32 (16 before 2026-12-04): the support traces of bench:pg-ingest file 4.5 index entries per
 * trace instead of 7.0, the GIN index being the largest part of the server's CPU per stored trace
 * after the B-trees; bench:dashboard's search on 1M traces read 2.0 ms against 4.3 (docs/measurements.md).
 */
export const BLOCK_TRACES = 32;

/** A row of `trace_word_blocks`: some traces of one stored batch and every word of theirs. */
export interface WordBlock {
  minTs: number;
  maxTs: number;
  ids: string[];
  /** Its words: indexes into `vocabulary`, ascending (see CopyBinaryRows.tsvector, blockWordsText). */
  ranks: Int32Array;
  /** The distinct words of the block's batch, sorted (shared by the batch's blocks). */
  vocabulary: readonly string[];
}

/**
 * A block's words as `tsvector` input text (the statement that stores blocks of small batches).
 *
 * @example blockWordsText(wordBlocks(batch, words)[0]) // "'a' 'b'"
 */
export function blockWordsText(block: Pick<WordBlock, 'ranks' | 'vocabulary'>): string {
  return quotedWords(block.ranks, block.vocabulary);
}

/**
 * The word index files words per block of stored traces, not per trace: each batch the writer
 * stores adds rows to `trace_word_blocks`, each with up to BLOCK_TRACES of its trace ids, their
 * time range and the union of their words, and the GIN index is over those rows. Traces of one
 * application share most of their words (a system prompt, the JSON keys of the API), so 16 traces
 * of ~70 words each file a few hundred entries instead of ~1,100: server CPU per stored trace
 * 55.5 -> 37 µs (bench/pg-ingest.mjs); blocks hold BLOCK_TRACES (32) traces since. Each trace still carries its own words (`search_text`,
 * see wordListText), checked among the traces of the blocks a search finds before the exact-text
 * recheck (PgTraceStore.searchByWords).
 *
 * @example wordBlocks(batch, batch.map(traceWords)) // [{ minTs, maxTs, ids: [...], ranks: Int32Array [0, 1], vocabulary: ['a', 'b'] }]
 */
export function wordBlocks(traces: readonly Pick<TraceRecord, 'id' | 'ts'>[], words: readonly (readonly string[])[]): WordBlock[] {
  // A block's words go sorted (see CopyBinaryRows.tsvector, tsvectorText). Traces of one batch share most
  // of their words, so the batch's distinct words are sorted once and each block's union is a
  // list of indexes into them, sorted as integers: sorting each block's words compared thousands
  // of strings per block, the largest part of the writer's CPU after extracting the words.
  // A word gets a number when first seen (and each trace the list of its numbers), then the
  // numbers are mapped to ranks in the sorted vocabulary, where a map from words to ranks cost two
  // look-ups per word (the blocks of 128-trace batches in a loop without a database: ~6.5 -> ~5.7
  // µs per trace). A trace's words mostly follow the previous trace's in the same order (the same
  // system prompt, the same JSON keys), so each word is first compared with the word after the
  // last one matched in the previous trace, and looked up in the map only when it is another; a
  // word looked up that the previous trace holds puts the comparison back at its place there. The
  // numbers of all traces are in one array (trace i's from start[i] to start[i + 1]), not a typed
  // array each. Both: ~3.9 -> ~2.7 µs per trace in the same loop.
  let total = 0;
  for (const own of words) total += own.length;
  const numbers = new Int32Array(total);
  const start = new Int32Array(words.length + 1);
  const seen = new Map<string, number>();
  const firstSeen: string[] = [];
  const lastAt: number[] = []; // per number, where in `numbers` the latest trace holding it has it
  let at = 0;
  for (let t = 0; t < words.length; t++) {
    const from = at;
    start[t] = from;
    const previousFrom = t > 0 ? (start[t - 1] as number) : 0;
    let next = previousFrom;
    for (const word of words[t] as readonly string[]) {
      let n = next < from ? (numbers[next] as number) : -1;
      if (n < 0 || firstSeen[n] !== word) {
        n = seen.get(word) ?? -1;
        if (n < 0) {
          n = firstSeen.length;
          seen.set(word, n);
          firstSeen.push(word);
          lastAt.push(-1);
        }
        const there = lastAt[n] as number;
        if (there >= previousFrom) next = there;
      }
      next++;
      lastAt[n] = at;
      numbers[at++] = n;
    }
  }
  start[words.length] = at;
  const vocabulary = [...firstSeen].sort();
  const rankOf = new Int32Array(firstSeen.length);
  vocabulary.forEach((word, i) => {
    rankOf[seen.get(word) as number] = i;
  });
  const blocks: WordBlock[] = [];
  // The block each word was last added to, so a block's union needs no set of strings.
  const inBlock = new Int32Array(vocabulary.length).fill(-1);
  let union: number[] = [];
  let block: Omit<WordBlock, 'ranks' | 'vocabulary'> | undefined;
  const close = () => {
    if (block) blocks.push({ ...block, ranks: Int32Array.from(union).sort(), vocabulary });
    union = [];
    block = undefined;
  };
  traces.forEach((trace, i) => {
    const from = start[i] as number;
    const to = start[i + 1] as number;
    if (block && (block.ids.length >= BLOCK_TRACES || union.length + (to - from) > MAX_BLOCK_WORDS)) close();
    const ts = pgInt(trace.ts);
    block ??= { minTs: ts, maxTs: ts, ids: [] };
    block.minTs = Math.min(block.minTs, ts);
    block.maxTs = Math.max(block.maxTs, ts);
    block.ids.push(pgText(trace.id) as string);
    for (let k = from; k < to; k++) {
      const r = rankOf[numbers[k] as number] as number;
      if (inBlock[r] === blocks.length) continue;
      inBlock[r] = blocks.length;
      union.push(r);
    }
  });
  close();
  return blocks;
}

/**
 * A trace's own words as `search_text`: each between spaces (` refund policy `), in no order, so
 * `LIKE '% refund %'` asks for a word and `LIKE '% pol%'` for a prefix. They were a `tsvector`
 * (`search_words`, still read for the traces written then): plain text costs the server a copy
 * where a tsvector cost it a parse and a sort check, and the writer no sort, ~20% of the writer's
 * and ~7% of the server's CPU per stored trace (bench/pg-ingest.mjs).
 *
 * @example wordListText(['refund', 'policy']) // ' refund policy '
 */
export function wordListText(words: readonly string[]): string {
  // One join: a string built by `+=` is a rope of ~70 pieces, which the next look at it (the NUL
  // check, the copy into the COPY rows) first flattens into a new string.
  return words.length === 0 ? ' ' : ` ${words.join(' ')} `;
}

/**
 * The `LIKE` patterns a trace's `search_text` must all match for a search text: every word whole,
 * the last one as a prefix (as wordQuery asks the index), or undefined when it has no indexable
 * word. Words hold only letters, digits and marks, never a `LIKE` wildcard.
 *
 * @example wordPatterns('Refund pol') // ['% refund %', '% pol%']
 */
export function wordPatterns(text: string): string[] | undefined {
  const words = indexedWords(text);
  return words?.map((w, i) => (i === words.length - 1 ? `% ${w}%` : `% ${w} %`));
}

/**
 * The words the server's statistics list as common among the word blocks (`ANALYZE` keeps the
 * most common elements of a tsvector column), or null before the table was first analysed.
 */
export const COMMON_WORDS_SQL = `SELECT most_common_elems::text::text[] AS words FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'trace_word_blocks' AND attname = 'words'`;

/**
 * Whether a search asks for a word the statistics do not list as common (the last word: no
 * common word starts with it), so few blocks hold all its words. The planner guesses the same
 * share of blocks for every such word and walks the blocks newest first until it finds enough:
 * for a word in no block (or in 200 of 76,000) that walk read every block, 50–550 ms on 1M
 * traces, where the word index finds them in a fraction of a millisecond. Unknown statistics
 * (a table not yet analysed, still small) count as common: the walk, as before.
 *
 * @example rareSearch('zebracorn', new Set(['billing', 'plan'])) // true
 */
export function rareSearch(text: string, common: ReadonlySet<string> | undefined): boolean {
  const words = indexedWords(text);
  if (!words || !common) return false;
  const last = words[words.length - 1] as string;
  if (words.slice(0, -1).some((w) => !common.has(w))) return true;
  for (const word of common) if (word.startsWith(last)) return false;
  return true;
}

/**
 * Words as `tsvector` input text, sorted (a block's words, and a trace's as it was written). The server keeps a tsvector's words in byte
 * order and checks whether they came so before sorting them: JavaScript's default sort (UTF-16
 * code units) is that order for all but characters past U+FFFF, for which the server sorts
 * anyway. Sorting here saved ~6 µs of the server's CPU per trace for ~4 µs of the writer's
 * (bench/pg-ingest.mjs). Words hold only letters, digits and marks, so quoting each needs no escapes.
 *
 * @example tsvectorText(new Set(['refund', 'policy'])) // "'policy' 'refund'"
 */
export function tsvectorText(words: Iterable<string>): string {
  const sorted = [...words].sort();
  return quotedWords(sorted.map((_, i) => i), sorted);
}

/** `tsvector` input text of the words at `ranks` in `vocabulary`, in that order. */
function quotedWords(ranks: ArrayLike<number>, vocabulary: readonly string[]): string {
  let text = '';
  for (let i = 0; i < ranks.length; i++) text += i > 0 ? ` '${vocabulary[ranks[i] as number]}'` : `'${vocabulary[ranks[i] as number]}'`;
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
  const words = indexedWords(text);
  if (!words) return undefined;
  return words.map((w, i) => (i === words.length - 1 ? `('${w}' | '${w}':*)` : `'${w}'`)).join(' & ');
}

/** The words of a search text the index may hold, or undefined when there are none. */
function indexedWords(text: string): string[] | undefined {
  const words = searchWords(text)?.filter((w) => w.length <= MAX_WORD_CHARS);
  return words?.length ? words : undefined;
}

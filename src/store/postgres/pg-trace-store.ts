import type { TracePage, TraceQuery, TraceRecord, TraceSelection, TraceSummary } from '../../core/trace.js';
import { type DocumentPurge, type InsertTracesOptions, type JudgedTracePage, type JudgedTraceQuery, type PruneResult, purgedDecisions, SCAN_WINDOW, selectionLimit, type TracePruning, type TraceStore, type TraceWindow } from '../../core/trace-store.js';
import type { KeySpendStore } from '../../limits/key-spend.js';
import type { KeyIdentity } from '../../limits/limit-store.js';
import { decodeCursor, decodeSortCursor, encodeCursor, encodeSortCursor } from '../trace-cursor.js';
import { byValue, sortValue, type ValueSort } from '../../core/trace-sort.js';
import { answeredByServer, inTransaction, onConnection, type PgClient, type PgPool } from './connect.js';
import { indexedSearch, Params, pgIndexedFilters, pgScannedFilters, pgSelectionFilters } from './pg-trace-filters.js';
import { blockWordsText, COMMON_WORDS_SQL, rareSearch, REQUEST_TEXT, type WordBlock, wordBlocks, wordListText, wordPatterns } from './pg-trace-search.js';
import { CopyBinaryRows, CopyBuffers, copyOn } from './pg-copy.js';
import { exactJsonb, jsonb, jsonText, pgInt, pgText } from './pg-values.js';
import { judgedSteps } from '../../core/judged-steps.js';
import { traceWords } from '../trace-words.js';
import { pgColumns } from '../rows/column-reader.js';
import { traceFromRow, traceSummaryFromRow } from '../rows/trace-rows.js';
import { withCachedAnswers } from '../cached-answer-bodies.js';
import { assertNarrows, type ErasureMatch, erasureMatches } from '../../core/erasure-match.js';
import { erasurePrefilter } from '../erasure-prefilter.js';

const SCALAR_COLUMNS = `id, ts, request_id, endpoint, key_name, team, requested_model, provider, upstream_model,
  status, error_code, error_message, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens,
  usage_estimated, cost_usd, ttft_ms, latency_ms, session_id, key_id, replica`;

/**
 * The attempts, decisions and span ids are written as JSON text (`…_json`) as the bodies are (see
 * BODY_COLUMNS), read through the JSONB columns of rows written before; the metadata stays JSONB.
 * Read as text and parsed as text (`traceSummaryFromRow`): the `…_json` columns are TEXT or JSON by when the
 * table was made (pg-schema.ts, the traces' sixth step), and text reads the same from both.
 */
const SUMMARY_COLUMNS = `${SCALAR_COLUMNS}, coalesce(attempts_json::text, attempts::text) AS attempts, metadata,
  coalesce(decisions_json::text, decisions::text) AS decisions, coalesce(otel_json::text, otel::text) AS otel`;

/**
 * Bodies are written as JSON text (`request_json`, `response_json`): JSONB parsed each one into its
 * binary form on the way in, ~18% of the server's CPU per stored trace in a `perf` profile of
 * the store's COPY, and a JSON column still checked each one. Rows written before keep theirs as
 * JSONB, read when the newer one is NULL.
 */
const BODY_COLUMNS = 'coalesce(request_json::text, request::text) AS request, coalesce(response_json::text, response::text) AS response';
const COLUMNS = `${SUMMARY_COLUMNS}, ${BODY_COLUMNS}`;

// Written, never read back: each trace's own words, which a search checks among the candidates
// of the word blocks (pg-trace-search.ts).
const WRITTEN = `${SCALAR_COLUMNS}, attempts_json, metadata, decisions_json, otel_json, request_json, response_json, search_text, judged`;
const COLUMN_NAMES = WRITTEN.split(',').map((c) => c.trim());
// A large batch of new traces is one COPY: PostgreSQL parses each field with its type's input
// function and inserts the rows in bulk, which costs the server less per trace than turning one
// JSON document into rows (bench/pg-ingest.mjs). COPY cannot update, so a batch holding an id the
// table already has (a retried batch whose first write did commit) fails whole and is written
// again as an upsert.
const COPY_SQL = `COPY traces (${WRITTEN}) FROM STDIN (FORMAT binary)`;
// Smaller batches (light traffic: a flush timer's few traces) take the upsert, one round trip
// where COPY needs two and a connection to itself: on an event loop kept busy, 5-trace batches
// took 11 ms (p50) as an upsert against 13 ms as a COPY. Where CPU per trace matters, batches are full.
const COPY_FROM = 64;
// The upsert travels as one JSON document that the server turns into rows (jsonb_to_recordset):
// one parameter and one round trip whatever the batch size. The five JSON columns travel as
// strings holding their JSON text, cast to JSON in the query, which a JSON column takes as it is
// and a TEXT one as its text (pg-schema.ts: either, by when the table was made).
// A named statement is parsed and planned once per connection.
const JSON_TEXT_COLUMNS = new Set(['attempts_json', 'decisions_json', 'otel_json', 'request_json', 'response_json']);
const RECORD_TYPES = `id TEXT, ts BIGINT, request_id TEXT, endpoint TEXT, key_name TEXT, team TEXT, requested_model TEXT, provider TEXT, upstream_model TEXT,
  status INTEGER, error_code TEXT, error_message TEXT, stream BOOLEAN, input_tokens BIGINT, output_tokens BIGINT, cached_tokens BIGINT, reasoning_tokens BIGINT,
  usage_estimated BOOLEAN, cost_usd DOUBLE PRECISION, ttft_ms DOUBLE PRECISION, latency_ms DOUBLE PRECISION, session_id TEXT, key_id TEXT, replica TEXT, attempts_json TEXT, metadata JSONB, decisions_json TEXT,
  otel_json TEXT, request_json TEXT, response_json TEXT, search_text TEXT, judged BOOLEAN`;
const UPSERT = {
  name: 'switchyard_upsert_traces_text',
  text: `INSERT INTO traces (${WRITTEN}) SELECT ${COLUMN_NAMES.map((c) => (JSON_TEXT_COLUMNS.has(c) ? `${c}::json` : c)).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD_TYPES})
  ON CONFLICT (id) DO UPDATE SET ${COLUMN_NAMES.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}, attempts = NULL, decisions = NULL, otel = NULL, request = NULL, response = NULL`,
};
const UNIQUE_VIOLATION = '23505';
// A batch's word blocks: with a COPY batch of traces, a binary COPY of their own sent with the
// traces' (the server reads each block's ids and words as they are, where the JSON document was
// parsed, turned into rows and each block's words parsed again as tsvector text); with a small
// batch one JSON document, one statement whatever their number.
const COPY_WORD_BLOCKS_SQL = 'COPY trace_word_blocks (min_ts, max_ts, ids, words) FROM STDIN (FORMAT binary)';
const INSERT_WORD_BLOCKS = {
  name: 'switchyard_insert_word_blocks',
  text: 'INSERT INTO trace_word_blocks (min_ts, max_ts, ids, words) SELECT min_ts, max_ts, ids, words FROM json_to_recordset($1::json) AS r(min_ts BIGINT, max_ts BIGINT, ids TEXT[], words tsvector)',
};
/** Word blocks a search reads first (newest first); each further read takes twice as many. */
const FIRST_BLOCKS = 16;
/** How long the common words of the statistics are kept before they are read again. */
const COMMON_WORDS_MS = 60_000;

/**
 * Whether a failed COPY goes again as the upsert: an id already stored, or a body the server
 * refused as sent (COPY sends kept JSON text as it arrived; a number past numeric's range or
 * nesting too deep is a data exception or a limit): the upsert serialises every body afresh, as
 * JSON.stringify writes it.
 */
const upsertInstead = (code: unknown): boolean => code === UNIQUE_VIOLATION || (typeof code === 'string' && (code.startsWith('22') || code.startsWith('54')));

type Row = Record<string, unknown>;

/** What a sorted list orders by, per key (tokens in and out together). */
const PG_SORT_SQL = { latency: 'latency_ms', cost: 'cost_usd', tokens: '(input_tokens + output_tokens)' } as const;

const toSummary = (row: Row): TraceSummary => traceSummaryFromRow(row, pgColumns);
const toRecord = (row: Row): TraceRecord => traceFromRow(row, pgColumns);

/** The last write of each id, as in SQLite: one statement may not touch a row twice. */
function lastWriteOfEachId(traces: readonly TraceRecord[]): readonly TraceRecord[] {
  const unique = new Map(traces.map((t) => [pgText(t.id), t]));
  return unique.size === traces.length ? traces : [...unique.values()];
}

/** The batch as COPY binary rows, in the order of `WRITTEN` (the column types of pg-schema.ts). */
function batchRows(traces: readonly TraceRecord[], words: readonly (readonly string[])[], buffer: Buffer): CopyBinaryRows {
  const rows = new CopyBinaryRows(buffer);
  for (let i = 0; i < traces.length; i++) {
    const t = traces[i] as TraceRecord;
    rows.row(COLUMN_NAMES.length).text(t.id).int8(t.ts).text(t.requestId).text(t.endpoint).text(t.keyName).text(t.team).text(t.requestedModel).text(t.provider).text(t.upstreamModel);
    rows.int4(t.status).text(t.errorCode).text(t.errorMessage).bool(t.stream).int8(t.inputTokens).int8(t.outputTokens).int8(t.cachedTokens).int8(t.reasoningTokens);
    rows.bool(t.usageEstimated).float8(finite(t.costUsd)).float8(t.ttftMs === null ? null : finite(t.ttftMs)).float8(finite(t.latencyMs)).text(t.session ?? null).text(t.keyId ?? null).text(t.replica ?? null);
    rows.json(jsonText(t.attempts ?? [])).jsonb(t.metadata);
    const decisions = jsonText(t.decisions);
    rows.json(decisions).json(jsonText(t.otel ?? null)).json(jsonText(t.request)).json(jsonText(t.response)).wordList(words[i] as readonly string[]);
    if (judged(decisions)) rows.bool(true);
    else rows.null();
  }
  return rows;
}

/** A batch's word blocks as COPY binary rows, in the order of COPY_WORD_BLOCKS_SQL. */
function blockRows(blocks: readonly WordBlock[], buffer: Buffer): CopyBinaryRows {
  const rows = new CopyBinaryRows(buffer);
  for (const b of blocks) rows.row(4).int8(b.minTs).int8(b.maxTs).textArray(b.ids).tsvector(b.ranks, b.vocabulary);
  return rows;
}

/** The batch as the JSON rows `UPSERT` reads, every value made acceptable to PostgreSQL (see pg-values.ts). */
function batchJson(traces: readonly TraceRecord[], words: readonly (readonly string[])[]): string {
  const rows = traces.map((t, i) => ({
    id: t.id,
    ts: pgInt(t.ts),
    request_id: t.requestId,
    endpoint: t.endpoint,
    key_name: t.keyName,
    team: t.team,
    requested_model: t.requestedModel,
    provider: t.provider,
    upstream_model: t.upstreamModel,
    status: pgInt(t.status),
    error_code: t.errorCode,
    error_message: t.errorMessage,
    stream: t.stream,
    input_tokens: pgInt(t.inputTokens),
    output_tokens: pgInt(t.outputTokens),
    cached_tokens: pgInt(t.cachedTokens),
    reasoning_tokens: pgInt(t.reasoningTokens),
    usage_estimated: t.usageEstimated,
    cost_usd: finite(t.costUsd),
    ttft_ms: t.ttftMs === null ? null : finite(t.ttftMs),
    latency_ms: finite(t.latencyMs),
    session_id: t.session ?? null,
    key_id: t.keyId ?? null,
    replica: t.replica ?? null,
    // JSON text as strings (see UPSERT), serialised afresh: the upsert also takes the batches
    // whose kept text the server refused as sent (upsertInstead).
    attempts_json: exactJsonb(t.attempts ?? []),
    metadata: t.metadata,
    decisions_json: exactJsonb(t.decisions),
    otel_json: exactJsonb(t.otel ?? null),
    request_json: exactJsonb(t.request),
    response_json: exactJsonb(t.response),
    search_text: wordListText(words[i] as readonly string[]),
    judged: judged(jsonText(t.decisions)) ? true : null,
  }));
  // One pass over the whole document replaces what text and JSONB cannot hold (NUL, lone surrogates).
  return jsonb(rows) as string;
}

/** A word block as a row of INSERT_WORD_BLOCKS's JSON document. */
const blockJson = (b: WordBlock) => ({ min_ts: b.minTs, max_ts: b.maxTs, ids: b.ids, words: blockWordsText(b) });

/** Whether a trace's decisions (JSON text) carry a cascade judge's score: the `judged` column, which `listJudged` reads by its partial index. */
const judged = (decisions: string | null): boolean => decisions !== null && judgedSteps(decisions).length > 0;

/** JSON has no NaN or Infinity (they would arrive as null in a NOT NULL column): 0 instead. */
const finite = (value: number): number => (Number.isFinite(value) ? value : 0);

/**
 * Traces in PostgreSQL: from 64 traces on a batch and its word blocks are two `COPY … FROM STDIN`
 * in one query (one round trip, one transaction), else the blocks and an upsert (also when a COPY
 * finds an id already stored), committed without waiting for
 * the WAL flush, as SQLite's NORMAL sync does. Each trace carries its search words, extracted here once.
 *
 * @example const traces = new PgTraceStore(pool); await traces.insertTraces(batch);
 */
export class PgTraceStore implements TraceStore, Pick<KeySpendStore, 'spendOfKey' | 'spendByTeam'> {
  private commonWords: { words: ReadonlySet<string> | undefined; at: number } | undefined;
  /** The COPY rows' buffers, kept between batches (one per batch in flight). */
  private readonly buffers = new CopyBuffers();

  constructor(private readonly pool: PgPool) {}

  async insertTraces(traces: readonly TraceRecord[], options: InsertTracesOptions = {}): Promise<void> {
    if (traces.length === 0) return;
    await this.insertRelaxed(lastWriteOfEachId(traces));
    // The batch committed without waiting for the WAL flush; a commit that does wait (one with a
    // transaction id of its own) flushes the WAL up to it, this batch included.
    if (options.durable) await inTransaction(this.pool, (client) => client.query('SELECT txid_current()'));
  }

  /**
   * `insertTraces` on a connection the caller holds, inside the caller's transaction (`switchyard
   * migrate --from` copies a whole store in one, so a failure leaves the target as it was). A COPY
   * the server refuses is rolled back to a savepoint before the upsert takes over: an error would
   * otherwise abort the whole transaction, and the upsert with it.
   *
   * @example await inTransaction(pool, (client) => traces.insertTracesIn(client, batch));
   */
  async insertTracesIn(client: PgClient, traces: readonly TraceRecord[]): Promise<void> {
    if (traces.length === 0) return;
    const batch = lastWriteOfEachId(traces);
    const words = batch.map((t) => traceWords(t));
    await this.insertOn(client, batch, words, wordBlocks(batch, words), true);
  }

  private async insertRelaxed(batch: readonly TraceRecord[]): Promise<void> {
    // The words before taking a pooled connection, so it is not held while they are extracted.
    const words = batch.map((t) => traceWords(t));
    const blocks = wordBlocks(batch, words);
    await onConnection(this.pool, (client) => this.insertOn(client, batch, words, blocks, false));
  }

  private async insertOn(client: PgClient, batch: readonly TraceRecord[], words: readonly (readonly string[])[], blocks: readonly WordBlock[], inCallersTransaction: boolean): Promise<void> {
    if (batch.length >= COPY_FROM) {
      let rows: CopyBinaryRows | undefined;
      try {
        rows = batchRows(batch, words, this.buffers.take());
      } catch (error) {
        if (!upsertInstead((error as { code?: unknown }).code)) throw error;
      }
      if (rows) {
        // The word blocks and the traces in one round trip and one transaction (copyOn): a
        // stored trace always has its block. Each COPY had two round trips and a commit of its
        // own, the server idle while the writer waited on each.
        const blockRowsOf = blockRows(blocks, this.buffers.take());
        if (inCallersTransaction) await client.query('SAVEPOINT trace_copy');
        try {
          await copyOn(client, [
            { sql: COPY_WORD_BLOCKS_SQL, rows: blockRowsOf.end() },
            { sql: COPY_SQL, rows: rows.end() },
          ]);
          if (inCallersTransaction) await client.query('RELEASE SAVEPOINT trace_copy');
          this.buffers.give(rows.storage);
          this.buffers.give(blockRowsOf.storage);
          return;
        } catch (error) {
          if (!answeredByServer(error) || !upsertInstead((error as { code?: unknown }).code)) throw error;
          if (inCallersTransaction) await client.query('ROLLBACK TO SAVEPOINT trace_copy');
        }
      }
    }
    // Small batches, and a batch COPY refused (an id already stored, a value the server would
    // not take as sent): the blocks as one JSON document, then the upsert. The blocks go first,
    // each its own statement: a block whose traces then fail to be stored (or are stored by a
    // retry, with another block) only adds candidates a search finds missing.
    await client.query({ ...INSERT_WORD_BLOCKS, values: [jsonb(blocks.map(blockJson))] });
    await client.query({ ...UPSERT, values: [batchJson(batch, words)] });
  }

  async listJudged(query: JudgedTraceQuery): Promise<JudgedTracePage> {
    // `judged` as the partial index states it; (ts, id) < … is the index's range.
    const before = query.before ?? { ts: Number.MAX_SAFE_INTEGER, id: '' };
    const { rows } = await this.pool.query<{ id: string; ts: string; decisions: string | null }>(
      `SELECT id, ts, coalesce(decisions_json::text, decisions::text) AS decisions FROM traces
        WHERE judged AND ts >= $1 AND ts < $2 AND (ts, id) < ($3, $4) AND status < 400 ORDER BY ts DESC, id DESC LIMIT $5`,
      [pgInt(query.since), pgInt(query.until), pgInt(before.ts), pgText(before.id), pgInt(query.limit)],
    );
    const traces = rows.map((r) => ({ id: r.id, ts: Number(r.ts), decisions: r.decisions }));
    const last = traces.at(-1);
    return { traces, next: traces.length < query.limit || last === undefined ? null : { ts: last.ts, id: last.id } };
  }

  async listTraces(query: TraceQuery): Promise<TracePage> {
    const limit = Math.min(Math.max(Math.floor(query.limit ?? 50) || 50, 1), 500);
    if (byValue(query.sort)) return this.sortedPage(query, query.sort, limit);
    // Oldest first reads the same way in the other direction; a search then rechecks the exact
    // text over that window (the word blocks are read newest first).
    const oldest = query.sort?.dir === 'asc';
    const words = indexedSearch(query.text);
    if (query.text && words && !oldest) return this.searchByWords(query, query.text, words, limit);
    const params = new Params();
    const where = pgIndexedFilters(query, params);
    const cursor = query.before ? decodeCursor(query.before) : undefined;
    if (cursor) where.push(`(ts, id) ${oldest ? '>' : '<'} (${params.add(cursor[0])}, ${params.add(cursor[1])})`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const indexedValues = [...params.values];
    const scanned = pgScannedFilters(query, params);
    const order = oldest ? 'ORDER BY ts, id' : 'ORDER BY ts DESC, id DESC';
    if (scanned.length === 0) {
      const { rows } = await this.pool.query(`SELECT ${SUMMARY_COLUMNS} FROM traces ${whereSql} ${order} LIMIT ${params.add(limit + 1)}`, params.values);
      return this.page(rows, limit);
    }
    // Row-by-row filters look at a bounded window of the newest rows the indexed filters allow;
    // when the window runs out before the page fills, `next` resumes the search after it.
    const window = `SELECT * FROM traces ${whereSql} ${order} LIMIT ${SCAN_WINDOW}`;
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM (${window}) w WHERE ${scanned.join(' AND ')} ${order} LIMIT ${params.add(limit + 1)}`;
    const { rows } = await this.pool.query(sql, params.values);
    if (rows.length > limit) return this.page(rows, limit);
    const edge = await this.pool.query(`SELECT ts, id FROM traces ${whereSql} ${order} LIMIT 1 OFFSET ${SCAN_WINDOW - 1}`, indexedValues);
    const last = edge.rows[0] as { ts: number; id: string } | undefined;
    return last ? { traces: rows.map(toSummary), next: encodeCursor(last), scanned: SCAN_WINDOW } : { traces: rows.map(toSummary), next: null };
  }

  /**
   * A page sorted by latency, cost or tokens, over the newest SCAN_WINDOW traces the indexed
   * filters allow, below the newest one when the first page was read (the cursor keeps it): no
   * index orders by those values, as SQLite's (SqliteTraceStore.sortedPage). Ties go by id.
   */
  private async sortedPage(query: TraceQuery, sort: ValueSort, limit: number): Promise<TracePage> {
    const cursor = query.before ? decodeSortCursor(query.before, sort) : undefined;
    const params = new Params();
    const where = pgIndexedFilters(query, params);
    const nth = async (offset: number) => {
      const { rows } = await this.pool.query(`SELECT ts, id FROM traces ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, id DESC LIMIT 1 OFFSET ${offset}`, params.values);
      const row = rows[0] as { ts: number | string; id: string } | undefined;
      return row ? { ts: Number(row.ts), id: row.id } : undefined;
    };
    const newest = cursor ? { ts: cursor.top[0], id: cursor.top[1] } : await nth(0);
    if (!newest) return { traces: [], next: null };
    where.push(`(ts, id) <= (${params.add(newest.ts)}, ${params.add(newest.id)})`);
    const edge = await nth(SCAN_WINDOW - 1);
    if (edge) where.push(`(ts, id) >= (${params.add(edge.ts)}, ${params.add(edge.id)})`);
    where.push(...pgScannedFilters(query, params));
    const value = PG_SORT_SQL[sort.key];
    const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
    if (cursor) where.push(`(${value}, id) ${sort.dir === 'asc' ? '>' : '<'} (${params.add(cursor.value)}, ${params.add(cursor.id)})`);
    const { rows } = await this.pool.query(`SELECT ${SUMMARY_COLUMNS} FROM traces WHERE ${where.join(' AND ')} ORDER BY ${value} ${dir}, id ${dir} LIMIT ${params.add(limit + 1)}`, params.values);
    const traces = rows.slice(0, limit).map(toSummary);
    const last = traces[traces.length - 1];
    const next = rows.length > limit && last ? encodeSortCursor(sort, { value: sortValue(last, sort.key), id: last.id, top: [newest.ts, newest.id] }) : null;
    return edge ? { traces, next, sortedWithin: SCAN_WINDOW } : { traces, next };
  }

  /**
   * A search with words: the word blocks that hold them, newest first (by their newest trace),
   * give candidate traces, which must hold the words themselves and pass the exact-text recheck
   * and the other filters. After reading blocks down to a newest trace at `bound`, every trace
   * newer than `bound` that matches is among the candidates (its block is newer still), so the
   * page is final once `limit + 1` such traces are found; else more blocks are read, twice as
   * many each time, up to a scan window of candidates (then `next` resumes below `bound`). Each
   * round checks only the candidates between the last round's bound and its own, so a rare word
   * with a row-by-row filter rechecks no candidate (it rechecked all of them every round).
   */
  private async searchByWords(query: TraceQuery, text: string, words: string, limit: number): Promise<TracePage> {
    const cursor = query.before ? decodeCursor(query.before) : undefined;
    // A search for a trace's id finds that trace.
    const candidates: string[] = [pgText(text) as string];
    // A candidate holds the words (in `search_text`, or in `search_words` when written before it).
    const patterns = wordPatterns(text) ?? [];
    const rare = rareSearch(text, await this.commonSearchWords());
    let after: [number, number] | undefined;
    // The matches found so far, newest first: every match newer than `above`.
    const found: Row[] = [];
    let above: number | undefined;
    for (let step = FIRST_BLOCKS; ; step *= 2) {
      const blockParams = new Params();
      const blockWhere = [`words @@ ${blockParams.add(words)}::tsquery`];
      if (query.since !== undefined) blockWhere.push(`max_ts >= ${blockParams.add(Math.round(query.since))}`);
      if (query.until !== undefined) blockWhere.push(`min_ts < ${blockParams.add(Math.round(query.until))}`);
      if (cursor) blockWhere.push(`min_ts <= ${blockParams.add(cursor[0])}`);
      if (after) blockWhere.push(`(max_ts, id) < (${blockParams.add(after[0])}, ${blockParams.add(after[1])})`);
      // A rare word's blocks come from the word index, then sorted: the planner, left to choose,
      // walks the blocks newest first (see rareSearch). The fence keeps the sort out of the scan.
      const matching = `SELECT id, max_ts, ids FROM trace_word_blocks WHERE ${blockWhere.join(' AND ')}`;
      const from = rare ? `(WITH m AS MATERIALIZED (${matching}) SELECT * FROM m) b` : `(${matching}) b`;
      const blocks = await this.pool.query<{ id: number | string; max_ts: number | string; ids: string[] }>(
        `SELECT id, max_ts, ids FROM ${from} ORDER BY max_ts DESC, id DESC LIMIT ${blockParams.add(step)}`,
        blockParams.values,
      );
      for (const block of blocks.rows) for (const id of block.ids) candidates.push(id);
      const last = blocks.rows[blocks.rows.length - 1];
      if (last) after = [Number(last.max_ts), Number(last.id)];
      const bound = blocks.rows.length < step || !last ? undefined : Number(last.max_ts);
      const params = new Params();
      const where = pgIndexedFilters(query, params);
      if (cursor) where.push(`(ts, id) < (${params.add(cursor[0])}, ${params.add(cursor[1])})`);
      where.push(`id = ANY(${params.add(candidates)}::text[])`, `(id = ${params.add(text)} OR search_text LIKE ALL (${params.add(patterns)}::text[]) OR search_words @@ ${params.add(words)}::tsquery)`);
      if (bound !== undefined) where.push(`ts > ${params.add(bound)}`);
      // Candidates newer than `above` were looked at in an earlier round, matches kept in `found`.
      if (above !== undefined) where.push(`ts <= ${params.add(above)}`);
      // The candidates holding the words, newest first; the exact-text recheck (and the other
      // row-by-row filters) only on as many as the page takes (OFFSET 0 keeps the planner from
      // merging the two levels and rechecking every candidate before sorting).
      const scanned = pgScannedFilters(query, params);
      const candidatesSql = `SELECT * FROM traces WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC OFFSET 0`;
      const { rows } = await this.pool.query(
        `SELECT ${SUMMARY_COLUMNS} FROM (${candidatesSql}) c ${scanned.length ? `WHERE ${scanned.join(' AND ')}` : ''} ORDER BY ts DESC, id DESC LIMIT ${params.add(limit + 1 - found.length)}`,
        params.values,
      );
      found.push(...rows);
      if (found.length > limit || bound === undefined) return this.page(found, limit);
      above = bound;
      // Every trace newer than `bound` was looked at; the next page starts at `bound` itself.
      if (candidates.length >= SCAN_WINDOW) return { traces: found.map(toSummary), next: encodeCursor({ ts: bound + 1, id: '\u0001' }), scanned: candidates.length };
    }
  }

  /** The words the statistics list as common among the word blocks (COMMON_WORDS_SQL), read once a minute. */
  private async commonSearchWords(): Promise<ReadonlySet<string> | undefined> {
    if (this.commonWords && Date.now() - this.commonWords.at < COMMON_WORDS_MS) return this.commonWords.words;
    const { rows } = await this.pool.query<{ words: string[] | null }>(COMMON_WORDS_SQL);
    const words = rows[0]?.words;
    this.commonWords = { words: words ? new Set(words) : undefined, at: Date.now() };
    return this.commonWords.words;
  }

  private page(rows: Row[], limit: number): TracePage {
    const traces = rows.slice(0, limit).map(toSummary);
    const last = traces[traces.length - 1];
    return { traces, next: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async getTrace(id: string): Promise<TraceRecord | undefined> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM traces WHERE id = $1`, [pgText(id)]);
    return rows[0] ? (await withCachedAnswers([toRecord(rows[0])], this.readTraces))[0] : undefined;
  }

  async getTraces(ids: readonly string[]): Promise<TraceRecord[]> {
    return withCachedAnswers(await this.readTraces(ids), this.readTraces);
  }

  async bodyBytes(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    // octet_length of the kept JSON text is its raw size from the TOAST pointer (not decompressed);
    // a row from before the text columns has only its JSONB body, sized as stored.
    const size = (column: string) => `coalesce(octet_length(${column}_json), pg_column_size(${column}), 0)`;
    const { rows } = await this.pool.query(`SELECT id, ${size('request')} + ${size('response')} AS bytes FROM traces WHERE id = ANY($1::text[])`, [ids.map((id) => pgText(id))]);
    return new Map(rows.map((row) => [row.id as string, Number(row.bytes)]));
  }

  async selectTraces(selection: TraceSelection): Promise<TraceRecord[]> {
    const params = new Params();
    const where = pgSelectionFilters(selection, params);
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM traces WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ${params.add(selectionLimit(selection))}`, params.values);
    return withCachedAnswers(rows.map(toRecord), this.readTraces);
  }

  /** Traces by id as stored (a cache hit's answer not filled in). */
  private readonly readTraces = async (ids: readonly string[]): Promise<TraceRecord[]> => {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM traces WHERE id = ANY($1::text[])`, [ids.map((id) => pgText(id))]);
    return rows.map(toRecord);
  };

  async pruneTraces(pruning: TracePruning): Promise<PruneResult> {
    let deleted = 0;
    let stripped = 0;
    if (pruning.deleteBefore !== undefined) {
      const params = new Params();
      const before = params.add(pgInt(pruning.deleteBefore));
      // The traces `spendOfKey` sums (by the key's identity, and by its name on those older than
      // identities) and `spendByTeam` does.
      const keep = (pruning.keep ?? []).map((k) =>
        'team' in k
          ? `(team = ${params.add(pgText(k.team))} AND ts >= ${params.add(pgInt(k.since))})`
          : `(key_id = ${params.add(pgText(k.key.id))} AND ts >= ${params.add(pgInt(k.since))}) OR (key_id IS NULL AND key_name = ${params.add(pgText(k.key.name))} AND ts >= ${params.add(pgInt(Math.max(k.since, k.key.createdAt ?? k.since)))})`,
      );
      // COALESCE: a NULL key_id, key_name or team makes the test NULL, and NOT NULL would spare the trace.
      const spare = keep.length > 0 ? ` AND NOT COALESCE(${keep.join(' OR ')}, FALSE)` : '';
      const result = await this.pool.query(`DELETE FROM traces WHERE id IN (SELECT id FROM traces WHERE ts < ${before}${spare} ORDER BY ts LIMIT ${params.add(pruning.limit)})`, params.values);
      deleted = result.rowCount ?? 0;
      // Blocks older than every trace left go too (a block of deleted traces would only add
      // candidates a search finds missing).
      if (deleted > 0) await this.pool.query('DELETE FROM trace_word_blocks WHERE max_ts < coalesce((SELECT min(ts) FROM traces), 9223372036854775807)');
    }
    if (pruning.stripBodies) {
      const { from, before } = pruning.stripBodies;
      // The row keeps its search words: a search by a stripped body's words fails the exact-text recheck.
      const result = await this.pool.query(
        'UPDATE traces SET request = NULL, response = NULL, request_json = NULL, response_json = NULL WHERE id IN (SELECT id FROM traces WHERE ts >= $1 AND ts < $2 AND (request_json IS NOT NULL OR response_json IS NOT NULL OR request IS NOT NULL OR response IS NOT NULL) ORDER BY ts LIMIT $3) RETURNING ts',
        [pgInt(from), pgInt(before), pruning.limit],
      );
      stripped = result.rowCount ?? 0;
      if (stripped > 0) return { deleted, stripped, lastStrippedTs: result.rows.reduce((max: number, r: { ts: string | number }) => Math.max(max, Number(r.ts)), -Infinity) };
    }
    return { deleted, stripped };
  }

  async groundedIn(base: string, docIds: readonly string[] | null, window: TraceWindow): Promise<{ ids: string[]; next: string | null }> {
    // strpos first: the JSON is parsed only for traces of grounded calls.
    const { rows } = await this.pool.query<{ id: string; grounded: boolean }>(
      `SELECT id, coalesce(strpos(d, '"knowledge"') > 0 AND d::jsonb #>> '{knowledge,base}' = $3
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d::jsonb #> '{knowledge,chunks}') = 'array' THEN d::jsonb #> '{knowledge,chunks}' ELSE '[]'::jsonb END) AS c
                     WHERE $4::text[] IS NULL OR c ->> 'docId' = ANY($4::text[])), false) AS grounded
       FROM (SELECT id, coalesce(decisions_json::text, decisions::text) AS d FROM traces WHERE id > $1 ORDER BY id LIMIT $2) AS w ORDER BY id`,
      [pgText(window.after ?? ''), window.scan, pgText(base), docIds === null ? null : docIds.map((id) => pgText(id))],
    );
    return { ids: rows.filter((r) => r.grounded).map((r) => r.id), next: rows.length < window.scan ? null : (rows[rows.length - 1]?.id ?? null) };
  }

  async cacheHits(window: TraceWindow): Promise<{ hits: { id: string; origin: string }[]; next: string | null }> {
    const { rows } = await this.pool.query<{ id: string; origin: string | null }>(
      `SELECT id, CASE WHEN strpos(d, '"hit"') > 0 AND d::jsonb #>> '{cache,status}' = 'hit' THEN d::jsonb #>> '{cache,trace}' END AS origin
       FROM (SELECT id, coalesce(decisions_json::text, decisions::text) AS d FROM traces WHERE id > $1 ORDER BY id LIMIT $2) AS w ORDER BY id`,
      [pgText(window.after ?? ''), window.scan],
    );
    return { hits: rows.flatMap((r) => (typeof r.origin === 'string' ? [{ id: r.id, origin: r.origin }] : [])), next: rows.length < window.scan ? null : (rows[rows.length - 1]?.id ?? null) };
  }

  async forgetAnswers(ids: readonly string[], purge: DocumentPurge): Promise<number> {
    if (ids.length === 0) return 0;
    const found = await this.readTraces(ids);
    return inTransaction(this.pool, async (client) => {
      const changedIds: string[] = [];
      for (const trace of found) {
        const kept = purgedDecisions(trace.decisions, purge);
        if (!kept && trace.response === null) continue;
        // The trace's own search words are what is left (its request, error, metadata), so a
        // search finds it by no word of the answer.
        const words = wordListText(traceWords({ ...trace, response: null }));
        await client.query(
          'UPDATE traces SET response = NULL, response_json = NULL, decisions_json = coalesce($1, decisions_json), decisions = CASE WHEN $1::text IS NULL THEN decisions END, search_text = $2, search_words = NULL WHERE id = $3',
          [kept ? exactJsonb(kept) : null, pgText(words), trace.id],
        );
        changedIds.push(trace.id);
      }
      if (changedIds.length > 0) {
        // The blocks that filed these traces' words take the union of their traces' words anew.
        await client.query(
          `UPDATE trace_word_blocks AS b SET words = (
             SELECT array_to_tsvector(coalesce(array_agg(DISTINCT w) FILTER (WHERE w <> ''), '{}'))
             FROM traces AS t, unnest(CASE WHEN t.search_text IS NOT NULL THEN string_to_array(btrim(t.search_text), ' ') ELSE tsvector_to_array(t.search_words) END) AS w
             WHERE t.id = ANY(b.ids))
           WHERE b.ids && $1::text[]`,
          [changedIds],
        );
      }
      return changedIds.length;
    });
  }

  async erasable(match: ErasureMatch, window: TraceWindow): Promise<{ ids: string[]; next: string | null }> {
    assertNarrows(match);
    const after = pgText(window.after ?? '');
    const edge = await this.pool.query<{ id: string }>('SELECT id FROM traces WHERE id > $1 ORDER BY id LIMIT 1 OFFSET $2', [after, Math.max(1, window.scan) - 1]);
    const last = edge.rows[0]?.id;
    const params = new Params();
    const bounds = [`id > ${params.add(after)}`, ...(last === undefined ? [] : [`id <= ${params.add(last)}`])];
    const where = erasurePrefilter(match, {
      holds: (column, text) => `strpos(${column === 'request' ? REQUEST_TEXT : 'metadata::text'}, ${params.add(text)}) > 0`,
      sessionIs: (session) => `session_id = ${params.add(session)}`,
    });
    const { rows } = await this.pool.query<{ id: string; request: string | null; metadata: Record<string, unknown> | null; session_id: string | null }>(
      `SELECT id, ${REQUEST_TEXT} AS request, metadata, session_id FROM traces WHERE ${bounds.join(' AND ')} AND ${where} ORDER BY id`,
      params.values,
    );
    return { ids: rows.filter((r) => erasureMatches({ request: r.request, metadata: r.metadata, session: r.session_id }, match)).map((r) => r.id), next: last ?? null };
  }

  async deleteTraces(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return inTransaction(this.pool, async (client) => {
      const deleted = await client.query<{ id: string; ts: string }>('DELETE FROM traces WHERE id = ANY($1::text[]) RETURNING id, ts', [ids.map((id) => pgText(id))]);
      const gone = deleted.rows.map((r) => r.id);
      if (gone.length > 0) {
        const times = deleted.rows.map((r) => Number(r.ts));
        // The planner's guess at `ids &&` is thousands of blocks, which compiled the statement (JIT,
        // ~110 ms of a 275 ms update at 100,000 traces); a block's times hold its traces' (the range
        // that keeps the scan to the blocks of the batch's time, as ids follow time).
        await client.query('SET LOCAL jit = off');
        // The blocks that filed these traces lose their ids, and their words become the union of the traces left's:
        // a block kept the erased words otherwise (a search would recheck and find no trace, but the words were there).
        const blocks = await client.query<{ id: string; remaining: number }>(
          `UPDATE trace_word_blocks AS b SET ids = ARRAY(SELECT x FROM unnest(b.ids) AS x WHERE NOT (x = ANY($1::text[]))), words = (
             SELECT array_to_tsvector(coalesce(array_agg(DISTINCT w) FILTER (WHERE w <> ''), '{}'))
             FROM traces AS t, unnest(CASE WHEN t.search_text IS NOT NULL THEN string_to_array(btrim(t.search_text), ' ') ELSE tsvector_to_array(t.search_words) END) AS w
             WHERE t.id = ANY(b.ids) AND NOT (t.id = ANY($1::text[])))
           WHERE b.max_ts >= $2 AND b.min_ts <= $3 AND b.ids && $1::text[]
           RETURNING b.id, cardinality(b.ids) AS remaining`,
          [gone, pgInt(Math.min(...times)), pgInt(Math.max(...times))],
        );
        const empty = blocks.rows.filter((b) => Number(b.remaining) === 0).map((b) => b.id);
        if (empty.length > 0) await client.query('DELETE FROM trace_word_blocks WHERE id = ANY($1::bigint[])', [empty]);
      }
      return gone.length;
    });
  }

  async nthNewestTs(n: number): Promise<number | undefined> {
    const { rows } = await this.pool.query('SELECT ts FROM traces ORDER BY ts DESC LIMIT 1 OFFSET $1', [Math.max(0, Math.floor(n) - 1)]);
    const ts = (rows[0] as { ts: number | string } | undefined)?.ts;
    return ts === undefined ? undefined : Number(ts);
  }

  async spendOfKey(key: KeyIdentity, since: number): Promise<number> {
    // Two sums, each on its own index (key_id, ts) and (key_name, ts), where an OR would scan.
    const { rows } = await this.pool.query<{ spend: number | string }>(
      `SELECT (SELECT COALESCE(SUM(cost_usd), 0) FROM traces WHERE key_id = $1 AND ts >= $2)
            + (SELECT COALESCE(SUM(cost_usd), 0) FROM traces WHERE key_name = $3 AND ts >= $4 AND key_id IS NULL) AS spend`,
      [key.id, pgInt(since), key.name, pgInt(Math.max(since, key.createdAt ?? since))],
    );
    return Number(rows[0]?.spend ?? 0);
  }

  async spendByTeam(since: number): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ team: string; spend: number }>('SELECT team, SUM(cost_usd) AS spend FROM traces WHERE ts >= $1 AND team IS NOT NULL GROUP BY team', [pgInt(since)]);
    return new Map(rows.map((r) => [r.team, r.spend]));
  }
}

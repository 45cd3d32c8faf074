import { jsonTextOf, unescapeNonAscii } from '../../core/json-text.js';
import { judgedSteps } from '../../core/judged-steps.js';
import type { TracePage, TraceQuery, TraceRecord, TraceSelection, TraceSummary } from '../../core/trace.js';
import { type DocumentPurge, type InsertTracesOptions, type JudgedTracePage, type JudgedTraceQuery, type KeptSpend, type PruneResult, purgedDecisions, type TracePruning, type TraceStore, type TraceWindow } from '../../core/trace-store.js';
import type { KeySpendStore } from '../../limits/key-spend.js';
import type { KeyIdentity } from '../../limits/limit-store.js';
import type Database from 'better-sqlite3';
import { type SqliteDatabase, withSecureDelete } from './open-database.js';
import { decodeCursor, decodeSortCursor, encodeCursor, encodeSortCursor } from '../trace-cursor.js';
import { byValue, sortValue, type ValueSort } from '../../core/trace-sort.js';
import { sqliteColumns } from '../rows/column-reader.js';
import { traceFromRow, traceSummaryFromRow } from '../rows/trace-rows.js';
import { exactTextSql, type IndexedMatches, SCAN_WINDOW, searchPhrase, statusRangeSql, traceFilterSql, traceSelectionSql } from './trace-filters.js';
import { INDEX_PENDING_SQL } from './trace-search-migrations.js';
import { multiRowInsert } from './multi-row-insert.js';
import { withCachedAnswers } from '../cached-answer-bodies.js';
import { assertNarrows, type ErasureMatch, erasureMatches } from '../../core/erasure-match.js';
import { erasurePrefilter } from '../erasure-prefilter.js';

/** How long after a write the search index catches up, and how many traces it takes per turn of the event loop. */
const INDEX_DELAY_MS = 1_000;
const INDEX_CHUNK = 1_024;

const SUMMARY_COLUMNS = `id, ts, request_id, endpoint, key_name, team, requested_model, provider, upstream_model,
  status, error_code, error_message, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens,
  usage_estimated, cost_usd, ttft_ms, latency_ms, attempts, metadata, decisions, otel, session_id, key_id, replica`;

type Row = Record<string, unknown>;

/** What a sorted list orders by, per key (tokens in and out together). */
const SORT_SQL = { latency: 'latency_ms', cost: 'cost_usd', tokens: '(input_tokens + output_tokens)' } as const;

/** Columns of the traces table, in its order (the insert is positional). */
const TRACE_COLUMNS = 31;
/** A rare status class read by its index (the planner, given `LIMIT ?`, walks the (ts) index instead). */
const STATUS_INDEXED_TRACES = 'traces INDEXED BY traces_status_ts';

/** Appends one trace's values in column order. */
function pushRow(values: unknown[], t: TraceRecord): void {
  const decisions = json(t.decisions);
  values.push(
    t.id,
    t.ts,
    t.requestId,
    t.endpoint,
    t.keyName,
    t.team,
    t.requestedModel,
    t.provider,
    t.upstreamModel,
    t.status,
    t.errorCode,
    t.errorMessage,
    t.stream ? 1 : 0,
    t.inputTokens,
    t.outputTokens,
    t.cachedTokens,
    t.reasoningTokens,
    t.usageEstimated ? 1 : 0,
    t.costUsd,
    t.ttftMs,
    t.latencyMs,
    JSON.stringify(t.attempts),
    json(t.metadata),
    decisions,
    body(t.request),
    body(t.response),
    t.otel ? JSON.stringify(t.otel) : null,
    t.session ?? null,
    t.keyId ?? null,
    // Text without a judge is not parsed (judgedSteps), so most traces cost a substring search.
    decisions !== null && judgedSteps(decisions).length > 0 ? 1 : null,
    t.replica ?? null,
  );
}
type Statement = ReturnType<SqliteDatabase['prepare']>;

const json = jsonTextOf;

/** A body's JSON text with escaped letters written out: the search index and its recheck read the stored text. */
function body(value: unknown): string | null {
  const text = jsonTextOf(value);
  return text === null ? null : unescapeNonAscii(text);
}

const toSummary = (row: Row): TraceSummary => traceSummaryFromRow(row, sqliteColumns);
const toRecord = (row: Row): TraceRecord => traceFromRow(row, sqliteColumns);

/**
 * Traces in the embedded SQLite file: one transaction per batch, multi-row INSERT statements
 * with positional parameters, each prepared once. Calls are synchronous underneath; the port is async for PostgreSQL.
 *
 * @example const traces = new SqliteTraceStore(openDatabase(':memory:')); await traces.insertTraces(batch);
 */
export class SqliteTraceStore implements TraceStore, Pick<KeySpendStore, 'spendOfKey' | 'spendByTeam'> {
  private readonly insert;
  /** Undefined when the file has no trace search (benchmarks open it without). */
  private readonly indexTx: ((limit: number) => number) & { immediate(limit: number): number } | undefined;
  private indexTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private inserted = false;
  /** A search's first two reads (searchPage), prepared on the first search. */
  private searchReads: { span: Database.Statement<[]>; probe: Database.Statement<[string, number]> } | undefined;

  constructor(private readonly db: SqliteDatabase) {
    // Runs of up to 64 rows per statement (1,792 parameters): every statement that fires the
    // search-queue trigger copies the pages it touches into a statement journal, which spills to a
    // temporary file, so 128 single-row statements cost ~70 µs of CPU per trace (half of it in the
    // kernel) against ~45 µs in runs of 64 (`traces-insert` in the perf report).
    const insertRows = multiRowInsert(db, { head: 'INSERT OR REPLACE INTO traces', columns: TRACE_COLUMNS }, pushRow);
    this.insert = db.transaction((traces: readonly TraceRecord[]) => insertRows(traces));
    const searchable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'trace_search_queue'").get() !== undefined;
    if (searchable) {
      const sql = INDEX_PENDING_SQL;
      const [end, unindex, forget, number, index, dequeue] = [sql.end, sql.unindex, sql.forget, sql.number, sql.index, sql.dequeue].map((text) => db.prepare(text));
      this.indexTx = db.transaction((limit: number): number => {
        const { n, last } = (end as Statement).get(limit) as { n: number; last: number | null };
        if (n === 0 || last === null) return 0;
        for (const step of [unindex, forget, number, index, dequeue]) (step as Statement).run(last);
        return n;
      });
    }
  }

  async insertTraces(traces: readonly TraceRecord[], options: InsertTracesOptions = {}): Promise<void> {
    if (options.durable) {
      // FULL fsyncs the WAL at this commit, which makes every earlier commit durable as well.
      this.db.pragma('synchronous = FULL');
      try {
        this.insert(traces);
      } finally {
        this.db.pragma('synchronous = NORMAL');
      }
    } else {
      this.insert(traces);
    }
    this.inserted = true;
    this.scheduleIndex();
  }

  /**
   * Adds up to `limit` queued traces (stored since the last pass) to the full-text index, oldest first,
   * in one transaction that holds the write lock, so two processes never index the same ones.
   * Returns how many it took; 0 when the index is complete (or the file has no trace search).
   * Searches never wait for it: they recheck the queued traces row by row.
   */
  indexPending(limit = INDEX_CHUNK): number {
    if (!this.indexTx || !this.db.open) return 0;
    return this.indexTx.immediate(limit) as number;
  }

  /** Indexes everything pending (at close, and in tests). */
  indexAll(): void {
    while (this.indexPending() > 0);
  }

  /** Whether this store wrote traces (then it indexes what it wrote before it closes). */
  get wroteTraces(): boolean {
    return this.inserted;
  }

  /**
   * Indexing runs after the write, off its transaction: a timer (that keeps no process alive)
   * fires a second after the first unindexed write, then the indexer takes one chunk per turn of
   * the event loop until it has caught up.
   */
  private scheduleIndex(): void {
    if (!this.indexTx || this.indexTimer) return;
    this.indexTimer = setTimeout(() => this.indexChunk(), INDEX_DELAY_MS);
    this.indexTimer.unref();
  }

  private indexChunk(): void {
    let indexed = 0;
    try {
      indexed = this.indexPending();
    } catch {
      // Locked by another process or closing: the next write (or the next pass) tries again.
    }
    if (indexed === INDEX_CHUNK) {
      this.indexTimer = setImmediate(() => this.indexChunk());
      (this.indexTimer as NodeJS.Immediate).unref();
    } else this.indexTimer = undefined;
  }

  async listJudged(query: JudgedTraceQuery): Promise<JudgedTracePage> {
    // `judged = 1` as the partial index states it, so the planner takes it; the row value is its range.
    const before = query.before ?? { ts: Number.MAX_SAFE_INTEGER, id: '' };
    const rows = this.db
      .prepare(`SELECT id, ts, decisions FROM traces WHERE judged = 1 AND ts >= ? AND ts < ? AND (ts, id) < (?, ?) AND status < 400
        ORDER BY ts DESC, id DESC LIMIT ?`)
      .all(query.since, query.until, before.ts, before.id, query.limit) as { id: string; ts: number; decisions: string | null }[];
    const last = rows.at(-1);
    return { traces: rows, next: rows.length < query.limit || last === undefined ? null : { ts: last.ts, id: last.id } };
  }

  async listTraces(query: TraceQuery): Promise<TracePage> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const sort = query.sort;
    // One snapshot for the reads of a page (see below): the window's bounds and its rows.
    if (byValue(sort)) return this.db.transaction(() => this.sortedPage(query, sort, limit)).deferred();
    if (sort?.dir === 'asc') return this.db.transaction(() => this.pageOfTraces(query, limit, undefined, true)).deferred();
    const phrase = searchPhrase(query);
    if (!phrase) return this.pageOfTraces(query, limit);
    // One snapshot for every read of a search: the indexer of another process could otherwise
    // move a trace from the queue into the index between two of them.
    return this.db.transaction(() => this.searchPage(query, phrase, limit)).deferred();
  }

  /**
   * A page of a text search. Few indexed traces holding its words (up to √(traces × page)) are
   * looked up by id, rechecked and sorted; many are found by walking the newest traces, which
   * reads about traces × page / matches of them, fewer than the matches once they pass that. A phrase
   * in every trace of 50,000: ~140 ms for the look-ups, ~12 for the walk. The walk reads at
   * most twice that many traces (the words may all be in old traces); what it did not fill comes
   * from the look-ups among the older ones.
   */
  private searchPage(query: TraceQuery, phrase: string, limit: number): TracePage {
    this.searchReads ??= this.prepareSearchReads();
    const { span } = this.searchReads.span.get() as { span: number };
    const many = Math.max(1, Math.ceil(Math.sqrt(span * (limit + 1))));
    const rowids = this.searchReads.probe.all(phrase, many) as number[];
    if (rowids.length < many) return this.pageOfTraces(query, limit, rowids);
    const range = typeof query.status === 'string' ? statusRangeSql(query.status) : undefined;
    const others = traceFilterSql({ ...query, text: undefined, status: typeof query.status === 'number' ? query.status : undefined });
    // Row-by-row filters bound their own walk (SCAN_WINDOW).
    if (others.scanned.length > 0) return this.pageOfTraces(query, limit);
    const where = [...others.indexed];
    const params = [...others.indexedParams];
    let rare = false;
    if (range) {
      // A status class ranges over the (status, ts) index, which gives no ts order: finding the
      // walk's bound there sorted every trace of the class (~100 ms for 50,000 `ok`). When the
      // class holds 2 × many traces or more, `+status` keeps the planner on the (ts) index and
      // checks each row's status as it walks; fewer, the class's traces are few to sort, and the
      // walk has no bound anyway: the (status, ts) index reads them (see statusClassBelow).
      rare = this.statusClassBelow(range, 2 * many);
      where.push(rare ? range : `+${range}`);
    }
    // Bounds as a range of ts (and a tie-break on id), which the walk keeps to: an OR of two
    // ranges would gather both and sort them.
    const cursor = query.before ? decodeCursor(query.before) : undefined;
    if (cursor) {
      where.push('ts <= ? AND (ts < ? OR id < ?)');
      params.push(cursor[0], cursor[0], cursor[1]);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Where the walk stops: any trace about that far serves, as it splits the (ts, id) order in
    // two; ordered by ts alone, the (ts) index finds it (by ts and id, the planner sorted the table).
    const edge = this.db.prepare(`SELECT ts, id FROM traces ${whereSql} ORDER BY ts DESC LIMIT 1 OFFSET ${2 * many - 1}`).get(...params) as
      | { ts: number; id: string }
      | undefined;
    // Words in every trace may make an exact text in none (`open Settings; then`): a bounded walk
    // would read its whole bound for nothing, and the look-ups every older trace after it. A walk fills
    // its page when one trace in 2 × many / (page + 1) holds the text; then the newest `sample`
    // traces hold it ~4 times on average. Checked by the text alone (no read of the index), they
    // stop at the first that holds it; when none does, the look-ups alone answer. Either way the
    // page is the same: only the time differs.
    const sample = Math.min(2 * many, Math.ceil((8 * many) / (limit + 1)));
    const exact = exactTextSql(query.text as string);
    const window = `SELECT id, request, response, error_message, metadata FROM traces ${whereSql} ORDER BY ts DESC LIMIT ${sample}`;
    if (edge && this.db.prepare(`SELECT 1 FROM (${window}) WHERE ${exact.sql} LIMIT 1`).get(...params, ...exact.params) === undefined) return this.pageOfTraces(query, limit);
    const text = traceFilterSql({ text: query.text }, 'walk');
    where.push(...text.indexed);
    params.push(...text.indexedParams);
    if (edge) {
      where.push('ts >= ? AND (ts > ? OR id >= ?)');
      params.push(edge.ts, edge.ts, edge.id);
    }
    const from = rare ? STATUS_INDEXED_TRACES : 'traces';
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ?`).all(...params, limit + 1) as Row[];
    if (rows.length > limit || !edge) return this.page(rows, limit);
    const older = this.pageOfTraces({ ...query, before: encodeCursor(edge) }, limit + 1 - rows.length);
    const traces = [...rows.map(toSummary), ...older.traces];
    const last = traces[limit - 1];
    return traces.length > limit && last ? { traces: traces.slice(0, limit), next: encodeCursor(last) } : { traces, next: older.next };
  }

  private prepareSearchReads(): NonNullable<typeof this.searchReads> {
    return {
      span: this.db.prepare<[]>('SELECT coalesce((SELECT max(rowid) FROM trace_search_ids) - (SELECT min(rowid) FROM trace_search_ids) + 1, 0) AS span'),
      probe: this.db.prepare<[string, number]>('SELECT rowid FROM traces_fts WHERE traces_fts MATCH ? LIMIT ?').pluck(),
    };
  }

  /** A page in time order, newest first (`oldest` for oldest first). */
  private pageOfTraces(query: TraceQuery, limit: number, matches?: IndexedMatches, oldest = false): TracePage {
    const filters = traceFilterSql(query, matches);
    const where = [...filters.indexed];
    const params = [...filters.indexedParams];
    const cursor = query.before ? decodeCursor(query.before) : undefined;
    const [past, order] = oldest ? ['>', 'ORDER BY ts, id'] : ['<', 'ORDER BY ts DESC, id DESC'];
    if (cursor) {
      where.push(`(ts ${past} ? OR (ts = ? AND id ${past} ?))`);
      params.push(cursor[0], cursor[0], cursor[1]);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = typeof query.status === 'string' && this.statusClassIsRare(query.status, limit) ? STATUS_INDEXED_TRACES : 'traces';
    if (filters.scanned.length === 0) {
      const sql = `SELECT ${SUMMARY_COLUMNS} FROM ${from} ${whereSql} ${order} LIMIT ?`;
      const rows = this.db.prepare(sql).all(...params, limit + 1) as Row[];
      return this.page(rows, limit);
    }
    // Row-by-row filters look at a bounded window of the newest (oldest) rows the indexed filters allow;
    // when the window runs out before the page fills, `next` resumes the search after it.
    const window = `SELECT * FROM ${from} ${whereSql} ${order} LIMIT ${SCAN_WINDOW}`;
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM (${window}) WHERE ${filters.scanned.join(' AND ')} LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, ...filters.scannedParams, limit + 1) as Row[];
    if (rows.length > limit) return this.page(rows, limit);
    const edge = this.db.prepare(`SELECT ts, id FROM ${from} ${whereSql} ${order} LIMIT 1 OFFSET ${SCAN_WINDOW - 1}`).get(...params) as
      | { ts: number; id: string }
      | undefined;
    // Only a window that ran out before the page filled leaves older traces unsearched.
    return edge ? { traces: rows.map(toSummary), next: encodeCursor(edge), scanned: SCAN_WINDOW } : { traces: rows.map(toSummary), next: null };
  }

  /**
   * A page sorted by latency, cost or tokens. No index orders traces by those (each would slow
   * every write for a view people open now and then), so the sort covers a window: the newest
   * SCAN_WINDOW traces the indexed filters allow, below the newest one when the first page was
   * read (its cursor keeps that bound, so new traces do not shift later pages). Ties go by id.
   */
  private sortedPage(query: TraceQuery, sort: ValueSort, limit: number): TracePage {
    // A search is checked on each trace of the window, as PostgreSQL's is: through the word index,
    // a word in most traces gathered every one of them first (0.9 s for 100,000, against ~40 ms).
    const filters = traceFilterSql({ ...query, text: undefined });
    if (query.text) {
      const exact = exactTextSql(query.text);
      filters.scanned.push(exact.sql);
      filters.scannedParams.push(...exact.params);
    }
    const cursor = query.before ? decodeSortCursor(query.before, sort) : undefined;
    const where = [...filters.indexed];
    const params = [...filters.indexedParams];
    const window = (whereSql: string, offset: number) =>
      this.db.prepare(`SELECT ts, id FROM traces ${whereSql} ORDER BY ts DESC, id DESC LIMIT 1 OFFSET ${offset}`).get(...params) as { ts: number; id: string } | undefined;
    const newest = cursor ? { ts: cursor.top[0], id: cursor.top[1] } : window(where.length ? `WHERE ${where.join(' AND ')}` : '', 0);
    if (!newest) return { traces: [], next: null };
    // Bounds as a range of ts with a tie-break on id, which the (ts) index serves (see searchPage).
    where.push('ts <= ? AND (ts < ? OR id <= ?)');
    params.push(newest.ts, newest.ts, newest.id);
    const edge = window(`WHERE ${where.join(' AND ')}`, SCAN_WINDOW - 1);
    if (edge) {
      where.push('ts >= ? AND (ts > ? OR id >= ?)');
      params.push(edge.ts, edge.ts, edge.id);
    }
    where.push(...filters.scanned);
    params.push(...filters.scannedParams);
    const value = SORT_SQL[sort.key];
    const [past, dir] = sort.dir === 'asc' ? ['>', 'ASC'] : ['<', 'DESC'];
    if (cursor) {
      where.push(`(${value} ${past} ? OR (${value} = ? AND id ${past} ?))`);
      params.push(cursor.value, cursor.value, cursor.id);
    }
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM traces WHERE ${where.join(' AND ')} ORDER BY ${value} ${dir}, id ${dir} LIMIT ?`).all(...params, limit + 1) as Row[];
    const traces = rows.slice(0, limit).map(toSummary);
    const last = traces[traces.length - 1];
    const next = rows.length > limit && last ? encodeSortCursor(sort, { value: sortValue(last, sort.key), id: last.id, top: [newest.ts, newest.id] }) : null;
    return edge ? { traces, next, sortedWithin: SCAN_WINDOW } : { traces, next };
  }

  /**
   * Whether a status class is rare enough that reading all of it by the (status, ts) index and
   * sorting it beats walking the (ts) index newest first, which reads about traces × page / class
   * rows to fill a page (~50 ms for 50 errors among 50,000). The two cost the same at
   * √(traces × page) rows; below twice that (as searchPage's walk), the class is rare. Needs the
   * trace count, read from the search numbers; a file without trace search keeps the walk.
   */
  private statusClassIsRare(status: 'ok' | 'error', limit: number): boolean {
    if (!this.indexTx) return false;
    this.searchReads ??= this.prepareSearchReads();
    const { span } = this.searchReads.span.get() as { span: number };
    return this.statusClassBelow(statusRangeSql(status), 2 * Math.max(1, Math.ceil(Math.sqrt(span * (limit + 1)))));
  }

  /** Whether fewer than `bound` traces fall in a status range: a covering read of the (status, ts) index, stopped at the bound. */
  private statusClassBelow(range: string, bound: number): boolean {
    return this.db.prepare(`SELECT 1 FROM traces WHERE ${range} LIMIT 1 OFFSET ${bound - 1}`).get() === undefined;
  }

  private page(rows: Row[], limit: number): TracePage {
    const traces = rows.slice(0, limit).map(toSummary);
    const last = traces[traces.length - 1];
    return { traces, next: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async getTrace(id: string): Promise<TraceRecord | undefined> {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, request, response FROM traces WHERE id = ?`).get(id) as Row | undefined;
    return row ? (await withCachedAnswers([toRecord(row)], this.readTraces))[0] : undefined;
  }

  async getTraces(ids: readonly string[]): Promise<TraceRecord[]> {
    return withCachedAnswers(await this.readTraces(ids), this.readTraces);
  }

  async bodyBytes(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    // A blob's length comes from its record header: the bodies are not read.
    const rows = this.db
      .prepare('SELECT id, coalesce(length(CAST(request AS BLOB)), 0) + coalesce(length(CAST(response AS BLOB)), 0) AS bytes FROM traces WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as { id: string; bytes: number }[];
    return new Map(rows.map((row) => [row.id, Number(row.bytes)]));
  }

  async selectTraces(selection: TraceSelection): Promise<TraceRecord[]> {
    const { where, params, limit } = traceSelectionSql(selection);
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, request, response FROM traces WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ?`).all(...params, limit) as Row[];
    return withCachedAnswers(rows.map(toRecord), this.readTraces);
  }

  /** Traces by id as stored (a cache hit's answer not filled in): also what a copy into another store reads. */
  readonly readTraces = async (ids: readonly string[]): Promise<TraceRecord[]> => {
    if (ids.length === 0) return [];
    // json_each takes the ids as one parameter: no limit on how many, one statement to prepare.
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, request, response FROM traces WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Row[];
    return rows.map(toRecord);
  };

  async pruneTraces(pruning: TracePruning): Promise<PruneResult> {
    let deleted = 0;
    let stripped = 0;
    if (pruning.deleteBefore !== undefined) {
      const keep = keepSql(pruning.keep ?? []);
      deleted = this.db
        .prepare(`DELETE FROM traces WHERE id IN (SELECT id FROM traces WHERE ts < ?${keep.sql} ORDER BY ts LIMIT ?)`)
        .run(pruning.deleteBefore, ...keep.params, pruning.limit).changes;
    }
    if (pruning.stripBodies) {
      const { from, before } = pruning.stripBodies;
      const rows = this.db
        .prepare('UPDATE traces SET request = NULL, response = NULL WHERE id IN (SELECT id FROM traces WHERE ts >= ? AND ts < ? AND (request IS NOT NULL OR response IS NOT NULL) ORDER BY ts LIMIT ?) RETURNING ts')
        .all(from, before, pruning.limit) as { ts: number }[];
      stripped = rows.length;
      if (stripped > 0) return { deleted, stripped, lastStrippedTs: rows.reduce((max, r) => Math.max(max, r.ts), -Infinity) };
    }
    return { deleted, stripped };
  }

  async groundedIn(base: string, docIds: readonly string[] | null, window: TraceWindow): Promise<{ ids: string[]; next: string | null }> {
    // instr first: the JSON is parsed only for traces of grounded calls.
    const rows = this.db
      .prepare(
        `SELECT id, decisions IS NOT NULL AND instr(decisions, '"knowledge"') > 0 AND decisions ->> '$.knowledge.base' = ?
           AND EXISTS (SELECT 1 FROM json_each(decisions, '$.knowledge.chunks') AS c WHERE ? IS NULL OR c.value ->> '$.docId' IN (SELECT value FROM json_each(?))) AS grounded
         FROM (SELECT id, decisions FROM traces WHERE id > ? ORDER BY id LIMIT ?)`,
      )
      .all(base, docIds === null ? null : 1, JSON.stringify(docIds ?? []), window.after ?? '', window.scan) as { id: string; grounded: number }[];
    return { ids: rows.filter((r) => r.grounded === 1).map((r) => r.id), next: rows.length < window.scan ? null : (rows[rows.length - 1]?.id ?? null) };
  }

  async cacheHits(window: TraceWindow): Promise<{ hits: { id: string; origin: string }[]; next: string | null }> {
    const rows = this.db
      .prepare(
        `SELECT id, CASE WHEN decisions IS NOT NULL AND instr(decisions, '"hit"') > 0 AND decisions ->> '$.cache.status' = 'hit' THEN decisions ->> '$.cache.trace' END AS origin
         FROM (SELECT id, decisions FROM traces WHERE id > ? ORDER BY id LIMIT ?)`,
      )
      .all(window.after ?? '', window.scan) as { id: string; origin: string | null }[];
    return { hits: rows.flatMap((r) => (typeof r.origin === 'string' ? [{ id: r.id, origin: r.origin }] : [])), next: rows.length < window.scan ? null : (rows[rows.length - 1]?.id ?? null) };
  }

  async forgetAnswers(ids: readonly string[], purge: DocumentPurge): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = this.db.prepare('SELECT id, decisions, response IS NOT NULL AS answered FROM traces WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: string; decisions: string | null; answered: number }[];
    const update = this.db.prepare('UPDATE traces SET response = NULL, decisions = coalesce(?, decisions) WHERE id = ?');
    let changed = 0;
    // secure_delete: the old answer's bytes are zeroed in the file, not left in free space.
    withSecureDelete(this.db, () =>
      this.db.transaction(() => {
        for (const row of rows) {
          const kept = purgedDecisions(row.decisions === null ? null : JSON.parse(row.decisions), purge);
          if (kept || row.answered) changed += update.run(kept ? JSON.stringify(kept) : null, row.id).changes;
        }
      })(),
    );
    return changed;
  }

  async erasable(match: ErasureMatch, window: TraceWindow): Promise<{ ids: string[]; next: string | null }> {
    assertNarrows(match);
    const after = window.after ?? '';
    const last = this.db.prepare('SELECT id FROM traces WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?').pluck().get(after, Math.max(1, window.scan) - 1) as string | undefined;
    const params: unknown[] = [];
    const where = erasurePrefilter(match, {
      holds: (column, text) => {
        params.push(text);
        return `instr(${column}, ?) > 0`;
      },
      sessionIs: (session) => {
        params.push(session);
        return 'session_id = ?';
      },
    });
    const upTo = last === undefined ? '' : ' AND id <= ?';
    const rows = this.db.prepare(`SELECT id, request, metadata, session_id FROM traces WHERE id > ?${upTo} AND ${where} ORDER BY id`).all(after, ...(last === undefined ? [] : [last]), ...params) as { id: string; request: string | null; metadata: string | null; session_id: string | null }[];
    const ids = rows.filter((r) => erasureMatches({ request: r.request, metadata: r.metadata === null ? null : (JSON.parse(r.metadata) as Record<string, unknown>), session: r.session_id }, match)).map((r) => r.id);
    return { ids, next: last ?? null };
  }

  async deleteTraces(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const list = JSON.stringify(ids);
    // secure_delete: the rows' bytes (and the search index's, through the delete trigger) are zeroed in the file.
    return withSecureDelete(this.db, () =>
      this.db.transaction(() => {
        const deleted = this.db.prepare('DELETE FROM traces WHERE id IN (SELECT value FROM json_each(?))').run(list).changes;
        // Ids still queued for the indexer: it skips traces no longer stored, but the queue need not keep their ids.
        if (this.indexTx) this.db.prepare('DELETE FROM trace_search_queue WHERE id IN (SELECT value FROM json_each(?))').run(list);
        return deleted;
      })(),
    );
  }

  async mergeSearchIndex(pages: number): Promise<boolean> {
    // FTS5's incremental merge: done when a step changes fewer than 2 rows (its documented test).
    // Under secure_delete, so the old segments' pages are zeroed, not left in free space.
    const changes = this.db.prepare('SELECT total_changes()').pluck();
    return withSecureDelete(this.db, () => {
      const before = changes.get() as number;
      this.db.prepare("INSERT INTO traces_fts(traces_fts, rank) VALUES('merge', ?)").run(-Math.max(1, Math.floor(pages)));
      return (changes.get() as number) - before >= 2;
    });
  }

  async nthNewestTs(n: number): Promise<number | undefined> {
    const row = this.db.prepare('SELECT ts FROM traces ORDER BY ts DESC LIMIT 1 OFFSET ?').get(Math.max(0, Math.floor(n) - 1)) as { ts: number } | undefined;
    return row?.ts;
  }

  async spendOfKey(key: KeyIdentity, since: number): Promise<number> {
    // Two sums, each on its own index (key_id, ts) and (key_name, ts), where an OR would scan.
    const row = this.db
      .prepare(
        `SELECT (SELECT COALESCE(SUM(cost_usd), 0) FROM traces WHERE key_id = ? AND ts >= ?)
              + (SELECT COALESCE(SUM(cost_usd), 0) FROM traces WHERE key_name = ? AND ts >= ? AND key_id IS NULL) AS spend`,
      )
      .get(key.id, since, key.name, Math.max(since, key.createdAt ?? since)) as { spend: number };
    return row.spend;
  }

  async spendByTeam(since: number): Promise<Map<string, number>> {
    const rows = this.db.prepare('SELECT team, SUM(cost_usd) AS spend FROM traces WHERE ts >= ? AND team IS NOT NULL GROUP BY team').all(since) as { team: string; spend: number }[];
    return new Map(rows.map((r) => [r.team, r.spend]));
  }
}

/** `AND NOT (…)` sparing the traces budgets still count (the traces `spendOfKey` sums), with its parameters. */
function keepSql(keep: readonly KeptSpend[]): { sql: string; params: (string | number)[] } {
  if (keep.length === 0) return { sql: '', params: [] };
  const ofKey = '(key_id = ? AND ts >= ?) OR (key_id IS NULL AND key_name = ? AND ts >= ?)';
  const sql = keep.map((k) => ('team' in k ? '(team = ? AND ts >= ?)' : ofKey)).join(' OR ');
  const params = keep.flatMap((k) => ('team' in k ? [k.team, k.since] : [k.key.id, k.since, k.key.name, Math.max(k.since, k.key.createdAt ?? k.since)]));
  // COALESCE: a NULL key_id, key_name or team makes the test NULL, and NOT NULL would spare the trace.
  return { sql: ` AND NOT COALESCE(${sql}, FALSE)`, params };
}

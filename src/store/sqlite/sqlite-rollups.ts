import { emptyHistogram } from '../../monitor/histogram.js';
import { accumulate, coarsen, mergeRow, ROLLUP_DIMS, type RollupDim, type RollupRange, type RollupReader, type RollupRow, type RollupTotals } from '../../monitor/rollup.js';
import type { TraceRecord, TraceSummary } from '../../core/trace.js';
import type { SqliteDatabase } from './open-database.js';
import { HISTOGRAM_COLUMNS, LATENCY_COLUMNS, ROLLUP_RESOLUTIONS } from './rollup-migrations.js';

const BACKFILL_PAGE = 20_000;
const SUMS = ['requests', 'errors', 'input_tokens', 'output_tokens', 'cached_tokens', 'reasoning_tokens', 'cost_usd', 'latency_ms_sum', 'ttft_count', 'ttft_ms_sum', ...HISTOGRAM_COLUMNS];
const SUM_SQL = SUMS.map((c) => `SUM(${c})`).join(', ');
type Dim = Exclude<RollupDim, '*'>;

/** A row of SUM(…) columns, in SUMS order starting at `offset`, as totals. */
function totalsFrom(r: unknown[], offset: number): RollupTotals {
  const n = (i: number) => (r[offset + i] as number | null) ?? 0;
  const latencyHist = emptyHistogram();
  const ttftHist = emptyHistogram();
  for (let i = 0; i < LATENCY_COLUMNS.length; i++) {
    latencyHist[i] = n(10 + i);
    ttftHist[i] = n(10 + LATENCY_COLUMNS.length + i);
  }
  return { requests: n(0), errors: n(1), inputTokens: n(2), outputTokens: n(3), cachedTokens: n(4), reasoningTokens: n(5), costUsd: n(6), latencyMsSum: n(7), ttftCount: n(8), ttftMsSum: n(9), latencyHist, ttftHist };
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;
const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;

/**
 * Splits [since, until) into pieces each served by the coarsest table whose buckets fit inside
 * it. `since` and `until` are minute-aligned (they come from chart steps or now).
 *
 * @example rangeSegments(Date.UTC(2026,0,1,22,30), Date.UTC(2026,0,3,1,15)) // minutes, hours, a day, hours, minutes
 */
export function rangeSegments(since: number, until: number): { table: string; from: number; to: number }[] {
  const out: { table: string; from: number; to: number }[] = [];
  const add = (table: string, from: number, to: number) => {
    if (from < to) out.push({ table, from, to });
  };
  const hourStart = Math.min(ceilTo(since, HOUR), until);
  const hourEnd = Math.max(floorTo(until, HOUR), hourStart);
  const dayStart = Math.min(ceilTo(hourStart, DAY), hourEnd);
  const dayEnd = Math.max(floorTo(hourEnd, DAY), dayStart);
  add('rollup_minute', since, hourStart);
  add('rollup_hour', hourStart, dayStart);
  add('rollup_day', dayStart, dayEnd);
  add('rollup_hour', dayEnd, hourEnd);
  add('rollup_minute', hourEnd, until);
  return out;
}

function tableFor(resolutionMs: number): string {
  const resolution = ROLLUP_RESOLUTIONS.find((r) => r.ms === resolutionMs);
  if (!resolution) throw new Error(`no rollup of ${resolutionMs} ms`);
  return resolution.table;
}

/**
 * Minute rows are kept this long behind the newest one: the widest chart drawn from minute rows
 * spans 10 days (longer ranges use hour rows), and ~50,000 minute rows a day would otherwise grow
 * without bound. Hour and day rows are kept.
 */
export const MINUTE_RETENTION_MS = 14 * DAY;
const PRUNE_EVERY_MS = HOUR;

/** Hour and day deltas are written at most this often (and before every read). */
const COARSE_FLUSH_MS = 2_000;
const COARSE_MAX_PENDING = 5_000;

/**
 * Keeps the rollup tables in step with the trace table and answers the overview's questions.
 * `apply` must run inside the transaction that inserts the traces (SqliteTraceStore calls it
 * there), so minute rollups never count a trace the store lost, nor miss one it kept. Hour and
 * day rows are two thirds of the upserts but change the same rows batch after batch, so their
 * deltas are summed in memory and written every two seconds and before any read; after a crash
 * the recent ones are rebuilt from the minute rows, which are exact.
 *
 * @example
 * const rollups = new SqliteRollups(db);
 * const store = new SqliteTraceStore(db, { afterInsert: [(batch) => rollups.apply(batch)] });
 */
export class SqliteRollups implements RollupReader {
  private readonly upserts;
  private readonly pending = new Map<number, Map<string, RollupRow>>();
  private pendingRows = 0;
  private lastFlush = performance.now();
  private newestMinute = 0;
  private prunedThrough = 0;
  /** The last batch's coarse deltas, held until its transaction is known to have committed. */
  private staged: { probeId: string; rows: Map<string, RollupRow> } | undefined;
  private readonly probe;

  constructor(private readonly db: SqliteDatabase) {
    const columns = ['dim', 'bucket', 'value', ...SUMS];
    const updates = SUMS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
    this.upserts = ROLLUP_RESOLUTIONS.map(({ table, ms }) => ({
      ms,
      statement: db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO UPDATE SET ${updates}`),
    }));
    this.probe = db.prepare('SELECT 1 FROM traces WHERE id = ?');
    this.backfillOnce();
    this.rebuildRecentCoarse();
  }

  /** Folds a batch of new traces into every resolution. Synchronous: call it inside the insert transaction. */
  apply(traces: readonly (TraceRecord | TraceSummary)[]): void {
    const [minute] = this.upserts;
    const first = traces[0];
    if (!minute || !first) return;
    // This batch repeats one whose transaction failed (the writer retries): forget those deltas.
    const probeId = this.staged?.probeId;
    if (probeId !== undefined && traces.some((t) => t.id === probeId)) this.staged = undefined;
    this.settle();
    const rows = accumulate(traces, minute.ms);
    for (const r of rows.values()) {
      this.write(minute.statement, r);
      if (r.bucket > this.newestMinute) this.newestMinute = r.bucket;
    }
    this.pruneMinutes();
    // A failed transaction is retried by the writer: its deltas must not be counted twice.
    this.staged = { probeId: first.id, rows };
    if (this.pendingRows > COARSE_MAX_PENDING || performance.now() - this.lastFlush > COARSE_FLUSH_MS) this.flushCoarse();
  }

  /** Drops minute rows past the retention, about once an hour of traffic. */
  private pruneMinutes(): void {
    const cutoff = this.newestMinute - MINUTE_RETENTION_MS;
    if (cutoff - this.prunedThrough < PRUNE_EVERY_MS) return;
    // One range delete per dimension walks the (dim, bucket, value) key instead of the whole table.
    const remove = this.db.prepare('DELETE FROM rollup_minute WHERE dim = ? AND bucket < ?');
    for (const dim of ROLLUP_DIMS) remove.run(dim, cutoff);
    this.prunedThrough = cutoff;
  }

  /** Moves the previous batch's deltas into the buffer if its traces were committed. */
  private settle(): void {
    const staged = this.staged;
    if (!staged) return;
    this.staged = undefined;
    if (!this.probe.get(staged.probeId)) return;
    for (const { ms } of this.upserts.slice(1)) {
      let pending = this.pending.get(ms);
      if (!pending) this.pending.set(ms, (pending = new Map()));
      const before = pending.size;
      for (const [id, row] of coarsen(staged.rows.values(), ms)) mergeRow(pending, id, row);
      this.pendingRows += pending.size - before;
    }
  }

  /** Writes the buffered hour and day deltas; runs inside the caller's transaction when there is one. */
  flushCoarse(): void {
    this.lastFlush = performance.now();
    // Inside a batch's own transaction its deltas stay staged; from a reader, the last batch has committed.
    if (!this.db.inTransaction) this.settle();
    if (this.pendingRows === 0 && [...this.pending.values()].every((p) => p.size === 0)) return;
    const write = () => {
      for (const { ms, statement } of this.upserts.slice(1)) {
        for (const r of this.pending.get(ms)?.values() ?? []) this.write(statement, r);
        this.pending.get(ms)?.clear();
      }
      this.pendingRows = 0;
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write)();
  }

  private write(statement: { run(...params: unknown[]): unknown }, r: RollupRow): void {
    statement.run(r.dim, r.bucket, r.value, r.requests, r.errors, r.inputTokens, r.outputTokens, r.cachedTokens, r.reasoningTokens, r.costUsd, r.latencyMsSum, r.ttftCount, r.ttftMsSum, ...r.latencyHist, ...r.ttftHist);
  }

  /**
   * Hour and day rows of the last day with traffic, recomputed from minute rows: deltas buffered
   * when the process stopped are not lost, whatever way it stopped.
   */
  private rebuildRecentCoarse(): void {
    const last = (this.db.prepare("SELECT MAX(bucket) AS b FROM rollup_minute WHERE dim = '*'").get() as { b: number | null }).b;
    if (last === null) return;
    const from = floorTo(last, DAY) - DAY;
    const sums = SUMS.map((c) => `SUM(${c})`).join(', ');
    this.db.transaction(() => {
      for (const { table, ms } of ROLLUP_RESOLUTIONS.slice(1)) {
        this.db.prepare(`DELETE FROM ${table} WHERE bucket >= ?`).run(from);
        this.db
          .prepare(`INSERT INTO ${table} (dim, bucket, value, ${SUMS.join(', ')}) SELECT dim, bucket - bucket % ${ms}, value, ${sums} FROM rollup_minute WHERE bucket >= ? GROUP BY dim, bucket - bucket % ${ms}, value`)
          .run(from);
      }
    })();
  }

  async slots(range: RollupRange, stepMs: number): Promise<(RollupTotals & { slot: number })[]> {
    this.flushCoarse();
    const rows = this.db
      .prepare(`SELECT CAST((bucket - ?) / ? AS INTEGER) AS slot, ${SUM_SQL} FROM ${tableFor(range.resolutionMs)} WHERE dim = '*' AND bucket >= ? AND bucket < ? GROUP BY slot`)
      .raw()
      .all(range.since, stepMs, range.since, range.until) as unknown[][];
    return rows.map((r) => ({ slot: r[0] as number, ...totalsFrom(r, 1) }));
  }

  async values(range: RollupRange, dim: Dim): Promise<(RollupTotals & { value: string })[]> {
    this.flushCoarse();
    // Whole-range sums need no fine buckets: whole days from the day table, the hours at the
    // edges from the hour table, the minutes at the very edges from the minute table. A month by
    // key reads ~100 rows per key instead of 720 hourly ones.
    const parts = rangeSegments(range.since, range.until);
    const union = parts.map((p) => `SELECT * FROM ${p.table} WHERE dim = ? AND bucket >= ? AND bucket < ?`).join(' UNION ALL ');
    if (!union) return [];
    const rows = this.db
      .prepare(`SELECT value, ${SUM_SQL} FROM (${union}) GROUP BY value`)
      .raw()
      .all(...parts.flatMap((p) => [dim, p.from, p.to])) as unknown[][];
    return rows.map((r) => ({ value: r[0] as string, ...totalsFrom(r, 1) }));
  }

  async split(range: RollupRange, stepMs: number, dim: Dim): Promise<{ slot: number; value: string; requests: number; costUsd: number; tokens: number }[]> {
    this.flushCoarse();
    return this.db
      .prepare(`SELECT CAST((bucket - ?) / ? AS INTEGER) AS slot, value, SUM(requests) AS requests, SUM(cost_usd) AS costUsd, SUM(input_tokens + output_tokens) AS tokens
        FROM ${tableFor(range.resolutionMs)} WHERE dim = ? AND bucket >= ? AND bucket < ? GROUP BY slot, value`)
      .all(range.since, stepMs, dim, range.since, range.until) as { slot: number; value: string; requests: number; costUsd: number; tokens: number }[];
  }

  async dimensionValues(since: number): Promise<Record<Dim, string[]>> {
    const out: Record<Dim, string[]> = { model: [], provider: [], key: [], team: [] };
    const rows = this.db
      .prepare("SELECT DISTINCT dim, value FROM rollup_day WHERE dim != '*' AND bucket >= ? AND value != '' ORDER BY value")
      .all(since - (since % 86_400_000)) as { dim: Dim; value: string }[];
    for (const row of rows) out[row.dim]?.push(row.value);
    return out;
  }

  /**
   * A store that had traces before rollups existed gets them folded in once, at open, a page at
   * a time; traces inserted afterwards go through `apply`.
   */
  private backfillOnce(): void {
    if (this.db.prepare("SELECT 1 FROM rollup_state WHERE name = 'backfilled'").get()) return;
    const page = this.db.prepare(`SELECT id, ts, requested_model AS requestedModel, provider, key_name AS keyName, team, status,
      input_tokens AS inputTokens, output_tokens AS outputTokens, cached_tokens AS cachedTokens, reasoning_tokens AS reasoningTokens,
      cost_usd AS costUsd, latency_ms AS latencyMs, ttft_ms AS ttftMs FROM traces WHERE id > ? ORDER BY id LIMIT ${BACKFILL_PAGE}`);
    this.db.transaction(() => {
      let after = '';
      for (;;) {
        const rows = page.all(after) as (TraceSummary & { id: string })[];
        if (rows.length === 0) break;
        this.apply(rows);
        after = (rows[rows.length - 1] as { id: string }).id;
      }
      this.flushCoarse();
      this.db.prepare("INSERT INTO rollup_state VALUES ('backfilled', ?)").run(String(Date.now()));
    })();
  }
}

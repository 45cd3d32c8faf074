import { accumulate, coarsen, mergeRow, ROLLUP_DIMS, SPEND_DIM, type RolledTrace, type RollupDim, type RollupRange, type RollupRow, type RollupTotals, type SplitDim } from '../../monitor/rollup.js';
import type { RollupStore } from '../../monitor/rollup-store.js';
import { lastSeenHoursFrom, lastSeenWindow, MINUTE_RETENTION_MS, PRUNE_EVERY_MS, ROLLUP_RESOLUTIONS, rangeSegments, rowValues, SUM_SQL, SUMS, spendRowsOf, SPLIT_DIMS_SQL, tableFor, totalsFrom } from '../rollup-layout.js';
import type { SpendRow } from '../../limits/key-spend.js';
import type { SqliteDatabase } from './open-database.js';

const BACKFILL_PAGE = 20_000;
/** Recent minutes checked against the traces at open: the request time-out plus a margin. */
const REPAIR_WINDOW_MS = 15 * 60_000;
const ROLLED_COLUMNS = `id, ts, requested_model AS requestedModel, provider, key_name AS keyName, team, status,
  input_tokens AS inputTokens, output_tokens AS outputTokens, cached_tokens AS cachedTokens, reasoning_tokens AS reasoningTokens,
  cost_usd AS costUsd, latency_ms AS latencyMs, ttft_ms AS ttftMs, stream, upstream_model AS upstreamModel, decisions, metadata, attempts, replica`;
const MINUTE = 60_000;
const DAY = 86_400_000;
const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
type Dim = Exclude<RollupDim, '*' | 'eval:*'>;
type Statement = { run(...params: unknown[]): unknown };

/** Hour and day deltas are written at most this often (and before every read). */
const COARSE_FLUSH_MS = 2_000;
const COARSE_MAX_PENDING = 5_000;

/**
 * Keeps the rollup tables in step with the trace table and answers the overview's questions.
 * The trace writer hands it each batch the store has committed (`apply`, one transaction of its
 * own, all or nothing, so a redelivered batch is never counted twice). Hour and day rows are two
 * thirds of the upserts but change the same rows batch after batch, so their deltas are summed
 * in memory and written every two seconds and before any read; after a crash the recent ones are
 * rebuilt from the minute rows, which are exact.
 *
 * @example
 * const rollups = new SqliteRollups(db);
 * const writer = new TraceWriter({ store: storeSink(traces), derived: [rollupSink(rollups)] }, options);
 */
export class SqliteRollups implements RollupStore {
  private readonly upserts;
  private readonly pending = new Map<number, Map<string, RollupRow>>();
  private pendingRows = 0;
  private lastFlush = performance.now();
  private flushTimer: NodeJS.Timeout | undefined;
  private newestMinute = 0;
  private prunedThrough = 0;
  private readonly applyBatch;
  private readonly minuteUpsert: Statement;
  private readonly dayUpsert: Statement;

  /**
   * `upkeep` (the process that writes traces, i.e. the gateway) folds in traces from before the
   * rollups existed, recounts minutes a crash left out and rebuilds recent hour and day rows at
   * open. A reader (a CLI command next to a running gateway) must not: the gateway's buffered
   * deltas would then be counted twice.
   */
  constructor(
    private readonly db: SqliteDatabase,
    options: { upkeep?: boolean } = {},
  ) {
    const columns = ['dim', 'bucket', 'value', ...SUMS];
    const updates = SUMS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
    this.upserts = ROLLUP_RESOLUTIONS.map(({ table, ms }) => ({
      ms,
      statement: db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO UPDATE SET ${updates}`),
    }));
    this.minuteUpsert = (this.upserts[0] as { statement: Statement }).statement;
    this.dayUpsert = (this.upserts.at(-1) as { statement: Statement }).statement;
    this.applyBatch = db.transaction((traces: readonly RolledTrace[]) => {
      const rows = this.applyMinutes(traces);
      // The spend export reads day rows: its own are written with the batch, not buffered, so a
      // call is in the export (another process's read included) as soon as its minute is.
      for (const r of coarsen([...rows.values()].filter((row) => row.dim === SPEND_DIM), DAY).values()) this.write(this.dayUpsert, r);
      return rows;
    });
    if (options.upkeep === false) return;
    this.backfillOnce();
    this.repairRecentMinutes();
    this.rebuildRecentCoarse();
  }

  /** Folds a batch of stored traces into every resolution, in one transaction. */
  async apply(traces: readonly RolledTrace[]): Promise<void> {
    if (traces.length === 0) return;
    const rows = this.applyBatch(traces);
    // Committed: only now may the batch's hour and day deltas join the buffer.
    this.buffer(rows);
    if (this.pendingRows > COARSE_MAX_PENDING || performance.now() - this.lastFlush > COARSE_FLUSH_MS) this.flushCoarse();
    else this.flushLater();
  }

  /**
   * Writes the buffered deltas within `COARSE_FLUSH_MS` though no batch follows: a reader with a
   * rollups instance of its own (the gateway's admin API when traces are written in a worker
   * thread, a CLI command) sees only the tables, and the last burst's names were missing from
   * the filters until the next request came.
   */
  private flushLater(): void {
    if (this.flushTimer || this.pendingRows === 0) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      try {
        if (this.db.open) this.flushCoarse();
      } catch {
        // Kept for the next batch or read, which flush again.
      }
    }, COARSE_FLUSH_MS);
    this.flushTimer.unref?.();
  }

  /** Writes a batch's minute rows (inside a transaction) and returns them. */
  private applyMinutes(traces: readonly RolledTrace[], scope: 'all' | 'base' = 'all'): Map<string, RollupRow> {
    const rows = accumulate(traces, MINUTE, undefined, scope);
    for (const r of rows.values()) {
      this.write(this.minuteUpsert, r);
      if (r.bucket > this.newestMinute) this.newestMinute = r.bucket;
    }
    this.pruneMinutes();
    return rows;
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

  /** Adds committed minute rows' hour and day deltas to the in-memory buffer. */
  private buffer(rows: Map<string, RollupRow>): void {
    for (const { ms } of this.upserts.slice(1)) {
      let pending = this.pending.get(ms);
      if (!pending) this.pending.set(ms, (pending = new Map()));
      const before = pending.size;
      // The spend dimension's day rows were written with the batch (`applyBatch`).
      for (const [id, row] of coarsen(rows.values(), ms)) if (ms !== DAY || row.dim !== SPEND_DIM) mergeRow(pending, id, row);
      this.pendingRows += pending.size - before;
    }
  }

  /** Writes the buffered hour and day deltas in one transaction. */
  flushCoarse(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlush = performance.now();
    if (this.pendingRows === 0) return;
    this.db.transaction(() => {
      for (const { ms, statement } of this.upserts.slice(1)) {
        for (const r of this.pending.get(ms)?.values() ?? []) this.write(statement, r);
      }
    })();
    // Cleared only after the commit: a failed write keeps the deltas for the next try.
    for (const pending of this.pending.values()) pending.clear();
    this.pendingRows = 0;
  }

  private write(statement: Statement, r: RollupRow): void {
    statement.run(r.dim, r.bucket, r.value, ...rowValues(r));
  }

  /**
   * The traces table and the rollups commit separately (the writer applies a batch to the rollups
   * after the store has it), so a crash between the two leaves the last batch out of the minute
   * rows. Recent minutes are checked against the traces at open and recounted when they differ;
   * traces reach the store at most ~10 minutes (the request time-out) after their start.
   */
  private repairRecentMinutes(): void {
    const last = (this.db.prepare("SELECT MAX(bucket) AS b FROM rollup_minute WHERE dim = '*'").get() as { b: number | null }).b;
    if (last === null) return;
    const from = floorTo(last - REPAIR_WINDOW_MS, MINUTE);
    const traced = (this.db.prepare('SELECT COUNT(*) AS n FROM traces WHERE ts >= ?').get(from) as { n: number }).n;
    const rolled = (this.db.prepare("SELECT COALESCE(SUM(requests), 0) AS n FROM rollup_minute WHERE dim = '*' AND bucket >= ?").get(from) as { n: number }).n;
    if (traced === rolled) return;
    const page = this.db.prepare(`SELECT ${ROLLED_COLUMNS} FROM traces WHERE ts >= ? AND id > ? ORDER BY id LIMIT ${BACKFILL_PAGE}`);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM rollup_minute WHERE bucket >= ?').run(from);
      for (let after = ''; ; ) {
        const rows = page.all(from, after) as (RolledTrace & { id: string })[];
        if (rows.length === 0) break;
        this.applyMinutes(rows);
        after = (rows[rows.length - 1] as { id: string }).id;
      }
    })();
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

  async slots(range: RollupRange, stepMs: number, dim: '*' | 'eval:*' = '*'): Promise<(RollupTotals & { slot: number })[]> {
    this.flushCoarse();
    const rows = this.db
      .prepare(`SELECT CAST((bucket - ?) / ? AS INTEGER) AS slot, ${SUM_SQL} FROM ${tableFor(range.resolutionMs)} WHERE dim = ? AND bucket >= ? AND bucket < ? GROUP BY slot`)
      .raw()
      .all(range.since, stepMs, dim, range.since, range.until) as unknown[][];
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

  async lastSeen(range: RollupRange, dim: Dim, values: readonly string[]): Promise<Map<string, number>> {
    this.flushCoarse();
    const out = new Map<string, number>();
    if (values.length === 0 || range.since >= range.until) return out;
    // The newest hour of each value (hour rows are few and kept for good), then its minutes in that hour alone.
    const hours = new Map(
      this.db
        .prepare('SELECT value, MAX(bucket) FROM rollup_hour WHERE dim = ? AND bucket >= ? AND bucket < ? GROUP BY value')
        .raw()
        .all(dim, lastSeenHoursFrom(range.since), range.until) as [string, number][],
    );
    const minute = this.db.prepare('SELECT MAX(bucket) FROM rollup_minute WHERE dim = ? AND bucket >= ? AND bucket < ? AND value = ?').raw();
    for (const value of values) {
      const hour = hours.get(value);
      if (hour === undefined) continue;
      const window = lastSeenWindow(hour, range);
      const [last] = minute.get(dim, window.from, window.to, value) as [number | null];
      out.set(value, last ?? window.from);
    }
    return out;
  }

  async split(range: RollupRange, stepMs: number, dim: Dim): Promise<{ slot: number; value: string; requests: number; costUsd: number; tokens: number }[]> {
    this.flushCoarse();
    return this.db
      .prepare(`SELECT CAST((bucket - ?) / ? AS INTEGER) AS slot, value, SUM(requests) AS requests, SUM(cost_usd) AS costUsd, SUM(input_tokens + output_tokens) AS tokens
        FROM ${tableFor(range.resolutionMs)} WHERE dim = ? AND bucket >= ? AND bucket < ? GROUP BY slot, value`)
      .all(range.since, stepMs, dim, range.since, range.until) as { slot: number; value: string; requests: number; costUsd: number; tokens: number }[];
  }

  /** The spend export's rows of [since, until) (whole UTC days), from the `spend` dimension's day rows, which retention never deletes. */
  async spendRows(since: number, until: number): Promise<SpendRow[]> {
    this.flushCoarse();
    const rows = this.db
      .prepare("SELECT bucket, value, requests, input_tokens AS inputTokens, output_tokens AS outputTokens, cost_usd AS costUsd FROM rollup_day WHERE dim = 'spend' AND bucket >= ? AND bucket < ?")
      .all(since, until) as Parameters<typeof spendRowsOf>[0];
    return spendRowsOf(rows);
  }

  async dimensionValues(since: number): Promise<Record<SplitDim, string[]>> {
    this.flushCoarse();
    const out: Record<SplitDim, string[]> = { model: [], provider: [], key: [], team: [], route: [] };
    const rows = this.db
      .prepare(`SELECT DISTINCT dim, value FROM rollup_day WHERE dim IN (${SPLIT_DIMS_SQL}) AND bucket >= ? AND value != '' ORDER BY value`)
      .all(since - (since % 86_400_000)) as { dim: SplitDim; value: string }[];
    for (const row of rows) out[row.dim]?.push(row.value);
    return out;
  }

  /**
   * A store that had traces before rollups existed gets them folded in once, at open, a page at
   * a time; traces inserted afterwards go through `apply`.
   */
  private backfillOnce(): void {
    if (this.db.prepare("SELECT 1 FROM rollup_state WHERE name = 'backfilled'").get()) return;
    const page = this.db.prepare(`SELECT ${ROLLED_COLUMNS} FROM traces WHERE id > ? ORDER BY id LIMIT ${BACKFILL_PAGE}`);
    this.db.transaction(() => {
      let after = '';
      for (;;) {
        const rows = page.all(after) as (RolledTrace & { id: string })[];
        if (rows.length === 0) break;
        // The spend rows of these traces were folded in by the migration that made the spend dimension.
        this.buffer(this.applyMinutes(rows, 'base'));
        after = (rows[rows.length - 1] as { id: string }).id;
      }
      this.flushCoarse();
      this.db.prepare("INSERT INTO rollup_state VALUES ('backfilled', ?)").run(String(Date.now()));
    })();
  }
}

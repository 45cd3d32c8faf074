import { accumulate, addTotals, coarsen, ROLLUP_DIMS, type RolledTrace, type RollupDim, type RollupRange, type RollupRow, type RollupTotals, type SplitDim } from '../../monitor/rollup.js';
import type { RollupStore } from '../../monitor/rollup-store.js';
import { HISTOGRAM_BUCKETS } from '../../monitor/histogram.js';
import { HISTOGRAM_COLUMNS, lastSeenHoursFrom, lastSeenWindow, MINUTE_RETENTION_MS, PRUNE_EVERY_MS, ROLLUP_RESOLUTIONS, rangeSegments, SUM_SQL, SUMS, spendRowsOf, SPLIT_DIMS_SQL, tableFor, totalsFrom } from '../rollup-layout.js';
import type { SpendRow } from '../../limits/key-spend.js';
import { inTransaction, type PgClient, type PgPool } from './connect.js';
import { jsonb, pgText } from './pg-values.js';

type Dim = Exclude<RollupDim, '*' | 'eval:*'>;

const MINUTE = 60_000;
const SCALARS = SUMS.filter((c) => !HISTOGRAM_COLUMNS.includes(c));
const FLOATS = new Set(['cost_usd', 'latency_ms_sum', 'ttft_ms_sum']);
// Rows travel as one JSON document, histograms as two arrays per row that the server spreads
// into the l0…l63 and t0…t63 columns: one parameter, one round trip, little client CPU.
const RECORD = ['dim text', 'bucket bigint', 'value text', ...SCALARS.map((c) => `${c} ${FLOATS.has(c) ? 'float8' : 'bigint'}`), 'lh int[]', 'th int[]'].join(', ');
const SELECTED = ['r.dim', 'r.bucket', 'r.value', ...SCALARS.map((c) => `r.${c}`), ...Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `r.lh[${i + 1}]`), ...Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `r.th[${i + 1}]`)].join(', ');
const COLUMNS = ['dim', 'bucket', 'value', ...SCALARS, ...HISTOGRAM_COLUMNS];

function upsertSql(table: string): string {
  const updates = SUMS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
  return `INSERT INTO ${table} (${COLUMNS.join(', ')}) SELECT ${SELECTED} FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD}) ON CONFLICT (dim, bucket, value) DO UPDATE SET ${updates}`;
}

// Named statements: each connection parses and plans them once. Planning the 138-column
// INSERT … SELECT … ON CONFLICT took most of the server's time per batch when sent as plain text.
const UPSERTS = new Map<string, string>(ROLLUP_RESOLUTIONS.map(({ table }) => [table, upsertSql(table)]));

/** A rollup row as the JSON `upsertSql` reads. */
function rowJson(r: RollupRow): Record<string, unknown> {
  return {
    dim: r.dim,
    bucket: r.bucket,
    value: r.value,
    requests: r.requests,
    errors: r.errors,
    input_tokens: r.inputTokens,
    output_tokens: r.outputTokens,
    cached_tokens: r.cachedTokens,
    reasoning_tokens: r.reasoningTokens,
    cost_usd: r.costUsd,
    latency_ms_sum: r.latencyMsSum,
    ttft_count: r.ttftCount,
    ttft_ms_sum: r.ttftMsSum,
    lh: Array.from(r.latencyHist),
    th: Array.from(r.ttftHist),
  };
}

/**
 * Rows keyed by the value PostgreSQL will store (NUL replaced): two client strings that differ
 * only there become one row, as one upsert may not touch a row twice. Rows are not mutated.
 */
function bySanitizedKey(rows: Iterable<RollupRow>): Iterable<RollupRow> {
  const merged = new Map<string, RollupRow>();
  for (const row of rows) {
    const value = pgText(row.value) as string;
    const key = `${row.dim}\u0000${row.bucket}\u0000${value}`;
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, value === row.value ? row : { ...row, value });
      continue;
    }
    const sum = { ...existing, latencyHist: existing.latencyHist.slice(), ttftHist: existing.ttftHist.slice() };
    addTotals(sum, row);
    merged.set(key, sum);
  }
  return merged.values();
}

/**
 * Rollups in PostgreSQL. Replicas share the tables, so nothing is buffered in memory: each batch
 * writes its minute, hour and day deltas in one transaction (one JSON-parameter upsert per
 * resolution, rows in key order so concurrent writers lock them in the same order). Deltas add,
 * so any number of replicas can apply batches at once.
 *
 * @example const rollups = new PgRollups(pool); await rollups.apply(batch); await computeOverview(rollups, query);
 */
export class PgRollups implements RollupStore {
  private newestMinute = 0;
  private prunedThrough = 0;

  constructor(private readonly pool: PgPool) {}

  async apply(traces: readonly RolledTrace[]): Promise<void> {
    if (traces.length === 0) return;
    await this.applyMinutes(accumulate(traces, MINUTE));
  }

  /**
   * Folds minute rows (as `accumulate(traces, 60_000)` makes them) into every resolution, in one
   * transaction like `apply`: what `gatheredRollupSink` collected over many batches.
   */
  async applyMinutes(minutes: ReadonlyMap<string, RollupRow>): Promise<void> {
    if (minutes.size === 0) return;
    let newest = this.newestMinute;
    for (const row of minutes.values()) if (row.bucket > newest) newest = row.bucket;
    await inTransaction(
      this.pool,
      async (client) => {
        await this.upsert(client, 'rollup_minute', minutes.values());
        for (const { table, ms } of ROLLUP_RESOLUTIONS.slice(1)) await this.upsert(client, table, coarsen(minutes.values(), ms).values());
      },
      { relaxed: true },
    );
    this.newestMinute = newest;
    await this.pruneMinutes();
  }

  private async upsert(client: PgClient, table: string, rows: Iterable<RollupRow>): Promise<void> {
    const sorted = [...bySanitizedKey(rows)].sort((a, b) => (a.dim < b.dim ? -1 : a.dim > b.dim ? 1 : a.bucket - b.bucket || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)));
    if (sorted.length === 0) return;
    await client.query({ name: `switchyard_upsert_${table}`, text: UPSERTS.get(table) as string, values: [jsonb(sorted.map(rowJson))] });
  }

  /** Drops minute rows past the retention, about once an hour of traffic. */
  private async pruneMinutes(): Promise<void> {
    const cutoff = this.newestMinute - MINUTE_RETENTION_MS;
    if (cutoff - this.prunedThrough < PRUNE_EVERY_MS) return;
    this.prunedThrough = cutoff;
    // One range delete per dimension walks the (dim, bucket, value) key instead of the whole table.
    for (const dim of ROLLUP_DIMS) await this.pool.query('DELETE FROM rollup_minute WHERE dim = $1 AND bucket < $2', [dim, cutoff]);
  }

  async slots(range: RollupRange, stepMs: number, dim: '*' | 'eval:*' = '*'): Promise<(RollupTotals & { slot: number })[]> {
    const { rows } = await this.pool.query({
      text: `SELECT (bucket - $1) / $2 AS slot, ${SUM_SQL} FROM ${tableFor(range.resolutionMs)} WHERE dim = $4 AND bucket >= $1 AND bucket < $3 GROUP BY 1`,
      values: [Math.floor(range.since), Math.floor(stepMs), Math.floor(range.until), dim],
      rowMode: 'array',
    });
    return (rows as unknown[][]).map((r) => ({ slot: Number(r[0]), ...totalsFrom(r, 1) }));
  }

  async values(range: RollupRange, dim: Dim): Promise<(RollupTotals & { value: string })[]> {
    // Whole-range sums need no fine buckets: whole days from the day table, the hours at the
    // edges from the hour table, the minutes at the very edges from the minute table.
    const parts = rangeSegments(range.since, range.until);
    if (parts.length === 0) return [];
    const union = parts.map((p, i) => `SELECT * FROM ${p.table} WHERE dim = $1 AND bucket >= $${2 * i + 2} AND bucket < $${2 * i + 3}`).join(' UNION ALL ');
    const { rows } = await this.pool.query({ text: `SELECT value, ${SUM_SQL} FROM (${union}) u GROUP BY value`, values: [dim, ...parts.flatMap((p) => [Math.floor(p.from), Math.floor(p.to)])], rowMode: 'array' });
    return (rows as unknown[][]).map((r) => ({ value: r[0] as string, ...totalsFrom(r, 1) }));
  }

  async lastSeen(range: RollupRange, dim: Dim, values: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (values.length === 0 || range.since >= range.until) return out;
    // The newest hour of each value (hour rows are few and kept for good), then its minutes in that hour alone, in one query.
    const { rows } = await this.pool.query({
      text: `WITH hours AS (SELECT value, MAX(bucket) AS hour FROM rollup_hour WHERE dim = $1 AND value = ANY($2::text[]) AND bucket >= $3 AND bucket < $4 GROUP BY value)
        SELECT h.value, h.hour, (SELECT MAX(m.bucket) FROM rollup_minute m WHERE m.dim = $1 AND m.value = h.value AND m.bucket >= GREATEST(h.hour, $5) AND m.bucket < LEAST(h.hour + ${3_600_000}, $4)) FROM hours h`,
      values: [dim, values.map((v) => pgText(v)), lastSeenHoursFrom(range.since), Math.floor(range.until), Math.floor(range.since)],
      rowMode: 'array',
    });
    for (const [value, hour, minute] of rows as [string, string, string | null][]) out.set(value, minute === null ? lastSeenWindow(Number(hour), range).from : Number(minute));
    return out;
  }

  async split(range: RollupRange, stepMs: number, dim: Dim): Promise<{ slot: number; value: string; requests: number; costUsd: number; tokens: number }[]> {
    const { rows } = await this.pool.query<{ slot: number; value: string; requests: number; cost_usd: number; tokens: number }>(
      `SELECT (bucket - $1) / $2 AS slot, value, SUM(requests) AS requests, SUM(cost_usd) AS cost_usd, SUM(input_tokens + output_tokens) AS tokens
        FROM ${tableFor(range.resolutionMs)} WHERE dim = $3 AND bucket >= $1 AND bucket < $4 GROUP BY 1, 2`,
      [Math.floor(range.since), Math.floor(stepMs), dim, Math.floor(range.until)],
    );
    return rows.map((r) => ({ slot: Number(r.slot), value: r.value, requests: r.requests, costUsd: r.cost_usd, tokens: r.tokens }));
  }

  /** The spend export's rows of [since, until) (whole UTC days), from the `spend` dimension's day rows, which retention never deletes. */
  async spendRows(since: number, until: number): Promise<SpendRow[]> {
    const { rows } = await this.pool.query<Parameters<typeof spendRowsOf>[0][number]>(
      "SELECT bucket, value, requests, input_tokens AS \"inputTokens\", output_tokens AS \"outputTokens\", cost_usd AS \"costUsd\" FROM rollup_day WHERE dim = 'spend' AND bucket >= $1 AND bucket < $2",
      [Math.floor(since), Math.floor(until)],
    );
    return spendRowsOf(rows);
  }

  async dimensionValues(since: number): Promise<Record<SplitDim, string[]>> {
    const out: Record<SplitDim, string[]> = { model: [], provider: [], key: [], team: [], route: [] };
    const { rows } = await this.pool.query<{ dim: SplitDim; value: string }>(
      `SELECT DISTINCT dim, value FROM rollup_day WHERE dim IN (${SPLIT_DIMS_SQL}) AND bucket >= $1 AND value <> '' ORDER BY value`,
      [Math.floor(since - (since % 86_400_000))],
    );
    for (const row of rows) out[row.dim]?.push(row.value);
    return out;
  }
}

import { addInto, fromBlob, HISTOGRAM_BUCKETS, toBlob } from '../../monitor/histogram.js';
import { accumulate, type RollupFilter, type RollupReader, type RollupRow } from '../../monitor/rollup.js';
import type { TraceRecord, TraceSummary } from '../trace.js';
import type { SqliteDatabase } from './open-database.js';
import { ROLLUP_RESOLUTIONS } from './rollup-migrations.js';

type Row = Record<string, unknown>;

/** Sums two histogram blobs; registered on the connection so an upsert merges in one statement. */
function addBlobs(a: unknown, b: unknown): Buffer {
  const sum = new Uint32Array(HISTOGRAM_BUCKETS);
  if (a instanceof Uint8Array) addInto(sum, fromBlob(a));
  if (b instanceof Uint8Array) addInto(sum, fromBlob(b));
  return toBlob(sum);
}

const BACKFILL_PAGE = 20_000;

/**
 * Keeps the rollup tables in step with the trace table and reads them for the overview.
 * `apply` must run inside the transaction that inserts the traces (SqliteTraceStore calls it
 * there), so a rollup never counts a trace the store lost, nor misses one it kept.
 *
 * @example
 * const rollups = new SqliteRollups(db);
 * const store = new SqliteTraceStore(db, { afterInsert: [(batch) => rollups.apply(batch)] });
 */
export class SqliteRollups implements RollupReader {
  private readonly upserts;

  constructor(private readonly db: SqliteDatabase) {
    db.function('sy_hist_add', { deterministic: true }, addBlobs);
    this.upserts = ROLLUP_RESOLUTIONS.map(({ table, ms }) => ({
      ms,
      statement: db.prepare(`INSERT INTO ${table} VALUES (@bucket, @model, @provider, @keyName, @team, @requests, @errors,
        @inputTokens, @outputTokens, @cachedTokens, @reasoningTokens, @costUsd, @latencyMsSum, @ttftCount, @ttftMsSum, @lat, @ttft)
        ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, errors = errors + excluded.errors,
        input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
        cached_tokens = cached_tokens + excluded.cached_tokens, reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_usd = cost_usd + excluded.cost_usd, latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum,
        ttft_count = ttft_count + excluded.ttft_count, ttft_ms_sum = ttft_ms_sum + excluded.ttft_ms_sum,
        latency_hist = sy_hist_add(latency_hist, excluded.latency_hist), ttft_hist = sy_hist_add(ttft_hist, excluded.ttft_hist)`),
    }));
    this.backfillOnce();
  }

  /** Folds a batch of new traces into every resolution. Synchronous: call it inside the insert transaction. */
  apply(traces: readonly (TraceRecord | TraceSummary)[]): void {
    for (const { ms, statement } of this.upserts) {
      for (const row of accumulate(traces, ms).values()) {
        statement.run({ ...row, lat: toBlob(row.latencyHist), ttft: toBlob(row.ttftHist) });
      }
    }
  }

  async readRollups(resolutionMs: number, since: number, until: number, filter: RollupFilter): Promise<RollupRow[]> {
    const resolution = ROLLUP_RESOLUTIONS.find((r) => r.ms === resolutionMs);
    if (!resolution) throw new Error(`no rollup of ${resolutionMs} ms`);
    const where = ['bucket >= ?', 'bucket < ?'];
    const params: unknown[] = [since - (since % resolutionMs), until];
    for (const [column, value] of [['model', filter.model], ['provider', filter.provider], ['key_name', filter.keyName], ['team', filter.team]] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    const rows = this.db.prepare(`SELECT * FROM ${resolution.table} WHERE ${where.join(' AND ')}`).all(...params) as Row[];
    return rows.map((r) => ({
      bucket: r.bucket as number,
      model: r.model as string,
      provider: r.provider as string,
      keyName: r.key_name as string,
      team: r.team as string,
      requests: r.requests as number,
      errors: r.errors as number,
      inputTokens: r.input_tokens as number,
      outputTokens: r.output_tokens as number,
      cachedTokens: r.cached_tokens as number,
      reasoningTokens: r.reasoning_tokens as number,
      costUsd: r.cost_usd as number,
      latencyMsSum: r.latency_ms_sum as number,
      ttftCount: r.ttft_count as number,
      ttftMsSum: r.ttft_ms_sum as number,
      latencyHist: fromBlob(r.latency_hist as Uint8Array),
      ttftHist: fromBlob(r.ttft_hist as Uint8Array),
    }));
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
      this.db.prepare("INSERT INTO rollup_state VALUES ('backfilled', ?)").run(String(Date.now()));
    })();
  }
}

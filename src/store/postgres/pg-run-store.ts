import { type AnsweredBy, fillTargets, otherCalls, resultKey, type RunStore, runNotFound } from '../../evals/store/run-store.js';
import type { ResultRecord, RunRecord, RunStatus, VariantRecord } from '../../evals/types.js';
import { pgColumns } from '../rows/column-reader.js';
import { resultFromRow, runFromRow } from '../rows/run-rows.js';
import { inTransaction, type PgPool } from './connect.js';
import { jsonb, pgInt, pgInt4, pgText } from './pg-values.js';

type Row = Record<string, unknown>;

const RUN_COLUMNS = 'id, created_at, finished_at, status, name, suite, suite_path, dataset, dataset_version, dataset_hash, git_commit, config_path, config_hash, gateway, variants, summary, rerun_of';
const RESULT_COLUMNS = 'run_id, variant, case_id, repeat, position, output, error, latency_ms, input_tokens, output_tokens, cost_usd, scorer_cost_usd, trace_id, cached, scores, quality, pass, created_at, unpriced';
const PAGE = 500;

const toRun = (row: Row): RunRecord => runFromRow(row, pgColumns);
const toResult = (row: Row): ResultRecord => resultFromRow(row, pgColumns);

/**
 * Eval runs and results in PostgreSQL; results upsert by (run, variant, case, repeat), one
 * statement each, without waiting for the WAL flush.
 *
 * @example const runs = new PgRunStore(pool); await runs.putResult(result); for await (const r of runs.results(runId)) …
 */
export class PgRunStore implements RunStore {
  constructor(private readonly pool: PgPool) {}

  async forgetOutputs(traceIds: readonly string[]): Promise<number> {
    const result = await this.pool.query('UPDATE eval_results SET output = NULL WHERE output IS NOT NULL AND trace_id = ANY($1::text[])', [traceIds.map((id) => pgText(id))]);
    return result.rowCount ?? 0;
  }

  async deleteResults(traceIds: readonly string[], dryRun = false): Promise<{ deleted: number; calls: string[] }> {
    const ids = [traceIds.map((id) => pgText(id))];
    const where = 'trace_id = ANY($1::text[]) OR case_id = ANY($1::text[])';
    const { rows } = await this.pool.query<{ trace_id: string | null }>(`${dryRun ? 'SELECT trace_id FROM' : 'DELETE FROM'} eval_results WHERE ${where}${dryRun ? '' : ' RETURNING trace_id'}`, ids);
    return { deleted: rows.length, calls: otherCalls(rows.map((r) => r.trace_id), traceIds) };
  }

  /** Runs and their status are committed durably; results, written one per case, are not (a resume redoes a lost one). */
  private durably(sql: string, params: unknown[]) {
    return inTransaction(this.pool, (client) => client.query(sql, params));
  }

  async create(run: RunRecord): Promise<void> {
    await this.durably(`INSERT INTO eval_runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`, [
      pgText(run.id),
      pgInt(run.createdAt),
      run.finishedAt === null ? null : pgInt(run.finishedAt),
      run.status,
      pgText(run.name),
      jsonb(run.suite) ?? 'null',
      pgText(run.suitePath),
      pgText(run.dataset),
      pgInt4(run.datasetVersion),
      pgText(run.datasetHash),
      pgText(run.gitCommit),
      pgText(run.configPath),
      pgText(run.configHash),
      pgText(run.gateway),
      jsonb(run.variants) ?? '{}',
      jsonb(run.summary),
      pgText(run.rerunOf),
    ]);
  }

  async putResult(r: ResultRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO eval_results (${RESULT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        ON CONFLICT (run_id, variant, case_id, repeat) DO UPDATE SET ${RESULT_COLUMNS.split(', ').slice(4).map((c) => `${c} = excluded.${c}`).join(', ')}`,
      [
        pgText(r.runId),
        pgText(r.variant),
        pgText(r.caseId),
        pgInt4(r.repeat),
        pgInt4(r.position),
        pgText(r.output),
        pgText(r.error),
        r.latencyMs,
        pgInt(r.inputTokens),
        pgInt(r.outputTokens),
        r.costUsd,
        r.scorerCostUsd,
        pgText(r.traceId),
        r.cached,
        jsonb(r.scores) ?? '[]',
        r.quality,
        r.pass,
        pgInt(r.createdAt),
        pgText(r.unpriced ?? null),
      ],
    );
  }

  async setStatus(id: string, status: RunStatus, finishedAt: number | null, summary?: unknown): Promise<void> {
    await this.durably('UPDATE eval_runs SET status = $1, finished_at = $2, summary = COALESCE($3::jsonb, summary) WHERE id = $4', [
      status,
      finishedAt === null ? null : pgInt(finishedAt),
      summary === undefined ? null : jsonb(summary),
      pgText(id),
    ]);
  }

  async get(id: string): Promise<RunRecord> {
    const exact = await this.pool.query(`SELECT ${RUN_COLUMNS} FROM eval_runs WHERE id = $1`, [pgText(id)]);
    if (exact.rows[0]) return toRun(exact.rows[0]);
    const { rows } = await this.pool.query(`SELECT ${RUN_COLUMNS} FROM eval_runs WHERE left(id, $1) = $2 ORDER BY id LIMIT 2`, [id.length, pgText(id)]);
    if (rows.length === 1) return toRun(rows[0] as Row);
    throw runNotFound(id, rows.length, (await this.list(5)).map((r) => r.id));
  }

  async list(limit = 50): Promise<RunRecord[]> {
    const { rows } = await this.pool.query(`SELECT ${RUN_COLUMNS} FROM eval_runs ORDER BY created_at DESC, id DESC LIMIT $1`, [Math.max(0, pgInt(limit))]);
    return rows.map(toRun);
  }

  async doneKeys(runId: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ variant: string; case_id: string; repeat: number }>('SELECT variant, case_id, repeat FROM eval_results WHERE run_id = $1', [pgText(runId)]);
    return new Set(rows.map((r) => resultKey(r.variant, r.case_id, r.repeat)));
  }

  async result(runId: string, variant: string, caseId: string, repeat: number): Promise<ResultRecord | undefined> {
    const { rows } = await this.pool.query(`SELECT ${RESULT_COLUMNS} FROM eval_results WHERE run_id = $1 AND variant = $2 AND case_id = $3 AND repeat = $4`, [
      pgText(runId),
      pgText(variant),
      pgText(caseId),
      pgInt4(repeat),
    ]);
    return rows[0] ? toResult(rows[0]) : undefined;
  }

  /** Read in pages of 500 after the last (position, variant, repeat), so no cursor holds a connection. */
  async *results(runId: string, variant?: string): AsyncGenerator<ResultRecord> {
    const filter = variant === undefined ? '' : 'AND variant = $5';
    const sql = `SELECT ${RESULT_COLUMNS} FROM eval_results WHERE run_id = $1 ${filter} AND (position, variant, repeat) > ($2, $3, $4)
      ORDER BY position, variant, repeat LIMIT ${PAGE}`;
    let last: [number, string, number] = [-1, '', -1];
    for (;;) {
      const params = [pgText(runId), ...last, ...(variant === undefined ? [] : [pgText(variant)])];
      const { rows } = await this.pool.query(sql, params);
      for (const row of rows) yield toResult(row);
      if (rows.length < PAGE) return;
      const tail = rows[rows.length - 1] as Row;
      last = [tail.position as number, tail.variant as string, tail.repeat as number];
    }
  }

  async resultsPage(runId: string, options: { variant?: string; offset?: number; limit?: number } = {}): Promise<{ results: ResultRecord[]; total: number }> {
    const where = `run_id = $1${options.variant === undefined ? '' : ' AND variant = $2'}`;
    const params = options.variant === undefined ? [pgText(runId)] : [pgText(runId), pgText(options.variant)];
    const n = params.length;
    const [count, page] = await Promise.all([
      this.pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM eval_results WHERE ${where}`, params),
      this.pool.query(`SELECT ${RESULT_COLUMNS} FROM eval_results WHERE ${where} ORDER BY position, variant, repeat LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        Math.max(0, pgInt(options.limit ?? 50)),
        Math.max(0, pgInt(options.offset ?? 0)),
      ]),
    ]);
    return { results: page.rows.map(toResult), total: count.rows[0]?.n ?? 0 };
  }

  async variantsOf(runId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ variant: string }>('SELECT DISTINCT variant FROM eval_results WHERE run_id = $1 ORDER BY variant', [pgText(runId)]);
    return rows.map((r) => r.variant);
  }

  async reconcileCosts(runId: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE eval_results r SET cost_usd = t.cost_usd FROM traces t
        WHERE t.id = r.trace_id AND r.run_id = $1 AND NOT r.cached`,
      [pgText(runId)],
    );
    return rowCount ?? 0;
  }

  async reconcileTargets(runId: string, heard: readonly AnsweredBy[] = []): Promise<number> {
    const run = await this.pool.query<{ variants: Record<string, VariantRecord> }>('SELECT variants FROM eval_runs WHERE id = $1', [pgText(runId)]);
    const current = run.rows[0]?.variants;
    if (!current) return 0;
    // decisions_json is TEXT or JSON by when the traces table was made (pg-schema.ts): read as text.
    const { rows } = await this.pool.query<{ variant: string; provider: string; model: string | null; simulated: boolean }>(
      `SELECT DISTINCT r.variant, t.provider, t.upstream_model AS model, (coalesce(t.decisions_json::text, t.decisions::text)::json -> 'simulated') IS NOT NULL AS simulated
        FROM eval_results r JOIN traces t ON t.id = r.trace_id WHERE r.run_id = $1 AND NOT r.cached AND t.provider IS NOT NULL`,
      [pgText(runId)],
    );
    const { variants, filled } = fillTargets(current, rows.map((a) => ({ variant: a.variant, provider: a.provider, model: a.model ?? '', simulated: a.simulated })), heard);
    if (filled > 0) await this.durably('UPDATE eval_runs SET variants = $1::jsonb WHERE id = $2', [jsonb(variants), pgText(runId)]);
    return filled;
  }
}

import { type AnsweredBy, fillTargets, otherCalls, resultKey, type RunStore, runNotFound } from '../../evals/store/run-store.js';
import type { ResultRecord, RunRecord, RunStatus, VariantRecord } from '../../evals/types.js';
import { sqliteColumns } from '../rows/column-reader.js';
import { resultFromRow, runFromRow } from '../rows/run-rows.js';
import { type SqliteDatabase, withSecureDelete } from './open-database.js';

type Row = Record<string, unknown>;

const toRun = (row: Row): RunRecord => runFromRow(row, sqliteColumns);
const toResult = (row: Row): ResultRecord => resultFromRow(row, sqliteColumns);

const PAGE = 500;

/**
 * Eval runs and their results in the SQLite file, results keyed by (run, variant, case, repeat).
 *
 * @example const runs = new SqliteRunStore(db); await runs.create(run); await runs.putResult(result);
 */
export class SqliteRunStore implements RunStore {
  private readonly insertResult;

  constructor(private readonly db: SqliteDatabase) {
    this.insertResult = db.prepare(`INSERT OR REPLACE INTO eval_results VALUES (@run_id, @variant, @case_id, @repeat, @position, @output, @error,
      @latency_ms, @input_tokens, @output_tokens, @cost_usd, @scorer_cost_usd, @trace_id, @cached, @scores, @quality, @pass, @created_at, @unpriced)`);
  }

  async forgetOutputs(traceIds: readonly string[]): Promise<number> {
    return withSecureDelete(this.db, () => this.db.prepare('UPDATE eval_results SET output = NULL WHERE output IS NOT NULL AND trace_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(traceIds)).changes);
  }

  async deleteResults(traceIds: readonly string[], dryRun = false): Promise<{ deleted: number; calls: string[] }> {
    const where = 'trace_id IN (SELECT value FROM json_each(@ids)) OR case_id IN (SELECT value FROM json_each(@ids))';
    const ids = JSON.stringify(traceIds);
    return withSecureDelete(this.db, () =>
      this.db.transaction(() => {
        const found = this.db.prepare(`SELECT trace_id FROM eval_results WHERE ${where}`).pluck().all({ ids }) as (string | null)[];
        const deleted = dryRun ? found.length : this.db.prepare(`DELETE FROM eval_results WHERE ${where}`).run({ ids }).changes;
        return { deleted, calls: otherCalls(found, traceIds) };
      })(),
    );
  }

  async create(run: RunRecord): Promise<void> {
    this.db
      .prepare(`INSERT INTO eval_runs VALUES (@id, @created_at, @finished_at, @status, @name, @suite, @suite_path, @dataset, @dataset_version,
        @dataset_hash, @git_commit, @config_path, @config_hash, @gateway, @variants, @summary, @rerun_of)`)
      .run({
        id: run.id,
        created_at: run.createdAt,
        finished_at: run.finishedAt,
        status: run.status,
        name: run.name,
        suite: JSON.stringify(run.suite),
        suite_path: run.suitePath,
        dataset: run.dataset,
        dataset_version: run.datasetVersion,
        dataset_hash: run.datasetHash,
        git_commit: run.gitCommit,
        config_path: run.configPath,
        config_hash: run.configHash,
        gateway: run.gateway,
        variants: JSON.stringify(run.variants),
        summary: run.summary === null ? null : JSON.stringify(run.summary),
        rerun_of: run.rerunOf,
      });
  }

  async putResult(r: ResultRecord): Promise<void> {
    this.insertResult.run({
      run_id: r.runId,
      variant: r.variant,
      case_id: r.caseId,
      repeat: r.repeat,
      position: r.position,
      output: r.output,
      error: r.error,
      latency_ms: r.latencyMs,
      input_tokens: r.inputTokens,
      output_tokens: r.outputTokens,
      cost_usd: r.costUsd,
      scorer_cost_usd: r.scorerCostUsd,
      trace_id: r.traceId,
      cached: r.cached ? 1 : 0,
      scores: JSON.stringify(r.scores),
      quality: r.quality,
      pass: r.pass === null ? null : r.pass ? 1 : 0,
      created_at: r.createdAt,
      unpriced: r.unpriced ?? null,
    });
  }

  async setStatus(id: string, status: RunStatus, finishedAt: number | null, summary?: unknown): Promise<void> {
    this.db.prepare('UPDATE eval_runs SET status = ?, finished_at = ?, summary = COALESCE(?, summary) WHERE id = ?').run(status, finishedAt, summary === undefined ? null : JSON.stringify(summary), id);
  }

  /** A run by id or unique id prefix; the error names recent runs. */
  async get(id: string): Promise<RunRecord> {
    const exact = this.db.prepare('SELECT * FROM eval_runs WHERE id = ?').get(id) as Row | undefined;
    if (exact) return toRun(exact);
    const rows = this.db.prepare('SELECT * FROM eval_runs WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 2').all(id.length, id) as Row[];
    if (rows.length === 1) return toRun(rows[0] as Row);
    throw runNotFound(id, rows.length, (await this.list(5)).map((r) => r.id));
  }

  /** Newest first. */
  async list(limit = 50): Promise<RunRecord[]> {
    return (this.db.prepare('SELECT * FROM eval_runs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as Row[]).map(toRun);
  }

  async doneKeys(runId: string): Promise<Set<string>> {
    const rows = this.db.prepare('SELECT variant, case_id, repeat FROM eval_results WHERE run_id = ?').raw().iterate(runId) as IterableIterator<[string, string, number]>;
    const keys = new Set<string>();
    for (const [variant, caseId, repeat] of rows) keys.add(resultKey(variant, caseId, repeat));
    return keys;
  }

  async result(runId: string, variant: string, caseId: string, repeat: number): Promise<ResultRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM eval_results WHERE run_id = ? AND variant = ? AND case_id = ? AND repeat = ?').get(runId, variant, caseId, repeat) as Row | undefined;
    return row ? toResult(row) : undefined;
  }

  /** Read in pages of 500 after the last (position, variant, repeat), so no cursor stays open. */
  async *results(runId: string, variant?: string): AsyncGenerator<ResultRecord> {
    const sql = `SELECT * FROM eval_results WHERE run_id = ? ${variant === undefined ? '' : 'AND variant = ?'} AND (position > ? OR (position = ? AND (variant > ? OR (variant = ? AND repeat > ?))))
      ORDER BY position, variant, repeat LIMIT ${PAGE}`;
    const page = this.db.prepare(sql);
    let last: [number, string, number] = [-1, '', -1];
    for (;;) {
      const params = variant === undefined ? [runId] : [runId, variant];
      const rows = page.all(...params, last[0], last[0], last[1], last[1], last[2]) as Row[];
      for (const row of rows) yield toResult(row);
      if (rows.length < PAGE) return;
      const tail = rows[rows.length - 1] as Row;
      last = [tail.position as number, tail.variant as string, tail.repeat as number];
    }
  }

  async resultsPage(runId: string, options: { variant?: string; offset?: number; limit?: number } = {}): Promise<{ results: ResultRecord[]; total: number }> {
    const where = `run_id = ?${options.variant === undefined ? '' : ' AND variant = ?'}`;
    const params = options.variant === undefined ? [runId] : [runId, options.variant];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM eval_results WHERE ${where}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM eval_results WHERE ${where} ORDER BY position, variant, repeat LIMIT ? OFFSET ?`).all(...params, options.limit ?? 50, options.offset ?? 0) as Row[];
    return { results: rows.map(toResult), total };
  }

  async variantsOf(runId: string): Promise<string[]> {
    return (this.db.prepare('SELECT DISTINCT variant FROM eval_results WHERE run_id = ? ORDER BY variant').all(runId) as { variant: string }[]).map((r) => r.variant);
  }

  async reconcileCosts(runId: string): Promise<number> {
    const hasTraces = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'traces'").get();
    if (!hasTraces) return 0;
    return this.db
      .prepare('UPDATE eval_results SET cost_usd = (SELECT t.cost_usd FROM traces t WHERE t.id = eval_results.trace_id) WHERE run_id = ? AND cached = 0 AND trace_id IN (SELECT id FROM traces)')
      .run(runId).changes;
  }

  async reconcileTargets(runId: string, heard: readonly AnsweredBy[] = []): Promise<number> {
    const hasTraces = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'traces'").get();
    const row = this.db.prepare('SELECT variants FROM eval_runs WHERE id = ?').get(runId) as { variants: string } | undefined;
    if (!row) return 0;
    // A store no gateway ever wrote to has no traces table: only what the answers said is known.
    const answered = !hasTraces ? [] : (
      this.db
        .prepare(`SELECT DISTINCT r.variant, t.provider, t.upstream_model AS model, json_extract(t.decisions, '$.simulated') IS NOT NULL AS simulated
          FROM eval_results r JOIN traces t ON t.id = r.trace_id WHERE r.run_id = ? AND r.cached = 0 AND t.provider IS NOT NULL`)
        .all(runId) as { variant: string; provider: string; model: string | null; simulated: number }[]
    ).map((a) => ({ variant: a.variant, provider: a.provider, model: a.model ?? '', simulated: a.simulated === 1 }));
    const { variants, filled } = fillTargets(JSON.parse(row.variants) as Record<string, VariantRecord>, answered, heard);
    if (filled > 0) this.db.prepare('UPDATE eval_runs SET variants = ? WHERE id = ?').run(JSON.stringify(variants), runId);
    return filled;
  }
}

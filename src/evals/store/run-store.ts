import { SwitchyardError } from '../../core/errors.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import type { NamedScore } from '../types.js';

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** What a run used, recorded so it can be repeated exactly (`eval rerun`). */
export interface VariantRecord {
  model: string;
  /** The prompt templates as sent (system and messages). */
  messages: { role: string; content: string }[];
  params: Record<string, unknown>;
  /** Providers and upstream models the gateway config maps the model to, when known. */
  targets: { provider: string; model: string }[];
}

export interface RunRecord {
  id: string;
  createdAt: number;
  finishedAt: number | null;
  status: RunStatus;
  name: string;
  /** The suite as written (plain data), with the dataset pinned. */
  suite: unknown;
  suitePath: string | null;
  dataset: string;
  datasetVersion: number;
  datasetHash: string;
  gitCommit: string | null;
  configPath: string | null;
  configHash: string | null;
  gateway: string | null;
  variants: Record<string, VariantRecord>;
  summary: unknown;
  rerunOf: string | null;
}

/** One case × variant × repeat. */
export interface ResultRecord {
  runId: string;
  variant: string;
  caseId: string;
  repeat: number;
  /** The case's position in the dataset version, so reports list cases in file order. */
  position: number;
  output: string | null;
  error: string | null;
  latencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  scorerCostUsd: number;
  traceId: string | null;
  cached: boolean;
  scores: NamedScore[];
  /** Weighted mean of the scores in [0, 1]; 0 when the call failed. */
  quality: number | null;
  pass: boolean | null;
  createdAt: number;
}

type Row = Record<string, unknown>;

function toRun(row: Row): RunRecord {
  return {
    id: row.id as string,
    createdAt: row.created_at as number,
    finishedAt: row.finished_at as number | null,
    status: row.status as RunStatus,
    name: row.name as string,
    suite: JSON.parse(row.suite as string),
    suitePath: row.suite_path as string | null,
    dataset: row.dataset as string,
    datasetVersion: row.dataset_version as number,
    datasetHash: row.dataset_hash as string,
    gitCommit: row.git_commit as string | null,
    configPath: row.config_path as string | null,
    configHash: row.config_hash as string | null,
    gateway: row.gateway as string | null,
    variants: JSON.parse(row.variants as string) as Record<string, VariantRecord>,
    summary: row.summary === null ? null : JSON.parse(row.summary as string),
    rerunOf: row.rerun_of as string | null,
  };
}

function toResult(row: Row): ResultRecord {
  return {
    runId: row.run_id as string,
    variant: row.variant as string,
    caseId: row.case_id as string,
    repeat: row.repeat as number,
    position: row.position as number,
    output: row.output as string | null,
    error: row.error as string | null,
    latencyMs: row.latency_ms as number | null,
    inputTokens: row.input_tokens as number,
    outputTokens: row.output_tokens as number,
    costUsd: row.cost_usd as number,
    scorerCostUsd: row.scorer_cost_usd as number,
    traceId: row.trace_id as string | null,
    cached: row.cached === 1,
    scores: JSON.parse(row.scores as string) as NamedScore[],
    quality: row.quality as number | null,
    pass: row.pass === null ? null : row.pass === 1,
    createdAt: row.created_at as number,
  };
}

/**
 * Runs and their results. Each result is written as soon as it is scored (nothing is held in
 * memory), so a run of any size has flat memory and an interrupted run keeps its work.
 */
export class RunStore {
  private readonly insertResult;

  constructor(private readonly db: SqliteDatabase) {
    this.insertResult = db.prepare(`INSERT OR REPLACE INTO eval_results VALUES (@run_id, @variant, @case_id, @repeat, @position, @output, @error,
      @latency_ms, @input_tokens, @output_tokens, @cost_usd, @scorer_cost_usd, @trace_id, @cached, @scores, @quality, @pass, @created_at)`);
  }

  create(run: RunRecord): void {
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

  putResult(r: ResultRecord): void {
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
    });
  }

  setStatus(id: string, status: RunStatus, finishedAt: number | null, summary?: unknown): void {
    this.db.prepare('UPDATE eval_runs SET status = ?, finished_at = ?, summary = COALESCE(?, summary) WHERE id = ?').run(status, finishedAt, summary === undefined ? null : JSON.stringify(summary), id);
  }

  /** A run by id or unique id prefix; the error names recent runs. */
  get(id: string): RunRecord {
    const rows = this.db.prepare("SELECT * FROM eval_runs WHERE id = ? OR id LIKE ? || '%' LIMIT 2").all(id, id) as Row[];
    const exact = rows.find((r) => r.id === id);
    if (exact) return toRun(exact);
    if (rows.length === 1) return toRun(rows[0] as Row);
    const recent = this.list(5).map((r) => r.id);
    throw new SwitchyardError('not_found', rows.length > 1 ? `run id prefix "${id}" is ambiguous` : `run "${id}" not found (recent runs: ${recent.join(', ') || 'none'})`);
  }

  /** Newest first. */
  list(limit = 50): RunRecord[] {
    return (this.db.prepare('SELECT * FROM eval_runs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as Row[]).map(toRun);
  }

  /** Keys ("variant\u0000case\u0000repeat") of finished results, for resuming. */
  doneKeys(runId: string): Set<string> {
    const rows = this.db.prepare('SELECT variant, case_id, repeat FROM eval_results WHERE run_id = ?').raw().iterate(runId) as IterableIterator<[string, string, number]>;
    const keys = new Set<string>();
    for (const [variant, caseId, repeat] of rows) keys.add(resultKey(variant, caseId, repeat));
    return keys;
  }

  /** One stored result, e.g. a baseline output a resumed pairwise scorer needs. */
  result(runId: string, variant: string, caseId: string, repeat: number): ResultRecord | undefined {
    const row = this.db.prepare('SELECT * FROM eval_results WHERE run_id = ? AND variant = ? AND case_id = ? AND repeat = ?').get(runId, variant, caseId, repeat) as Row | undefined;
    return row ? toResult(row) : undefined;
  }

  /**
   * Results of a run (optionally one variant), in dataset order, read in pages.
   *
   * @example for (const r of runs.results(runId, 'small')) total += r.costUsd;
   */
  *results(runId: string, variant?: string): Generator<ResultRecord> {
    const sql = `SELECT * FROM eval_results WHERE run_id = ? ${variant === undefined ? '' : 'AND variant = ?'} AND (position > ? OR (position = ? AND (variant > ? OR (variant = ? AND repeat > ?))))
      ORDER BY position, variant, repeat LIMIT 500`;
    const page = this.db.prepare(sql);
    let last: [number, string, number] = [-1, '', -1];
    for (;;) {
      const params = variant === undefined ? [runId] : [runId, variant];
      const rows = page.all(...params, last[0], last[0], last[1], last[1], last[2]) as Row[];
      for (const row of rows) yield toResult(row);
      if (rows.length < 500) return;
      const tail = rows[rows.length - 1] as Row;
      last = [tail.position as number, tail.variant as string, tail.repeat as number];
    }
  }

  /**
   * One page of results for an API (dataset order).
   *
   * @example runs.resultsPage(runId, { variant: 'small', offset: 0, limit: 50 })
   */
  resultsPage(runId: string, options: { variant?: string; offset?: number; limit?: number } = {}): { results: ResultRecord[]; total: number } {
    const where = `run_id = ?${options.variant === undefined ? '' : ' AND variant = ?'}`;
    const params = options.variant === undefined ? [runId] : [runId, options.variant];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM eval_results WHERE ${where}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM eval_results WHERE ${where} ORDER BY position, variant, repeat LIMIT ? OFFSET ?`).all(...params, options.limit ?? 50, options.offset ?? 0) as Row[];
    return { results: rows.map(toResult), total };
  }

  /** Variant names that have results in a run. */
  variantsOf(runId: string): string[] {
    return (this.db.prepare('SELECT DISTINCT variant FROM eval_results WHERE run_id = ? ORDER BY variant').all(runId) as { variant: string }[]).map((r) => r.variant);
  }

  /**
   * Replaces computed costs with what the gateway recorded on each trace, when the traces are
   * in this database (an in-process gateway on the same file): exact under fallbacks too.
   */
  reconcileCosts(runId: string): number {
    const hasTraces = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'traces'").get();
    if (!hasTraces) return 0;
    return this.db
      .prepare('UPDATE eval_results SET cost_usd = (SELECT t.cost_usd FROM traces t WHERE t.id = eval_results.trace_id) WHERE run_id = ? AND cached = 0 AND trace_id IN (SELECT id FROM traces)')
      .run(runId).changes;
  }
}

/** The identity of a result within a run. */
export function resultKey(variant: string, caseId: string, repeat: number): string {
  return `${variant}\u0000${caseId}\u0000${repeat}`;
}

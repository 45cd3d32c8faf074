import type { NamedScore, ResultRecord, RunRecord, RunStatus, VariantRecord } from '../../evals/types.js';
import { type ColumnReader, nullableBool } from './column-reader.js';

type Row = Record<string, unknown>;

/** An `eval_runs` row as a run, in either engine. @example runFromRow(row, pgColumns) */
export function runFromRow(row: Row, columns: ColumnReader): RunRecord {
  return {
    id: row.id as string,
    createdAt: row.created_at as number,
    finishedAt: row.finished_at as number | null,
    status: row.status as RunStatus,
    name: row.name as string,
    suite: columns.json(row.suite),
    suitePath: row.suite_path as string | null,
    dataset: row.dataset as string,
    datasetVersion: row.dataset_version as number,
    datasetHash: row.dataset_hash as string,
    gitCommit: row.git_commit as string | null,
    configPath: row.config_path as string | null,
    configHash: row.config_hash as string | null,
    gateway: row.gateway as string | null,
    variants: columns.json(row.variants) as Record<string, VariantRecord>,
    summary: columns.json(row.summary),
    rerunOf: row.rerun_of as string | null,
  };
}

/** An `eval_results` row as a result, in either engine. @example resultFromRow(row, sqliteColumns) */
export function resultFromRow(row: Row, columns: ColumnReader): ResultRecord {
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
    cached: columns.bool(row.cached),
    scores: columns.json(row.scores) as NamedScore[],
    quality: row.quality as number | null,
    pass: nullableBool(row.pass, columns),
    createdAt: row.created_at as number,
    unpriced: (row.unpriced as string | null | undefined) ?? null,
  };
}

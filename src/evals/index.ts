/**
 * Evaluation's public surface for the rest of Switchyard (the review queue, the dashboard's
 * server side, scripts): datasets from traces and reviews, the eval HTTP API, and running suites.
 *
 * @example
 * import { openEvalDatabase, addTracesToDataset } from './evals/index.js';
 * const db = openEvalDatabase();
 * addTracesToDataset(db, { dataset: 'support', filter: { traceIds: ['tr_1'] }, reviews: new Map([['tr_1', { score: 4 }]]) });
 */
export { addItems, addTracesToDataset, type AddTracesOptions, type AddTracesResult, type TraceFilter } from './datasets/add-traces.js';
export { importDatasetFile } from './datasets/import-dataset.js';
export type { TraceReview } from './datasets/trace-items.js';
export { calibrateFromDataset } from './calibrate.js';
export { evaluate, type EvaluateOptions } from './evaluate.js';
export { generateFromFolder } from './generate.js';
export { judgeSpec, type JudgeSpec } from './judge/judge-spec.js';
export { runJudge } from './judge/run-judge.js';
export { createEvalApi, type EvalApiDeps, type EvalApiHandler } from './http/eval-api.js';
export { ciGate, type GateMode, type GateVerdict } from './runner/ci-gate.js';
export { compareRuns, type RunComparison } from './runner/compare-runs.js';
export type { RunSummary, VariantSummary } from './runner/summarize-run.js';
export type { CustomScorerFunction } from './scorers/scorer.js';
export { DatasetStore, type DatasetVersion } from './store/dataset-store.js';
export { EVAL_MIGRATIONS } from './store/eval-migrations.js';
export { JudgeStore, type SavedJudge } from './store/judge-store.js';
export { DEFAULT_DB_PATH, openEvalDatabase } from './store/open-eval-database.js';
export { RunStore, type ResultRecord, type RunRecord } from './store/run-store.js';
export type { DatasetItem, ScoreResult } from './types.js';

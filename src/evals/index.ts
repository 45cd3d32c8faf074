/**
 * Evaluation's public surface for the rest of Switchyard (the review queue, the dashboard's
 * server side, scripts): datasets from traces and reviews, the eval HTTP API, running suites, and
 * the storage ports its adapters implement.
 *
 * @example
 * import { addTracesToDataset } from './evals/index.js';
 * await addTracesToDataset(stores, { dataset: 'support', filter: { traceIds: ['tr_1'] }, reviews: new Map([['tr_1', { score: 4 }]]) });
 */
export { addTracesToDataset, type AddTracesOptions, type AddTracesResult, type TraceFilter } from './datasets/add-traces.js';
export { importDatasetFile } from './datasets/import-dataset.js';
export type { TraceReview } from './datasets/trace-items.js';
export { calibrateFromDataset } from './calibrate.js';
export { evaluate, type EvaluateOptions } from './evaluate.js';
export { generateFromFolder } from './generate.js';
export { judgeSpec, type JudgeSpec } from './judge/judge-spec.js';
export { runJudge } from './judge/run-judge.js';
export { ciGate, type GateMode, type GateVerdict } from './runner/ci-gate.js';
export { compareRuns, type RunComparison } from './runner/compare-runs.js';
export type { RunSummary, VariantSummary } from './runner/summarize-run.js';
export type { CustomScorerFunction } from './scorers/scorer.js';
export type { DatasetStore } from './store/dataset-store.js';
export type { EvalStores } from './store/eval-stores.js';
export type { JudgeStore } from './store/judge-store.js';
export type { ResponseCache } from './store/response-cache.js';
export { resultKey, type RunStore } from './store/run-store.js';
export type { SavedJudge } from './judge/judge-spec.js';
export { queueUnreviewedItems } from './datasets/queue-unreviewed-items.js';
export type { DatasetItem, DatasetSummary, DatasetVersion, ResultRecord, RunRecord, ScoreResult } from './types.js';

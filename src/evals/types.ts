/**
 * The vocabulary of evaluation shared by datasets, scorers, the runner and the API.
 */

/** One example in a dataset. */
export interface DatasetItem {
  /** Stable across versions, so runs on different versions can still be paired by case. */
  id: string;
  /** The text sent to the model, or named variables for the prompt template. */
  input: string | Record<string, unknown>;
  /** The reference answer (text or structured), when there is one. */
  expected?: unknown;
  /** An answer that a person scored; judge calibration compares the judge with that score. */
  output?: string;
  /** A person's 1–5 score of `output`. */
  humanScore?: number;
  metadata?: Record<string, unknown>;
}

/** What every scorer returns (the promptfoo vocabulary): score in [0, 1]. */
export interface ScoreResult {
  pass: boolean;
  score: number;
  reason: string;
  /** The score on its own scale before normalising (a judge's 1–5). */
  raw?: number;
  /** Dollars the scorer spent through the gateway (judges, embeddings). */
  costUsd?: number;
}

/** A scorer's result as stored on a case; `error` when the scorer itself failed. */
export interface NamedScore extends ScoreResult {
  scorer: string;
  error?: string;
}

/** Token usage and money of one model call. */
export interface CallUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** One immutable version of a dataset: its items are fixed, named by the hash of their content. */
export interface DatasetVersion {
  id: string;
  dataset: string;
  /** 1, 2, 3… per dataset. */
  version: number;
  /** SHA-256 over the item hashes in order: the same content always has the same hash. */
  hash: string;
  parentHash: string | null;
  itemCount: number;
  /** Where the change came from, e.g. "import examples/support-5.jsonl". */
  source: string | null;
  createdAt: number;
}

/** A dataset with its newest version, as lists show it. */
export interface DatasetSummary {
  name: string;
  createdAt: number;
  latest: DatasetVersion | null;
  versions: number;
}

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** What a run used, recorded so it can be repeated exactly (`eval rerun`). */
export interface VariantRecord {
  model: string;
  /** The prompt templates as sent (system and messages). */
  messages: { role: string; content: string }[];
  params: Record<string, unknown>;
  /** Providers and upstream models the gateway config maps the model to, when known. */
  targets: { provider: string; model: string; simulated?: boolean }[];
}

/** One evaluation run: what it ran on and with, and (once finished) its summary. */
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
  /**
   * The upstream model with no price that answered (its `costUsd` of 0 is unknown, not free);
   * null when priced. Optional so results written before it read as priced.
   */
  unpriced?: string | null;
}

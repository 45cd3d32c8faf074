import { SwitchyardError } from '../../core/errors.js';
import type { ResultRecord, RunRecord, RunStatus } from '../types.js';
import { quoteClipped } from '../../core/clip.js';

/**
 * Runs and their results. Each result is written as soon as it is scored (nothing is held in
 * memory), so a run of any size has flat memory and an interrupted run keeps its work.
 */
export interface RunStore {
  create(run: RunRecord): Promise<void>;
  /** Stores one result; writing the same (run, variant, case, repeat) again replaces it. */
  putResult(result: ResultRecord): Promise<void>;
  /** `summary` undefined keeps the stored one. */
  setStatus(id: string, status: RunStatus, finishedAt: number | null, summary?: unknown): Promise<void>;
  /** A run by id or unique id prefix; the not-found error names recent runs. */
  get(id: string): Promise<RunRecord>;
  /** Newest first. */
  list(limit?: number): Promise<RunRecord[]>;
  /** Keys (`resultKey`) of finished results, for resuming. */
  doneKeys(runId: string): Promise<Set<string>>;
  /** One stored result, e.g. a baseline output a resumed pairwise scorer needs. */
  result(runId: string, variant: string, caseId: string, repeat: number): Promise<ResultRecord | undefined>;
  /** Results of a run (optionally one variant) in dataset order (position, variant, repeat), read in pages. */
  results(runId: string, variant?: string): AsyncIterable<ResultRecord>;
  /** One page of results for an API, in dataset order, with the total count. */
  resultsPage(runId: string, options?: { variant?: string; offset?: number; limit?: number }): Promise<{ results: ResultRecord[]; total: number }>;
  /** Variant names that have results in a run, sorted. */
  variantsOf(runId: string): Promise<string[]>;
  /**
   * Replaces computed costs with what the gateway recorded on each result's trace, for traces in
   * the same store (an in-process gateway on it): exact under fallbacks too. Returns how many changed.
   */
  reconcileCosts(runId: string): Promise<number>;
}

/**
 * The identity of a result within a run.
 *
 * @example resultKey('small', 'case-1', 0) // "small\u0000case-1\u00000"
 */
export function resultKey(variant: string, caseId: string, repeat: number): string {
  return `${variant}\u0000${caseId}\u0000${repeat}`;
}

/**
 * The error for a run id (or prefix) that names no run, or more than one.
 *
 * @example throw runNotFound('run_zz', 0, ['run_a1']) // run "run_zz" not found (recent runs: run_a1)
 */
export function runNotFound(id: string, matches: number, recent: readonly string[]): SwitchyardError {
  return new SwitchyardError('not_found', matches > 1 ? `run id prefix ${quoteClipped(id)} is ambiguous` : `run ${quoteClipped(id)} not found (recent runs: ${recent.join(', ') || 'none'})`);
}

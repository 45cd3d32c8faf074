import { SwitchyardError } from '../../core/errors.js';
import type { ResultRecord, RunRecord, RunStatus, VariantRecord } from '../types.js';
import { quoteClipped } from '../../core/clip.js';
import { closestName } from '../../core/format-issues.js';

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
   * Blanks the recorded answer (`output`) of every result whose call is one of these traces (a
   * purge of what the answers quote); scores, costs and the trace id stay. Returns how many changed:
   * 0 when run again.
   */
  forgetOutputs(traceIds: readonly string[]): Promise<number>;
  /**
   * Deletes the results whose call is one of these traces or whose case was made from one (the
   * case id of an item made from a trace is the trace's): an erasure request. The run and its
   * summary stay. Returns how many went (with `dryRun`, would go) and the traces of those results'
   * calls not among `traceIds` (an eval's call of a case made from a trace sent that trace's input).
   */
  deleteResults(traceIds: readonly string[], dryRun?: boolean): Promise<{ deleted: number; calls: string[] }>;
  /**
   * Replaces computed costs with what the gateway recorded on each result's trace, for traces in
   * the same store (an in-process gateway on it): exact under fallbacks too. Returns how many changed.
   */
  reconcileCosts(runId: string): Promise<number>;
  /**
   * Fills the targets of variants that recorded none (a run through a gateway by URL, whose config
   * evaluation does not have) from the traces of their calls in the same store: each provider and
   * upstream model that answered, `simulated` where the gateway marked the answer as the
   * simulator's. So a remote run is labelled simulated as an in-process one is. A variant none
   * of whose traces are in the store takes the targets in `heard` (what the gateway's answers
   * said: `x-switchyard-simulated`). Returns how many variants it filled.
   */
  reconcileTargets(runId: string, heard?: readonly AnsweredBy[]): Promise<number>;
}

/** One answering (variant, provider, upstream model) of a run's traces, as `reconcileTargets` reads them. */
export interface AnsweredBy {
  variant: string;
  provider: string;
  model: string;
  simulated: boolean;
}

/**
 * `variants` with the targets of those that recorded none taken from `answered` (the traces), else
 * from `heard` (the answers' headers, which name simulated providers only), sorted so a run reads
 * the same however its calls landed; and how many it filled.
 *
 * @example fillTargets({ small: { …, targets: [] } }, [{ variant: 'small', provider: 'sim', model: 'standin-small', simulated: true }])
 */
export function fillTargets(variants: Record<string, VariantRecord>, answered: readonly AnsweredBy[], heard: readonly AnsweredBy[] = []): { variants: Record<string, VariantRecord>; filled: number } {
  const out: Record<string, VariantRecord> = { ...variants };
  let filled = 0;
  for (const [name, variant] of Object.entries(variants)) {
    if (variant.targets.length > 0) continue;
    const traced = answered.filter((a) => a.variant === name);
    const targets = (traced.length > 0 ? traced : heard.filter((a) => a.variant === name))
      .map((a) => ({ provider: a.provider, model: a.model, ...(a.simulated ? { simulated: true } : {}) }))
      .sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
    if (targets.length === 0) continue;
    out[name] = { ...variant, targets };
    filled++;
  }
  return { variants: out, filled };
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
 * The error for a run id (or prefix) that names no run, or more than one; a mistyped recent id
 * is named.
 *
 * @example throw runNotFound('run_zz', 0, ['run_a1']) // run "run_zz" not found (recent runs: run_a1)
 * @example throw runNotFound('run_a2', 0, ['run_a1']) // run "run_a2" not found; did you mean "run_a1"? (recent runs: run_a1)
 */
export function runNotFound(id: string, matches: number, recent: readonly string[]): SwitchyardError {
  if (matches > 1) return new SwitchyardError('not_found', `run id prefix ${quoteClipped(id)} is ambiguous`);
  const meant = id.length > 100 ? undefined : closestName(id, recent);
  return new SwitchyardError('not_found', `run ${quoteClipped(id)} not found${meant === undefined ? '' : `; did you mean "${meant}"?`} (recent runs: ${recent.join(', ') || 'none'})`);
}

/**
 * The call traces of erased results that are not among the erased traces themselves, once each:
 * what `deleteResults` hands back for the erasure to follow.
 *
 * @example otherCalls(['tr_eval', null, 'tr_1', 'tr_eval'], ['tr_1']) // ['tr_eval']
 */
export function otherCalls(found: readonly (string | null)[], erased: readonly string[]): string[] {
  const known = new Set(erased);
  return [...new Set(found.filter((id): id is string => id !== null && !known.has(id)))];
}

import { execFileSync } from 'node:child_process';
import { newId } from '../../core/ids.js';
import type { RunStore } from '../store/run-store.js';
import type { RunRecord, VariantRecord } from '../types.js';
import type { PreparedSuite } from '../suite/prepare-suite.js';
import { type ExecuteDeps, executeRun } from './execute-run.js';
import { type RunSummary, summarizeRun } from './summarize-run.js';

/** The same collaborators as executing a run: it is what runSuite hands them to. */
export type RunSuiteDeps = ExecuteDeps;

/** Where a run's calls went and what config they used, recorded on the run. */
export interface RunProvenance {
  gateway: string | null;
  configPath: string | null;
  configHash: string | null;
  targetsOf?: (model: string) => { provider: string; model: string; simulated?: boolean }[];
  rerunOf?: string | null;
  /** Working directory for `git rev-parse` (the suite's repository). */
  cwd?: string;
}

export interface RunOutcome {
  run: RunRecord;
  summary: RunSummary;
  done: number;
  total: number;
}

/**
 * Records a new run of a prepared suite (suite text, pinned dataset version, prompts, models and
 * providers, git commit), executes it and summarises it.
 *
 * @example const { run, summary } = await runSuite(prepared, { caller, runs, datasets, clock: systemClock }, provenance);
 */
export async function runSuite(prepared: PreparedSuite, deps: RunSuiteDeps, provenance: RunProvenance): Promise<RunOutcome> {
  const now = deps.clock.now();
  const variants: Record<string, VariantRecord> = {};
  for (const v of prepared.variants) variants[v.name] = { model: v.model, messages: v.messages, params: v.params, targets: provenance.targetsOf?.(v.model) ?? [] };
  const run: RunRecord = {
    id: newId('run', now),
    createdAt: now,
    finishedAt: null,
    status: 'running',
    name: prepared.name,
    suite: prepared.loaded.raw,
    suitePath: prepared.loaded.source,
    dataset: prepared.dataset.dataset,
    datasetVersion: prepared.dataset.version,
    datasetHash: prepared.dataset.hash,
    gitCommit: gitCommit(provenance.cwd ?? prepared.loaded.baseDir),
    configPath: provenance.configPath,
    configHash: provenance.configHash,
    gateway: provenance.gateway,
    variants,
    summary: null,
    rerunOf: provenance.rerunOf ?? null,
  };
  await deps.runs.create(run);
  return continueRun(prepared, run, deps);
}

/**
 * Executes what a run is missing (all of it for a new run; the rest for an interrupted one),
 * then reconciles costs with the traces and stores the summary.
 *
 * @example await continueRun(prepared, runs.get('run_…'), deps) // resumes
 */
export async function continueRun(prepared: PreparedSuite, run: RunRecord, deps: RunSuiteDeps): Promise<RunOutcome> {
  await deps.runs.setStatus(run.id, 'running', null);
  let outcome;
  try {
    outcome = await executeRun(prepared, run.id, deps);
  } catch (error) {
    await deps.runs.setStatus(run.id, 'failed', deps.clock.now());
    throw error;
  }
  const models = Object.fromEntries(prepared.variants.map((v) => [v.name, v.model]));
  const summary = await summarizeRun(deps.runs, run.id, models, prepared.seed);
  await deps.runs.setStatus(run.id, outcome.status, deps.clock.now(), summary);
  return { run: await deps.runs.get(run.id), summary, done: outcome.done, total: outcome.total };
}

/**
 * Re-summarises after costs were reconciled with the traces (the gateway flushed them), and fills
 * in which providers answered a run through a gateway by URL (simulated or not) from the same traces.
 */
export async function refreshSummary(runs: RunStore, run: RunRecord, seed: number): Promise<RunSummary> {
  await runs.reconcileCosts(run.id);
  await runs.reconcileTargets(run.id);
  const models = Object.fromEntries(Object.entries(run.variants).map(([name, v]) => [name, v.model]));
  const summary = await summarizeRun(runs, run.id, models, seed);
  await runs.setStatus(run.id, run.status, run.finishedAt, summary);
  return summary;
}

/** The checkout's commit (`+dirty` with uncommitted changes to tracked files), or null outside git. */
export function gitCommit(cwd: string): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

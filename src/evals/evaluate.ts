import { dirname, resolve } from 'node:path';
import { systemClock } from '../core/clock.js';
import { SwitchyardError } from '../core/errors.js';
import type { TraceRecord } from '../core/trace.js';
import type { TraceStore } from '../core/trace-store.js';
import { CachedCaller } from './client/cached-caller.js';
import { connectGateway, type ConnectOptions } from './client/connect-gateway.js';
import type { RunOutcome } from './runner/run-suite.js';
import { continueRun, refreshSummary, runSuite } from './runner/run-suite.js';
import type { CustomScorerFunction } from './scorers/scorer.js';
import type { EvalStores } from './store/eval-stores.js';
import type { RunStore } from './store/run-store.js';
import { type LoadedSuite, parseSuite, readSuiteFile } from './suite/load-suite.js';
import { prepareSuite } from './suite/prepare-suite.js';
import { countOf } from '../core/plural.js';

export interface EvaluateOptions extends ConnectOptions {
  /** A suite file for a new run. */
  suitePath?: string;
  /** Resume this interrupted run instead. */
  resumeRunId?: string;
  /** Repeat this run exactly (same suite, pinned dataset version) as a new run. */
  rerunOf?: string;
  /** Where runs, datasets, judges and cached answers are (the CLI opens them from --db or the config). */
  stores: EvalStores;
  /** Call models even when the response cache has the answer, and replace the cached answers. */
  noCache?: boolean;
  /** Where cache hits are traced (the CLI's store); without it hits are only marked on the case. */
  traces?: Pick<TraceStore, 'insertTraces'>;
  skipBadLines?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  customScorers?: Readonly<Record<string, CustomScorerFunction>>;
}

/**
 * Everything `switchyard eval run|resume|rerun` does: connect the gateway, check
 * the suite before any call, run it, let the gateway write its traces, reconcile costs with
 * them, and summarise.
 *
 * @example const { run, summary } = await evaluate({ suitePath: 'examples/support-suite.yaml', configPath: 'switchyard.yaml', stores, store: { sqlite: file } });
 */
export async function evaluate(options: EvaluateOptions): Promise<RunOutcome> {
  const { runs, datasets, judges, responseCache } = options.stores;
  const previous = options.resumeRunId ? await runs.get(options.resumeRunId) : options.rerunOf ? await runs.get(options.rerunOf) : undefined;
  if (options.resumeRunId && previous?.status === 'completed') throw new SwitchyardError('invalid_request', `run ${previous.id} already completed; use \`eval rerun ${previous.id}\` to repeat it`);
  // A suite file's shape problems are reported with its dataset and model problems, in one error.
  const draft = previous ? suiteOfRun(previous.suite, previous.suitePath) : readSuiteFile(options.suitePath ?? '');
  const pinnedVersion = previous ? await datasets.resolve(`${previous.dataset}@${previous.datasetVersion}`) : undefined;
  if (pinnedVersion && previous && pinnedVersion.hash !== previous.datasetHash) throw new SwitchyardError('internal', `dataset ${previous.dataset}@${previous.datasetVersion} changed hash since run ${previous.id}`);
  const gateway = await connectGateway({ configPath: options.configPath, config: options.config, gatewayUrl: options.gatewayUrl, store: options.store, apiKey: options.apiKey });
  let outcome: RunOutcome;
  const hits = new HitBuffer(options.traces);
  try {
    const prepared = await prepareSuite(draft, {
      datasets,
      judges,
      knownModels: gateway.models,
      skipBadLines: options.skipBadLines,
      customScorers: options.customScorers,
      datasetVersionId: pinnedVersion?.id,
    });
    const { loaded } = prepared;
    // A resumed or repeated run keeps the cache setting it was started with.
    const refresh = options.noCache === true || loaded.spec.cache === false;
    if (refresh) markNoCache(loaded);
    const caller = new CachedCaller(gateway.client, responseCache, { mode: refresh ? 'refresh' : 'read', recordHit: (trace) => void hits.push(trace) });
    const deps = { caller, runs, datasets, clock: systemClock, signal: options.signal, onProgress: options.onProgress };
    if (options.resumeRunId && previous) outcome = await continueRun(prepared, previous, deps);
    else {
      if (previous && gateway.configHash && previous.configHash && gateway.configHash !== previous.configHash) {
        process.emitWarning(`the gateway config differs from the one run ${previous.id} used (sha256 ${previous.configHash.slice(0, 12)}…)`);
      }
      outcome = await runSuite(prepared, deps, { gateway: gateway.url, configPath: gateway.configPath, configHash: gateway.configHash, targetsOf: gateway.targetsOf, rerunOf: previous?.id ?? null });
    }
  } finally {
    await gateway.close();
    await hits.flush();
  }
  // The in-process gateway has now written every trace: take exact costs from them. A gateway by URL
  // writes its own on a timer: wait a moment for them first (they tell who answered, simulator or not).
  if (gateway.url !== 'in-process') {
    await awaitGatewayTraces(runs, outcome.run.id);
    // Its traces in another store (or none): what its answers said still marks the simulator's.
    await runs.reconcileTargets(outcome.run.id, gateway.simulatedAnswers());
  }
  const summary = await refreshSummary(runs, outcome.run, (outcome.run.suite as { seed?: number } | null)?.seed ?? 1);
  return { ...outcome, run: await runs.get(outcome.run.id), summary };
}

/**
 * Waits until every variant of a run through a gateway by URL that made calls has its targets
 * filled from their traces (`reconcileTargets`), as the gateway's trace writer (every
 * `traces.flush_interval_ms`, 100 ms by default) stores them: up to `maxMs`, or `noneMs` when no
 * trace of the run has turned up at all (the gateway keeps its traces in another store).
 */
export async function awaitGatewayTraces(runs: RunStore, runId: string, { noneMs = 1_000, maxMs = 5_000, pollMs = 50 } = {}): Promise<void> {
  const calling = new Set<string>();
  for await (const result of runs.results(runId)) if (!result.cached && result.traceId) calling.add(result.variant);
  const started = Date.now();
  let found = false;
  for (;;) {
    found = (await runs.reconcileTargets(runId)) > 0 || found;
    const { variants } = await runs.get(runId);
    if ([...calling].every((v) => (variants[v]?.targets.length ?? 0) > 0)) return;
    const waited = Date.now() - started;
    if (waited >= maxMs || (!found && waited >= noneMs)) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The suite a run recorded, parsed again (YAML reads the stored JSON). */
function suiteOfRun(suite: unknown, suitePath: string | null): LoadedSuite {
  const source = suitePath ?? 'recorded suite';
  return parseSuite(JSON.stringify(suite, null, 2), source, suitePath ? dirname(resolve(suitePath)) : process.cwd());
}

/** Records `cache: false` in the suite a run stores, so `eval resume` and `eval rerun` keep it. */
function markNoCache(loaded: LoadedSuite): void {
  loaded.spec.cache = false;
  if (loaded.raw !== null && typeof loaded.raw === 'object') (loaded.raw as Record<string, unknown>).cache = false;
}

/** Cache-hit traces, written in batches off the model-call path. */
class HitBuffer {
  private pending: TraceRecord[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly traces?: Pick<TraceStore, 'insertTraces'>) {}

  push(trace: TraceRecord): void {
    if (!this.traces) return;
    this.pending.push(trace);
    if (this.pending.length >= 256) void this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (this.traces && batch.length > 0) {
      const traces = this.traces;
      // A trace that cannot be written must not cost the run its results: warn and go on.
      this.writing = this.writing.then(() => traces.insertTraces(batch)).catch((error: unknown) => {
        process.emitWarning(`could not trace ${countOf(batch.length, 'cache hit')}: ${(error as Error).message}`);
      });
    }
    await this.writing;
  }
}

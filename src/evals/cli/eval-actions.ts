import type { StoreConfig } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import type { ReviewStore } from '../../review/review-store.js';
import { queueUnreviewedItems } from '../datasets/queue-unreviewed-items.js';
import { evaluate, type EvaluateOptions } from '../evaluate.js';
import { generateFromFolder } from '../generate.js';
import { type GateMode, ciGate } from '../runner/ci-gate.js';
import { compareRuns } from '../runner/compare-runs.js';
import type { RunOutcome } from '../runner/run-suite.js';
import type { RunSummary } from '../runner/summarize-run.js';
import { formatComparison } from '../report/format-comparison.js';
import { formatRun } from '../report/format-run.js';
import type { EvalStores } from '../store/eval-stores.js';
import type { DatasetVersion } from '../types.js';
import { type GatewayFlags, interruptOnSigint, numberFlag } from './common-flags.js';
import { progressBar } from './progress.js';
import { writeRunJson } from './write-run-json.js';
import { SwitchyardError } from '../../core/errors.js';

export interface RunFlags extends GatewayFlags {
  cache?: boolean;
  skipBadLines?: boolean;
  json?: string;
  baseline?: string;
  tolerance?: string;
  gate?: string;
}

type Mode = { suitePath: string } | { resumeRunId: string } | { rerunOf: string };

/**
 * `eval run|resume|rerun`: runs with a progress bar and Ctrl-C handling, prints the report,
 * writes JSON, and applies the CI gate when a baseline is given (exit code 1 on regression).
 * `store` is where `stores` were opened: an in-process gateway writes its traces there too.
 */
export async function runAction(mode: Mode, flags: RunFlags, stores: EvalStores, store: StoreConfig): Promise<void> {
  const tolerance = numberFlag('--tolerance', flags.tolerance, 0.02, 0, 1);
  const gateMode = (flags.gate ?? 'regression') as GateMode;
  if (gateMode !== 'regression' && gateMode !== 'non-inferiority') throw new SwitchyardError('invalid_request', `--gate must be "regression" or "non-inferiority", got "${flags.gate}"`);
  const bar = progressBar('eval');
  const interrupt = interruptOnSigint(() => process.stderr.write('\nCtrl-C: finishing in-flight cases and keeping every finished result (Ctrl-C again to quit now)…\n'));
  let outcome: RunOutcome;
  try {
    const options: EvaluateOptions = {
      ...mode,
      stores,
      store,
      configPath: flags.config,
      gatewayUrl: flags.gateway,
      apiKey: flags.apiKey,
      noCache: flags.cache === false,
      skipBadLines: flags.skipBadLines,
      signal: interrupt.signal,
      onProgress: (done, total) => bar.update(done, total),
    };
    outcome = await evaluate(options);
  } finally {
    bar.stop();
    interrupt.dispose();
  }
  console.log(formatRun(outcome.run, outcome.summary));
  const { runs } = stores;
  if (flags.json) {
    await writeRunJson(flags.json, outcome.run, outcome.summary, runs);
    console.log(`full result written to ${flags.json}`);
  }
  if (outcome.run.status === 'interrupted') {
    console.log(`interrupted after ${outcome.done} of ${outcome.total}; resume with: switchyard eval resume ${outcome.run.id}`);
    process.exitCode = 130;
    return;
  }
  console.log(`compare: switchyard eval compare ${outcome.run.id} OTHER_RUN · repeat exactly: switchyard eval rerun ${outcome.run.id}`);
  if (flags.baseline) {
    const comparison = await compareRuns(runs, flags.baseline, outcome.run.id, { seed: 1 });
    console.log(formatComparison(comparison));
    const verdict = ciGate(comparison, tolerance, gateMode);
    for (const line of verdict.lines) console.log(line);
    console.log(verdict.passed ? 'gate: passed' : `gate: FAILED (baseline ${comparison.runA}, tolerance ${tolerance})`);
    if (!verdict.passed) process.exitCode = 1;
  }
}

/** `eval compare A B`: paired differences and McNemar; `--json` for scripts. */
export async function compareAction(a: string, b: string, flags: { variants?: string; json?: boolean }, stores: Pick<EvalStores, 'runs'>): Promise<void> {
  const pairs = flags.variants?.split(',').map((pair): [string, string] => {
    const [x, y] = pair.split(':');
    if (!x || !y) throw new SwitchyardError('invalid_request', `--variants takes A:B pairs separated by commas, got "${pair}"`);
    return [x, y];
  });
  const comparison = await compareRuns(stores.runs, a, b, { pairs, seed: 1 });
  console.log(flags.json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison));
}

/** `eval list`: recent runs. */
export async function listAction(flags: { limit?: string; json?: boolean }, stores: Pick<EvalStores, 'runs'>): Promise<void> {
  const runs = await stores.runs.list(numberFlag('--limit', flags.limit, 20, 1, 1000));
  if (flags.json) return void console.log(JSON.stringify(runs.map(({ suite: _suite, ...rest }) => rest), null, 2));
  for (const r of runs) {
    const summary = r.summary as RunSummary | null;
    const best = summary?.variants.map((v) => `${v.variant} ${(v.quality.estimate * 100).toFixed(1)}%`).join(', ') ?? '';
    console.log(`${r.id}  ${new Date(r.createdAt).toISOString().slice(0, 19)}  ${r.status.padEnd(11)} ${r.name}  ${r.dataset}@${r.datasetVersion}  ${best}`);
  }
  if (runs.length === 0) console.log('no runs yet: switchyard eval run SUITE --config FILE');
}

/** `eval show ID`: the stored report of a run, optionally with every case. */
export async function showAction(id: string, flags: { cases?: boolean; json?: string }, stores: Pick<EvalStores, 'runs'>): Promise<void> {
  const { runs } = stores;
  const run = await runs.get(id);
  if (!run.summary) throw new SwitchyardError('not_found', `run ${run.id} has no summary yet (status ${run.status})`);
  console.log(formatRun(run, run.summary as RunSummary));
  if (flags.cases) {
    for await (const r of runs.results(run.id)) {
      const scores = r.scores.map((s) => `${s.scorer}=${s.error ? `error(${s.error.slice(0, 40)})` : s.score.toFixed(2)}`).join(' ');
      console.log(`${r.caseId}  ${r.variant}#${r.repeat}  ${r.error ? `ERROR ${r.error.slice(0, 80)}` : `q=${r.quality?.toFixed(2) ?? '-'} ${scores}`}`);
    }
  }
  if (flags.json) await writeRunJson(flags.json, run, run.summary as RunSummary, runs);
}

/** `eval generate --from DIR --count N`. */
export async function generateAction(flags: GatewayFlags & { from: string; count: string; model: string; dataset?: string; seed?: string }, stores: Pick<EvalStores, 'datasets'> & { reviews: ReviewStore }, store: StoreConfig): Promise<void> {
  const started = systemClock.now();
  const result = await generateFromFolder({
    from: flags.from,
    count: numberFlag('--count', flags.count, 20, 1, 10_000),
    model: flags.model,
    dataset: flags.dataset,
    seed: numberFlag('--seed', flags.seed, 1, 0, 2 ** 31),
    datasets: stores.datasets,
    store,
    configPath: flags.config,
    gatewayUrl: flags.gateway,
    apiKey: flags.apiKey,
  });
  const queued = await queueGenerated(stores, result.version);
  console.log(
    `added ${result.added} unreviewed item(s) to ${result.version.dataset}@${result.version.version} in ${((systemClock.now() - started) / 1000).toFixed(1)} s; ${queued} are waiting in the review queue (dashboard → Review) to be accepted before you rely on them`,
  );
  for (const f of result.failures) console.log(`  skipped a passage of ${f.source}: ${f.error}`);
}

/** Hands the new unreviewed items to the review queue, in the same store. */
async function queueGenerated(stores: Pick<EvalStores, 'datasets'> & { reviews: ReviewStore }, version: DatasetVersion): Promise<number> {
  return (await queueUnreviewedItems(stores.reviews, version.dataset, stores.datasets.items(version.id))).length;
}

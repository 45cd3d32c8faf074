import { quoteClipped } from '../../core/clip.js';
import { fitToTerminal, joinToTerminal, TerminalTable } from '../../core/terminal-table.js';
import { countOf } from '../../core/plural.js';
import type { StoreConfig } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import type { ReviewStore } from '../../review/review-store.js';
import { queueUnreviewedItems } from '../datasets/queue-unreviewed-items.js';
import { evaluate, type EvaluateOptions } from '../evaluate.js';
import { generateFromFolder } from '../generate.js';
import { GATE_MODES, type GateMode, ciGate } from '../runner/ci-gate.js';
import type { TraceStore } from '../../core/trace-store.js';
import { isRelativeReference, resolveRunReference } from '../store/run-reference.js';
import { isRunFileReference, type RunFile, readRunFile, runsWithFile } from '../store/run-file.js';
import { formatCases } from '../report/format-cases.js';
import { compareRuns } from '../runner/compare-runs.js';
import type { RunOutcome } from '../runner/run-suite.js';
import type { RunSummary } from '../runner/summarize-run.js';
import { formatComparison } from '../report/format-comparison.js';
import { formatRun } from '../report/format-run.js';
import { callErrorCauses, errorCauseLines, noCaseAnswered, scorerErrorCauses, scorerErrorLines } from '../report/error-causes.js';
import type { EvalStores } from '../store/eval-stores.js';
import type { DatasetVersion } from '../types.js';
import { type GatewayFlags, interruptOnSigint } from './common-flags.js';
import { progressBar } from './progress.js';
import { writeRunJson } from './write-run-json.js';
import { closestName } from '../../core/format-issues.js';
import { SwitchyardError } from '../../core/errors.js';
import { cliTime } from '../../core/cli-time.js';
import { shellWord } from '../../core/shell-word.js';
import { resolve } from 'node:path';
import { DEFAULT_SQLITE_PATH } from '../../config/default-store.js';
import { CLI } from '../../core/cli-command.js';
import { terminalText } from '../../core/terminal-text.js';
import { numberFlag } from '../../core/number-flag.js';
import { checkOutPath } from '../../core/out-file.js';

export interface RunFlags extends GatewayFlags {
  cache?: boolean;
  skipBadLines?: boolean;
  /** Print the full result as JSON on stdout (the report goes to stderr). */
  json?: boolean;
  /** Write the full result as JSON to this file. */
  out?: string;
  baseline?: string;
  tolerance?: string;
  gate?: string;
}

type Mode = { suitePath: string } | { resumeRunId: string } | { rerunOf: string };

/**
 * The gateway flags a suggested `eval rerun` / `eval resume` needs to run as printed: the run's
 * own `--config` or `--gateway` (without either, the command stops at "evaluation needs a
 * gateway"). A key is never printed: `--api-key` or $SWITCHYARD_API_KEY again.
 *
 * @example gatewayArgs({ config: 'examples/switchyard.sim.yaml' }) // ' --config examples/switchyard.sim.yaml'
 */
export function gatewayArgs(flags: Pick<RunFlags, 'config' | 'gateway'>): string {
  if (flags.config !== undefined) return ` --config ${shellWord(flags.config)}`;
  if (flags.gateway !== undefined) return ` --gateway ${shellWord(flags.gateway)}`;
  return '';
}

/**
 * The `--db` a suggested `eval show` / `compare` / `rerun` needs to read the run just made: the
 * one given, or the config's SQLite store when it is not the default (examples/guarded.sim.yaml
 * keeps its own file; `eval show last` read the default store's newest run instead). A
 * PostgreSQL URL is not printed: it may hold a password.
 *
 * @example storeArgsOf({}, { sqlite: '.switchyard/guarded-example.db' }) // ' --db .switchyard/guarded-example.db'
 */
export function storeArgsOf(flags: Pick<RunFlags, 'db'>, store: StoreConfig): string {
  const given = flags.db ?? ('sqlite' in store ? store.sqlite : undefined);
  if (given === undefined || /^postgres(ql)?:/i.test(given)) return '';
  if (flags.db === undefined && resolve(given) === resolve(process.env.SWITCHYARD_DB ?? DEFAULT_SQLITE_PATH)) return '';
  return ` --db ${shellWord(given)}`;
}

/**
 * `eval run|resume|rerun`: runs with a progress bar and Ctrl-C handling, prints the report,
 * writes JSON, and applies the CI gate when a baseline is given (exit code 1 on regression).
 * `store` is where `stores` were opened: an in-process gateway writes its traces there too.
 * Run references (`last`, `last~1`, an id prefix) are resolved before the new run exists.
 */
export async function runAction(mode: Mode, flags: RunFlags, stores: EvalStores & { traces?: Pick<TraceStore, 'insertTraces'> }, store: StoreConfig): Promise<void> {
  const tolerance = numberFlag('--tolerance', flags.tolerance, { min: 0, max: 1, fallback: 0.02 });
  // Before the run, not after it: a folder named as --out failed once every case had been answered.
  if (flags.out) checkOutPath('--out', flags.out);
  const gateMode = gateModeOf(flags.gate);
  // Resolved now so a typo fails before the run; a relative one again after it, among the suite's own runs.
  const baselineRun = flags.baseline ? await runOrFile(stores.runs, flags.baseline).catch((error: unknown) => baselineNotFound(error, flags.baseline as string)) : undefined;
  let baseline = baselineRun?.id;
  const resolved: Mode = 'resumeRunId' in mode ? { resumeRunId: await resolveRunReference(stores.runs, mode.resumeRunId) } : 'rerunOf' in mode ? { rerunOf: await resolveRunReference(stores.runs, mode.rerunOf) } : mode;
  // With --json, stdout carries only the JSON; everything said to people goes to stderr.
  const say = flags.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const bar = progressBar('eval');
  const interrupt = interruptOnSigint(() => process.stderr.write('\nCtrl-C: the cases in flight are cancelled (eval resume runs them again); every finished one is kept (Ctrl-C again to quit now)…\n'));
  let outcome: RunOutcome;
  try {
    const options: EvaluateOptions = {
      ...resolved,
      stores,
      store,
      traces: stores.traces,
      configPath: flags.config,
      gatewayUrl: flags.gateway,
      apiKey: flags.apiKey,
      noCache: flags.cache === false,
      skipBadLines: flags.skipBadLines,
      signal: interrupt.signal,
      onProgress: (done, total) => bar.update(done, total),
    };
    outcome = await evaluate(options).catch(async (error: unknown) => {
      throw await namingAnEmptyStore(error, stores.datasets, store);
    });
  } finally {
    bar.stop();
    interrupt.dispose();
  }
  say(formatRun(outcome.run, outcome.summary));
  const { runs } = stores;
  for (const line of await failedCallLines(runs, outcome.run.id, outcome.summary)) say(fitToTerminal(line, '  '));
  // A run whose every call failed is no result: a script or CI step must not read its 0% as one.
  if (noCaseAnswered(outcome.summary) && outcome.run.status !== 'interrupted') process.exitCode = 1;
  if (flags.out) {
    await writeRunJson(flags.out, outcome.run, outcome.summary, runs);
    say(`full result written to ${flags.out}`);
  }
  if (flags.json) await writeRunJson(process.stdout, outcome.run, outcome.summary, runs);
  if (outcome.run.status === 'interrupted') {
    say(`interrupted after ${outcome.done} of ${outcome.total}; resume with: ${CLI} eval resume ${outcome.run.id}${gatewayArgs(flags)}${storeArgsOf(flags, store)}`);
    process.exitCode = 130;
    return;
  }
  // Compared with this suite's previous run, named: "last~1" is whatever ran before (another suite,
  // a ladder), and on a suite's first run there is nothing to compare with.
  const previous = await resolveRunReference(runs, 'last', { suite: outcome.run.name, excluding: outcome.run.id }).catch(() => undefined);
  const db = storeArgsOf(flags, store);
  // A run that answered nothing has nothing to compare: the hint would send a newcomer who forgot the simulator to a table of zeros.
  const previousScored = previous !== undefined && ((await runs.get(previous)).summary as RunSummary | null)?.variants.some((v) => v.cases > 0) === true;
  // Nor to a previous run that scored no case (interrupted before its first): nothing to compare with.
  const compare = previous && previousScored && !noCaseAnswered(outcome.summary) ? [`compare with this suite's previous run: ${CLI} eval compare ${previous} last${db}`] : [];
  say(joinToTerminal([...compare, `cases: ${CLI} eval show last --cases${db}`, `repeat exactly: ${CLI} eval rerun last${gatewayArgs(flags)}${db}`]));
  if (flags.baseline && isRelativeReference(flags.baseline)) baseline = await resolveRunReference(runs, flags.baseline, { suite: outcome.run.name, excluding: outcome.run.id });
  if (baseline) {
    const comparison = await compareRuns(withFiles(runs, [baselineRun?.file]), baseline, outcome.run.id, { seed: 1 });
    say(formatComparison(comparison));
    const verdict = ciGate(comparison, tolerance, gateMode);
    for (const line of verdict.lines) say(fitToTerminal(line, '  '));
    say(verdict.passed ? `gate: passed (${gateMode}, tolerance ${tolerance})` : `gate: FAILED (${gateMode}, baseline ${comparison.runA}, tolerance ${tolerance})`);
    if (!verdict.passed) process.exitCode = 1;
  }
}

/**
 * A suite naming a stored dataset, run in a folder whose store holds none (the default store is
 * `.switchyard/` of the folder the command runs in): "known datasets: none" named no folder, and
 * the datasets imported elsewhere read as lost.
 */
async function namingAnEmptyStore(error: unknown, datasets: EvalStores['datasets'], store: StoreConfig): Promise<unknown> {
  // The suite's problems wrap the store's not_found ("suite … cannot run (1 problem): …").
  if (!(error instanceof SwitchyardError) || !/dataset ".*" not found/.test(error.message) || !('sqlite' in store)) return error;
  if ((await datasets.list()).length > 0) return error;
  const where = resolve(store.sqlite);
  return new SwitchyardError(error.code, `${error.message}\n  the store this run opened, ${where}, holds no datasets: a SQLite store is the folder's own (.switchyard/ where the command runs, unless --db or the config's store: names one), so run it in the folder where datasets import ran, or pass --db that folder's .switchyard/switchyard.db`, { detail: error.detail });
}

/**
 * A run named where one is expected: a stored run (id, prefix, `last~N`), or a result file that
 * `--out` wrote (a CI job's artifact, a baseline kept beside the suite), read but not stored.
 *
 * @example await runOrFile(runs, 'baseline.json') // { id: 'run_0mx…', file: { … } }
 */
async function runOrFile(runs: EvalStores['runs'], reference: string): Promise<{ id: string; file?: RunFile }> {
  if (!isRunFileReference(reference)) return { id: await resolveRunReference(runs, reference) };
  const file = await readRunFile(reference);
  return { id: file.run.id, file };
}

/**
 * `--baseline last` in a store without the suite's earlier run is what every CI job on a fresh
 * machine meets: the error says how to gate there (a result file kept from an earlier run).
 */
function baselineNotFound(error: unknown, reference: string): never {
  if (error instanceof SwitchyardError && error.code === 'not_found' && isRelativeReference(reference)) {
    throw new SwitchyardError('not_found', `${error.message}; where the store starts empty (a CI job), gate against an earlier run's result file instead: --baseline baseline.json, written by eval run SUITE --out baseline.json`);
  }
  throw error;
}

/** The store as a comparison reads it, with the result files among its runs. */
function withFiles(runs: EvalStores['runs'], files: (RunFile | undefined)[]): Pick<EvalStores['runs'], 'get' | 'variantsOf' | 'results'> {
  return files.reduce<Pick<EvalStores['runs'], 'get' | 'variantsOf' | 'results'>>((store, file) => (file ? runsWithFile(store, file) : store), runs);
}

/** `eval compare A B`: paired differences and McNemar; `--json` for scripts. */
export async function compareAction(a: string, b: string, flags: { variants?: string; json?: boolean; tolerance?: string; gate?: string }, stores: Pick<EvalStores, 'runs'>): Promise<void> {
  if (flags.gate !== undefined && flags.tolerance === undefined) throw new SwitchyardError('invalid_request', '--gate decides with an allowed drop: give --tolerance too (e.g. --tolerance 0.02 for 2 points)');
  const tolerance = flags.tolerance === undefined ? undefined : numberFlag('--tolerance', flags.tolerance, { min: 0, max: 1 });
  const gateMode = gateModeOf(flags.gate);
  const pairs = flags.variants?.split(',').map((pair): [string, string] => {
    const [x, y] = pair.split(':');
    if (!x || !y) throw new SwitchyardError('invalid_request', `--variants takes A:B pairs separated by commas, got ${quoteClipped(pair)}`);
    return [x, y];
  });
  const runA = await runOrFile(stores.runs, a);
  const runB = await runOrFile(stores.runs, b);
  const comparison = await compareRuns(withFiles(stores.runs, [runA.file, runB.file]), runA.id, runB.id, { pairs, seed: 1 });
  // Two variants of one run (the arms of a split replayed on the route's traffic) or two runs: B is the candidate.
  const verdict = tolerance === undefined ? undefined : ciGate(comparison, tolerance, gateMode);
  if (flags.json) console.log(JSON.stringify(verdict ? { ...comparison, gate: { mode: gateMode, tolerance, ...verdict } } : comparison, null, 2));
  else {
    console.log(formatComparison(comparison));
    for (const line of verdict?.lines ?? []) console.log(fitToTerminal(line, '  '));
    if (verdict) console.log(verdict.passed ? `gate: passed (${gateMode}, tolerance ${tolerance})` : `gate: FAILED (${gateMode}, tolerance ${tolerance})`);
  }
  // A CI step comparing against a run that measured nothing must not pass.
  if (comparison.unanswered.length > 0 || verdict?.passed === false) process.exitCode = 1;
}

/** `--gate`, checked: a typo is named rather than taken for the default. */
function gateModeOf(gate: string | undefined): GateMode {
  const mode = (gate ?? 'non-inferiority') as GateMode;
  if (!GATE_MODES.includes(mode)) {
    const meant = closestName(String(gate), GATE_MODES);
    throw new SwitchyardError('invalid_request', `--gate must be one of ${GATE_MODES.map((m) => `"${m}"`).join(', ')}, got ${quoteClipped(gate)}${meant ? ` (did you mean "${meant}"?)` : ''}`);
  }
  return mode;
}

/** `eval list`: recent runs. */
export async function listAction(flags: { limit?: string; json?: boolean }, stores: Pick<EvalStores, 'runs'>): Promise<void> {
  const runs = await stores.runs.list(numberFlag('--limit', flags.limit, { min: 1, max: 1000, integer: true, fallback: 20 }));
  if (flags.json) return void console.log(JSON.stringify(runs.map(({ suite: _suite, ...rest }) => rest), null, 2));
  if (runs.length === 0) return void console.log(`no runs yet: ${CLI} eval run SUITE --config FILE`);
  // The run id (for show, compare, rerun) and its quality stay; the rest goes first under a width.
  const table = new TerminalTable({ head: ['run', 'created', 'status', 'suite', 'dataset', 'quality'], dropToFit: ['suite', 'status', 'created'] });
  for (const r of runs) {
    const summary = r.summary as RunSummary | null;
    // A variant that scored no case (a run interrupted before its first) has no quality, not 0%: as its page shows it.
    const quality = summary?.variants.map((v) => `${v.variant} ${v.cases === 0 ? '–' : `${(v.quality.estimate * 100).toFixed(1)}%`}`).join(', ') ?? '';
    table.push([r.id, cliTime(r.createdAt), r.status, r.name, `${r.dataset}@${r.datasetVersion}`, quality]);
  }
  console.log(table.toString());
}

/** `eval show ID`: the stored report of a run, optionally with every case; `--json` prints it all. */
export async function showAction(id: string, flags: { cases?: boolean; json?: boolean; out?: string }, stores: Pick<EvalStores, 'runs' | 'datasets'>): Promise<void> {
  const { runs } = stores;
  const run = await runs.get(await resolveRunReference(runs, id));
  if (!run.summary) throw new SwitchyardError('not_found', `run ${run.id} has no summary yet (status ${run.status})`);
  if (flags.out) await writeRunJson(flags.out, run, run.summary as RunSummary, runs);
  if (flags.json) return void (await writeRunJson(process.stdout, run, run.summary as RunSummary, runs));
  console.log(formatRun(run, run.summary as RunSummary));
  for (const line of await failedCallLines(runs, run.id, run.summary as RunSummary)) console.log(fitToTerminal(line, '  '));
  if (flags.cases) console.log(await formatCases(run, runs, stores.datasets));
  if (flags.out) console.log(`full result written to ${flags.out}`);
}

/** `eval generate --from DIR --count N`. */
export async function generateAction(flags: GatewayFlags & { from: string; count: string; model: string; dataset?: string; seed?: string; concurrency?: string }, stores: Pick<EvalStores, 'datasets'> & { reviews: ReviewStore }, store: StoreConfig): Promise<void> {
  const started = systemClock.now();
  const count = numberFlag('--count', flags.count, { min: 1, max: 10_000, integer: true, fallback: 20 });
  const result = await generateFromFolder({
    from: flags.from,
    count,
    model: flags.model,
    dataset: flags.dataset,
    seed: numberFlag('--seed', flags.seed, { min: 0, max: 2 ** 31, integer: true, fallback: 1 }),
    // As ladder and guard redteam: a --count of 10,000 asks 5,000 passages, never all at once.
    concurrency: numberFlag('--concurrency', flags.concurrency, { min: 1, max: 64, integer: true, fallback: 8 }),
    datasets: stores.datasets,
    store,
    configPath: flags.config,
    gatewayUrl: flags.gateway,
    apiKey: flags.apiKey,
  });
  const queued = await queueGenerated(stores, result.version);
  const took = `in ${((systemClock.now() - started) / 1000).toFixed(1)} s`;
  const at = `${result.version.dataset}@${result.version.version}`;
  // Run twice on the same documents, it said "added 2" again while the dataset stayed as it was.
  const added = result.added > 0 ? `added ${countOf(result.added, 'unreviewed item')} to ${at} ${took}` : `unchanged: the ${countOf(result.generated, 'item')} generated ${took} ${result.generated === 1 ? 'is' : 'are'} already in ${at} (a --seed other than the last run's asks about other passages)`;
  console.log(`${added}; ${queued} ${queued === 1 ? 'is' : 'are'} waiting in the review queue (dashboard → Review) to be accepted before you rely on them`);
  for (const f of result.failures) console.log(terminalText(`  skipped a passage of ${f.source}: ${f.error}`));
  // Otherwise a short count reads like a bug: replies may hold fewer pairs than asked, or repeat one.
  if (result.generated < count) console.log(`  ${result.generated} of the ${count} asked for: the model's replies held fewer usable question/answer pairs (repeats dropped), and the passages left added none or there were none left; more documents (--from) give it more to ask about`);
}

/** Why a run's calls failed, read from its results only when the summary counts failures. */
async function failedCallLines(runs: Pick<EvalStores['runs'], 'results'>, runId: string, summary: RunSummary): Promise<string[]> {
  const calls = summary.variants.every((v) => v.errors === 0) ? [] : errorCauseLines(summary, await callErrorCauses(runs.results(runId)));
  const scorers = summary.variants.every((v) => v.scorerErrors === 0) ? [] : scorerErrorLines(await scorerErrorCauses(runs.results(runId)));
  return [...calls, ...scorers];
}

/** Hands the new unreviewed items to the review queue, in the same store. */
async function queueGenerated(stores: Pick<EvalStores, 'datasets'> & { reviews: ReviewStore }, version: DatasetVersion): Promise<number> {
  return (await queueUnreviewedItems(stores.reviews, version.dataset, stores.datasets.items(version.id))).length;
}

import { calibrateFromDataset } from '../calibrate.js';
import { agreementValue, formatCalibration } from '../report/format-comparison.js';
import type { Interval } from '../stats/interval.js';
import type { StoreConfig } from '../../config/schema.js';
import type { EvalStores } from '../store/eval-stores.js';
import type { JudgeStore } from '../store/judge-store.js';
import type { CalibrationProgress } from '../judge/calibrate-judge.js';
import { type GatewayFlags, interruptOnSigint } from './common-flags.js';
import { cliTime } from '../../core/cli-time.js';
import { CLI } from '../../core/cli-command.js';
import { countOf } from '../../core/plural.js';
import { numberFlag } from '../../core/number-flag.js';

export interface CalibrateFlags extends GatewayFlags {
  dataset: string;
  model: string;
  rubric: string[];
  name?: string;
  testFraction?: string;
  anchors?: string;
  seed?: string;
  concurrency?: string;
  cache?: boolean;
  json?: boolean;
  force?: boolean;
  saveAgain?: boolean;
}

/** `judge calibrate` */
export async function calibrateAction(flags: CalibrateFlags, stores: Pick<EvalStores, 'datasets' | 'judges' | 'responseCache'>, store: StoreConfig): Promise<void> {
  // Ctrl-C once: the judge calls in flight are cancelled and nothing is saved (it exited 130 without a word).
  const interrupt = interruptOnSigint(() => process.stderr.write('\nCtrl-C: the judge calls in flight are cancelled and no judge is saved (Ctrl-C again to quit now)…\n'));
  let progress: CalibrationProgress | undefined;
  let outcome;
  try {
    outcome = await calibrateFromDataset({
      dataset: flags.dataset,
      model: flags.model,
      rubrics: flags.rubric,
      name: flags.name,
      testFraction: numberFlag('--test-fraction', flags.testFraction, { min: 0.1, max: 0.9, fallback: 0.5 }),
      anchorsPerScore: numberFlag('--anchors', flags.anchors, { min: 0, max: 5, integer: true, fallback: 1 }),
      seed: numberFlag('--seed', flags.seed, { min: 0, max: 2 ** 31, integer: true, fallback: 1 }),
      concurrency: numberFlag('--concurrency', flags.concurrency, { min: 1, max: 256, integer: true, fallback: 8 }),
      stores,
      store,
      configPath: flags.config,
      gatewayUrl: flags.gateway,
      apiKey: flags.apiKey,
      noCache: flags.cache === false,
      force: flags.force,
      saveAgain: flags.saveAgain,
      signal: interrupt.signal,
      onProgress: (reached) => void (progress = reached),
    });
  } catch (error) {
    if (!interrupt.signal.aborted) throw error;
    console.error(stoppedCalibration(progress, flags.cache !== false));
    process.exitCode = 130;
    return;
  } finally {
    interrupt.dispose();
  }
  // A refused save is a failed command (exit 1), so a script cannot mistake it for a saved judge.
  if (outcome.refused) process.exitCode = 1;
  if (flags.json) return void console.log(JSON.stringify(outcome, null, 2));
  console.log(`calibrated on ${outcome.dataset}@${outcome.datasetVersion} (${outcome.id})`);
  console.log(formatCalibration(outcome.report));
  if (outcome.saved) console.log(`saved as judge ${outcome.saved.name}@${outcome.saved.version}; use it in a suite: - { type: judge, judge: ${outcome.saved.name} }`);
  else if (outcome.identicalTo) console.log(`not saved: the judge is identical to ${outcome.identicalTo.name}@${outcome.identicalTo.version} (same model, rubric and anchors, calibrated on ${outcome.dataset}@${outcome.datasetVersion} with the same agreement); --save-again saves a copy`);
  else if (outcome.refused) console.error(`switchyard: judge ${flags.name} NOT saved: ${outcome.refused}. Score more items across the whole scale, try other --rubric wordings or another --model; --force saves it anyway.`);
  else console.log('not saved (pass --name NAME to save the chosen judge)');
}

/**
 * What a calibration stopped with Ctrl-C had done, and that it saved nothing: the variants scored
 * on dev (with the best so far) and whether the test split had started.
 *
 * @example stoppedCalibration({ candidates: [c], variants: 4, test: false }, true) // 'stopped after scoring 1 of 4 judge variants on dev (…'
 */
export function stoppedCalibration(progress: CalibrationProgress | undefined, cached: boolean): string {
  const scored = progress?.candidates ?? [];
  const best = [...scored].filter((c) => !Number.isNaN(c.devKappa)).sort((a, b) => b.devKappa - a.devKappa)[0];
  const done =
    scored.length === 0
      ? 'stopped before any judge variant was scored on dev'
      : `stopped after scoring ${scored.length} of ${countOf(progress?.variants ?? scored.length, 'judge variant')} on dev${best ? ` (best so far ${best.label}, κ ${best.devKappa.toFixed(3)})` : ''}${progress?.test ? ', while scoring the chosen one on the test split' : ', before the test split'}`;
  // Answers received are in the response cache (unless --no-cache): the same command asks only for the rest.
  return `${done}: no judge was chosen or saved${cached && scored.length > 0 ? '; the judge answers received are in the response cache, so the same command reuses them' : ''}`;
}

/** `judge list` */
export async function listJudges(flags: { json?: boolean }, store: JudgeStore): Promise<void> {
  const judges = await store.list();
  if (flags.json) return void console.log(JSON.stringify(judges, null, 2));
  if (judges.length === 0) return void console.log(`no saved judges: ${CLI} judge calibrate --dataset NAME --model MODEL --rubric TEXT --name NAME`);
  for (const j of judges) {
    console.log(`${j.name}@${j.version}  ${cliTime(j.createdAt)}  model ${j.spec.model}  anchors ${j.spec.anchors.length}  κ(test) ${testKappa(j.report)}`);
  }
}

/**
 * A saved judge's κ on its test split with the interval and item count: "κ(test) 1.000" from four
 * items read as a perfect judge. A report saved before intervals were kept shows its estimate.
 */
function testKappa(report: unknown): string {
  const test = (report as { test?: { n?: unknown; kappa?: Partial<Interval> & { ruleOfThree?: true } } } | null)?.test;
  const kappa = test?.kappa;
  if (typeof kappa?.estimate !== 'number') return '-';
  if (typeof test?.n !== 'number' || typeof kappa.low !== 'number' || typeof kappa.high !== 'number') return kappa.estimate.toFixed(3);
  const value = agreementValue({ estimate: kappa.estimate, low: kappa.low, high: kappa.high, level: kappa.level ?? 0.95, ruleOfThree: kappa.ruleOfThree }, test.n);
  // agreementValue names n where the interval needs it; the list says it for every judge.
  return value.includes('n = ') ? value : `${value} (n = ${test.n})`;
}

/** `judge show NAME[@VERSION]` */
export async function showJudge(reference: string, store: JudgeStore): Promise<void> {
  console.log(JSON.stringify(await store.resolve(reference), null, 2));
}

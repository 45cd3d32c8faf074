import { SwitchyardError } from '../core/errors.js';
import { closestName } from '../core/format-issues.js';
import { newId } from '../core/ids.js';
import { CachedCaller } from './client/cached-caller.js';
import { connectGateway, type ConnectOptions } from './client/connect-gateway.js';
import { type CalibrationProgress, type CalibrationReport, calibrateJudge } from './judge/calibrate-judge.js';
import { datasetOfArgument } from './datasets/dataset-argument.js';
import { LimitedCaller } from './runner/limited-caller.js';
import type { JudgeSpec, SavedJudge } from './judge/judge-spec.js';
import type { EvalStores } from './store/eval-stores.js';
import type { JudgeStore } from './store/judge-store.js';
import { sameAsStored } from '../core/same-as-stored.js';

export interface CalibrateCommandOptions extends ConnectOptions {
  /** Dataset reference "name[@version]", or a data file (imported as a version), holding human-scored items. */
  dataset: string;
  model: string;
  rubrics: string[];
  /** Save the chosen judge under this name (a new version each time). */
  name?: string;
  scale?: [number, number];
  testFraction?: number;
  anchorsPerScore?: number;
  seed?: number;
  concurrency?: number;
  stores: Pick<EvalStores, 'datasets' | 'judges' | 'responseCache'>;
  noCache?: boolean;
  /** Save under `name` even when the judge agrees with people no better than chance would. */
  force?: boolean;
  /** Save under `name` even when a saved version is identical (same judge, dataset version and agreement). */
  saveAgain?: boolean;
  /** Aborted (Ctrl-C): the judge calls in flight are cancelled, nothing is saved, and the signal's reason is thrown. */
  signal?: AbortSignal;
  onProgress?: (progress: CalibrationProgress) => void;
}

/**
 * A judge whose quadratic-weighted κ with people on the test split is at or below this agrees
 * little better than chance (Landis & Koch call ≤ 0.2 "slight"): its scores would mislead.
 */
export const MIN_USEFUL_KAPPA = 0.2;

export interface CalibrateOutcome {
  id: string;
  dataset: string;
  datasetVersion: number;
  report: CalibrationReport;
  saved: SavedJudge | null;
  /** Why a judge asked to be saved was not (its κ is too low and `force` was not given). */
  refused: string | null;
  /** The saved version this judge is identical to, when it was not saved again for that reason. */
  identicalTo: SavedJudge | null;
}

/**
 * `switchyard judge calibrate`: runs judge calibration through the gateway on a dataset's
 * human-scored items and saves the chosen judge (with its report) as a new version.
 *
 * @example await calibrateFromDataset({ dataset: 'support', model: 'claude', rubrics: ['Correct?'], name: 'support-quality', configPath, stores });
 */
export async function calibrateFromDataset(options: CalibrateCommandOptions): Promise<CalibrateOutcome> {
  const { datasets, judges, responseCache } = options.stores;
  const version = await datasetOfArgument(datasets, options.dataset);
  const items = [];
  for await (const item of datasets.items(version.id)) items.push(item);
  const gateway = await connectGateway({ configPath: options.configPath, config: options.config, gatewayUrl: options.gatewayUrl, store: options.store, apiKey: options.apiKey });
  try {
    if (!gateway.models.includes(options.model)) {
      const meant = closestName(options.model, gateway.models);
      throw new SwitchyardError('model_not_found', `unknown judge model "${options.model}"${meant ? ` (did you mean "${meant}"?)` : ''} (the gateway serves: ${gateway.models.join(', ') || 'none'})`);
    }
    const inner = options.noCache ? gateway.client : new CachedCaller(gateway.client, responseCache);
    const id = newId('cal');
    const report = await calibrateJudge(new LimitedCaller(inner, options.concurrency ?? 8), items, {
      model: options.model,
      rubrics: options.rubrics,
      scale: options.scale,
      testFraction: options.testFraction,
      anchorsPerScore: options.anchorsPerScore,
      seed: options.seed,
      calibrationId: id,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    // A Ctrl-C after the last judge call still saves nothing, as the command said it would.
    options.signal?.throwIfAborted();
    const refused = options.name && !options.force ? uselessJudge(report) : null;
    const dataset = `${version.dataset}@${version.version}`;
    const identicalTo = options.name && !refused && !options.saveAgain ? await identicalJudge(judges, options.name, report, dataset) : null;
    const saved = options.name && !refused && !identicalTo ? await judges.save(options.name, report.chosen.spec, { ...report, dataset, calibrationId: id }) : null;
    return { id, dataset: version.dataset, datasetVersion: version.version, report, saved, refused, identicalTo };
  } finally {
    await gateway.close();
  }
}

/**
 * The saved version of `name` with the same judge (model, rubric, scale, anchors) calibrated on the
 * same dataset version with the same test-split agreement: saving again would only add a copy, as
 * a calibration repeated on unchanged data did.
 */
async function identicalJudge(judges: JudgeStore, name: string, report: CalibrationReport, dataset: string): Promise<SavedJudge | null> {
  const bare = (spec: JudgeSpec) => ({ ...spec, name: undefined, version: undefined });
  const same = (saved: SavedJudge) => {
    const kept = saved.report as { dataset?: unknown; test?: unknown } | null;
    return saved.name === name && kept?.dataset === dataset && sameAsStored(bare(saved.spec), bare(report.chosen.spec)) && sameAsStored(kept.test, report.test);
  };
  return (await judges.list()).find(same) ?? null;
}

/** The reason not to save a judge, or null when its agreement with people is worth having. */
export function uselessJudge(report: CalibrationReport): string | null {
  const kappa = report.test.kappa.estimate;
  if (Number.isNaN(kappa)) return 'its agreement with people (κ) is undefined on the test split: every human (or judge) score there is the same';
  if (kappa > MIN_USEFUL_KAPPA) return null;
  return `its quadratic-weighted κ with people on the test split is ${kappa.toFixed(3)}, at or below ${MIN_USEFUL_KAPPA} (no better than slight agreement), so its scores would mislead`;
}

import { SwitchyardError } from '../../core/errors.js';
import { DEFAULT_FEATURIZER_CONFIG, type FeaturizerConfig } from '../features/featurizer-config.js';
import { type ResolvedTrainOptions, TRAIN_DEFAULTS, type TrainOptions, type ValidationOrder } from './train-options.js';

/** Bounds on each numeric setting: [min, max, integer?]. Wide enough for any real use, tight enough to refuse typos. */
const BOUNDS: Record<string, [number, number, boolean]> = {
  seed: [0, 2 ** 32 - 1, true],
  minPrecision: [0.5, 1, false],
  precisionZ: [0, 4, false],
  validationShare: [0.01, 0.5, false],
  crossFitBelow: [0, 10_000_000, true],
  nearDuplicateJaccard: [0, 1, false],
  minExamplesPerLabel: [2, 10_000, true],
  minExamplesToAnswer: [0, 1_000_000, true],
  epochs: [1, 100, true],
  refitEpochs: [0, 100, true],
  maxUnfamiliarShare: [0, 0.5, false],
  maxDistantShare: [0.001, 0.5, false],
  learningRate: [1e-6, 10, false],
  l2: [0, 1, false],
  hashBits: [10, 24, true],
  wordNgramMax: [1, 3, true],
  charNgramMin: [1, 8, true],
  charNgramMax: [0, 8, true],
  minDf: [1, 1000, true],
  maxChars: [16, 1_000_000, true],
  charMaxChars: [0, 1_000_000, true],
  wordWeight: [0, 10, false],
  charWeight: [0, 10, false],
};

function check(name: string, value: unknown): number {
  const [min, max, integer] = BOUNDS[name] as [number, number, boolean];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new SwitchyardError('invalid_request', `training option ${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(value)}`, { param: name });
  }
  return value;
}

function checkOrder(value: unknown): ValidationOrder {
  if (value === 'random' || value === 'newest') return value;
  throw new SwitchyardError('invalid_request', `training option validationOrder must be "random" or "newest", got ${JSON.stringify(value)}`, { param: 'validationOrder' });
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new SwitchyardError('invalid_request', `training option ${name} must be true or false, got ${JSON.stringify(value)}`, { param: name });
}

/**
 * Defaults filled in and every number range-checked, with an error naming the option.
 *
 * @example resolveTrainOptions({ minPrecision: 0.98 }).train.epochs // 6
 */
export function resolveTrainOptions(options: TrainOptions): { train: ResolvedTrainOptions; featurizer: FeaturizerConfig } {
  const train = { ...TRAIN_DEFAULTS };
  for (const key of Object.keys(TRAIN_DEFAULTS) as (keyof ResolvedTrainOptions)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (key === 'validationOrder') train.validationOrder = checkOrder(value);
    else if (key === 'distanceGate') train.distanceGate = checkBoolean(key, value);
    else train[key] = check(key, value);
  }
  const featurizer = { ...DEFAULT_FEATURIZER_CONFIG };
  for (const [key, value] of Object.entries(options.featurizer ?? {})) {
    if (!Object.hasOwn(featurizer, key)) throw new SwitchyardError('invalid_request', `unknown featurizer option "${key}" (known: ${Object.keys(featurizer).join(', ')})`, { param: key });
    featurizer[key as keyof FeaturizerConfig] = check(key, value);
  }
  if (featurizer.charNgramMax !== 0 && featurizer.charNgramMax < featurizer.charNgramMin) {
    throw new SwitchyardError('invalid_request', `featurizer charNgramMax (${featurizer.charNgramMax}) must be ≥ charNgramMin (${featurizer.charNgramMin}), or 0 for no character n-grams`);
  }
  return { train, featurizer };
}

import { type Clock, systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { seededRandom, shuffled } from '../../core/seeded-random.js';
import { quantizeWeights } from './binary-codec.js';
import { fitLogistic } from './logistic.js';
import { apgr, type CurvePoint, qualityCurve } from './quality-curve.js';
import { combineHeads, type LinearHead, LearnedRouter, type RouterHeads } from './router-model.js';
import { RouterFeatures } from './router-features.js';

/**
 * One outcome to learn from: a prompt and how good each target's answer to it was, in [0, 1].
 * Eval runs (pass = 1), judge scores (normalised) and review outcomes all reduce to this.
 */
export interface RouterRecord {
  prompt: string;
  weakScore: number;
  strongScore: number;
}

export interface TrainRouterOptions {
  /** Seeds the train/validation split; the optimiser itself uses no randomness. */
  seed?: number;
  /** Share of distinct prompts held out to choose thresholds and report quality. */
  validationFraction?: number;
  /**
   * L2 penalty of every head. Default `2.5 / training records`: 5-fold cross-validation on the
   * RouteLLM training splits put the best penalty near 3e-4 for MMLU (7,900 records per fit) and
   * was flat from 1e-3 to 4e-3 for GSM8K (730): the less data, the more the prior must hold.
   */
  l2?: number;
  /** Weight of the whole-prompt statistics (length, numbers, maths, code) next to the n-grams; 0 drops them. */
  statsWeight?: number;
  /** Hashed feature space is 2^bits; 2^20 keeps collisions rare (+0.004 APGR on MMLU over 2^18) and costs nothing, since only n-grams seen in training are stored. */
  bits?: number;
  /** N-grams seen in fewer training prompts are dropped (they are noise and most of the file). */
  minDf?: number;
  maxIterations?: number;
  clock?: Clock;
}

/** Fewer than this and the validation split cannot say anything about a threshold. */
export const MIN_RECORDS = 20;
/** Training holds every row in memory; past this, sample the records first. */
export const MAX_RECORDS = 1_000_000;
/** Curve points kept in the model file: thresholds to 0.2% of traffic are plenty. */
const CURVE_POINTS = 500;

/**
 * Trains a learned router from outcome records: TF-IDF over hashed word uni- and bigrams plus
 * prompt statistics, and three logistic heads (see `RouterHeads`) whose mean estimates the cheap
 * answer's win rate against the strong one (`(1 + weakScore − strongScore) / 2`: 1 cheap better,
 * 0.5 tie, 0 strong better). Identical prompts stay on one side of the split. Deterministic for a
 * given seed.
 *
 * @example
 * const router = trainRouter(records, { seed: 1 });
 * router.thresholdFor(0.95).threshold; router.score('Prove that √2 is irrational.');
 */
export function trainRouter(records: readonly RouterRecord[], options: TrainRouterOptions = {}): LearnedRouter {
  const { seed = 1, validationFraction = 0.2, statsWeight = 0.05, bits = 20, minDf = 2, maxIterations = 300, clock = systemClock } = options;
  if (!(validationFraction > 0 && validationFraction < 1)) throw invalid(`validationFraction: expected a number between 0 and 1, got ${validationFraction}`);
  if (!(Number.isInteger(bits) && bits >= 10 && bits <= 22)) throw invalid(`bits: expected an integer from 10 to 22, got ${bits}`);
  checkRecords(records);
  const { train, validation } = splitByPrompt(records, validationFraction, seed);
  if (train.length === 0 || validation.length === 0) {
    throw invalid(`records: ${new Set(records.map((r) => r.prompt)).size} distinct prompts cannot be split into training and validation; add records`);
  }

  const features = RouterFeatures.fit(
    train.map((r) => r.prompt),
    { bits, minDf, statsWeight },
  );
  const rows = train.map((r) => features.row(r.prompt));
  const l2 = options.l2 ?? 2.5 / train.length;
  let iterations = 0;
  const head = (targets: number[]): LinearHead => {
    const model = fitLogistic(rows, targets, features.size, { l2, maxIterations });
    iterations += model.iterations;
    // Quantised now, so the validation curve below is exactly that of the saved file.
    return { weights: quantizeWeights(model.weights), bias: model.bias };
  };
  const heads: RouterHeads = {
    gap: head(train.map((r) => (1 + r.weakScore - r.strongScore) / 2)),
    weak: head(train.map((r) => r.weakScore)),
    strong: head(train.map((r) => r.strongScore)),
  };

  const scores = validation.map((r) => combineHeads(heads, features.row(r.prompt)));
  const curve = qualityCurve(scores, validation);
  return new LearnedRouter({
    features,
    minDf,
    heads,
    validation: {
      records: validation.length,
      weakQuality: (curve[0] as CurvePoint).quality,
      strongQuality: (curve[curve.length - 1] as CurvePoint).quality,
      apgr: apgr(curve),
      curve: thin(curve, CURVE_POINTS),
    },
    training: { records: train.length, seed, l2, iterations, validationFraction, trainedAt: new Date(clock.now()).toISOString() },
  });
}

function invalid(message: string): SwitchyardError {
  return new SwitchyardError('invalid_request', `cannot train a router: ${message}`);
}

function checkRecords(records: readonly RouterRecord[]): void {
  if (!Array.isArray(records)) throw invalid('records: expected an array of { prompt, weakScore, strongScore }');
  if (records.length < MIN_RECORDS) throw invalid(`records: ${records.length} given, at least ${MIN_RECORDS} needed`);
  if (records.length > MAX_RECORDS) throw invalid(`records: ${records.length} given, at most ${MAX_RECORDS} (sample them)`);
  let differ = false;
  records.forEach((record: unknown, i) => {
    if (record === null || typeof record !== 'object') throw invalid(`records[${i}]: expected an object, got ${record === null ? 'null' : typeof record}`);
    const r = record as Record<string, unknown>;
    if (typeof r.prompt !== 'string') throw invalid(`records[${i}].prompt: expected a string, got ${typeof r.prompt}`);
    for (const field of ['weakScore', 'strongScore'] as const) {
      const value = r[field];
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw invalid(`records[${i}].${field}: expected a number in [0, 1], got ${JSON.stringify(value) ?? 'nothing'}`);
    }
    if (r.weakScore !== r.strongScore) differ = true;
  });
  if (!differ) throw invalid('records: weakScore equals strongScore in every record, so there is no difference to learn');
}

/** Distinct prompts are shuffled with the seed; the first `fraction` of them are validation. */
function splitByPrompt(records: readonly RouterRecord[], fraction: number, seed: number): { train: RouterRecord[]; validation: RouterRecord[] } {
  // Sorted first, so the split depends on the set of prompts, not on the order records came in.
  const prompts = shuffled([...new Set(records.map((r) => r.prompt))].sort(), seededRandom(seed));
  const held = new Set(prompts.slice(0, Math.round(prompts.length * fraction)));
  const train: RouterRecord[] = [];
  const validation: RouterRecord[] = [];
  for (const record of records) (held.has(record.prompt) ? validation : train).push(record);
  return { train, validation };
}

/** At most about `count` points, evenly spaced in strong share, always with both ends. */
function thin(curve: readonly CurvePoint[], count: number): CurvePoint[] {
  if (curve.length <= count) return [...curve];
  const kept: CurvePoint[] = [curve[0] as CurvePoint];
  let next = 1 / count;
  for (let k = 1; k < curve.length - 1; k++) {
    const point = curve[k] as CurvePoint;
    if (point.strongShare >= next) {
      kept.push(point);
      next = point.strongShare + 1 / count;
    }
  }
  kept.push(curve[curve.length - 1] as CurvePoint);
  return kept;
}

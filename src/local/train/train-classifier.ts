import { SwitchyardError } from '../../core/errors.js';
import { seededRandom } from '../../core/seeded-random.js';
import { validationMetrics } from '../calibration/metrics.js';
import { labelShortfalls } from '../calibration/label-shortfalls.js';
import { fitTemperature } from '../calibration/temperature.js';
import { THRESHOLD_TEST } from '../calibration/certification.js';
import { chooseThreshold, type ScoredOutcome } from '../calibration/threshold.js';
import { LocalClassifier } from '../classifier.js';
import { chooseUnseenCutoff } from '../calibration/unseen-cutoff.js';
import { certifyWithGate, type DistanceGate, fitDistanceGate } from '../distance-gate.js';
import { trainCentreLossEmbedding } from './centre-loss-embedding.js';
import { type Featurizer, fitAndFeaturize } from '../features/featurizer.js';
import { crossFitScores, stratifiedFolds } from './cross-fit.js';
import { fewestWordNgrams, WordVocabulary } from '../features/word-vocabulary.js';
import type { FeaturizerConfig } from '../features/featurizer-config.js';
import { rowOf, rowRange, type SparseDataset } from '../sparse-dataset.js';
import type { Example } from '../types.js';
import { trainingDataHash } from './data-hash.js';
import { scoreInto, softmaxInPlace } from './linear-model.js';
import { resolveTrainOptions } from './resolve-options.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import { stratifiedSplit } from './split.js';
import type { ResolvedTrainOptions, TrainOptions, TrainProgress } from './train-options.js';
import { type SoftmaxOptions, type SoftmaxRun, trainSoftmax } from './train-softmax.js';
import { validateExamples } from './validate-examples.js';

/** Weights a model may have (float32 while training: 200 MB), so odd data cannot exhaust memory. */
const MAX_WEIGHTS = 50_000_000;

/** Folds of cross-fitting: each fold model trains on 80% of the data, as a 20% hold-out would. */
const CROSS_FIT_FOLDS = 5;

/**
 * Trains a local classifier on the CPU, synchronously (use `trainInWorker` from a server):
 * stratified hold-out → TF-IDF n-gram features → softmax regression → temperature and
 * confidence threshold fitted on the held-out part → a short warm-started refit on all data.
 * Below `crossFitBelow` examples (2,000), every example is held out once by 5-fold cross-fitting
 * instead, and the served model is trained on all of them.
 * Deterministic for a given seed and data.
 *
 * @example
 * const model = trainClassifier(examples, { minPrecision: 0.95, seed: 7 });
 * model.info.metrics // { accuracy: 0.91, coverage: 0.9, precision: 0.95, … } on held-out data
 */
export function trainClassifier(examples: readonly Example[], options: TrainOptions = {}): LocalClassifier {
  const { train: o, featurizer: config } = resolveTrainOptions(options);
  const counted = validateExamples(examples, o.minExamplesPerLabel);
  const labels = counted.map(([label]) => label);
  if (options.outOfScopeLabel !== undefined && !labels.includes(options.outOfScopeLabel)) {
    throw new SwitchyardError('invalid_request', `outOfScopeLabel "${options.outOfScopeLabel}" labels no example (labels: ${labels.slice(0, 20).join(', ')}${labels.length > 20 ? ', …' : ''})`, { param: 'outOfScopeLabel' });
  }
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const random = seededRandom(o.seed);
  const report = options.onProgress ?? (() => undefined);
  const sgd = { learningRate: o.learningRate, l2: o.l2, random };
  // Small data sets are cross-fitted: a 10% hold-out of a few hundred texts is too few to certify
  // a precision target (under ~52 right answers never reach 95% at the Wilson margin), and one
  // text per label cannot calibrate 150 labels.
  const fit = examples.length < o.crossFitBelow ? crossFit(examples, labels, labelIndex, config, o, sgd, report) : holdOut(examples, labels, labelIndex, config, o, sgd, report);
  const { held, truth, scores, unseen } = fit;

  const temperature = fitTemperature(scores, truth);
  const outOfScope = options.outOfScopeLabel === undefined ? -1 : (labelIndex.get(options.outOfScopeLabel) ?? -1);
  // Labels with too few examples to certify are learnt (they still draw their requests away from
  // the others) but never answered: their held-out rows are one batch with their training rows.
  const escalatedLabels = counted.filter(([label, count]) => count < o.minExamplesToAnswer && label !== options.outOfScopeLabel).map(([label]) => label);
  const escalatedIndex = new Uint8Array(labels.length);
  for (const label of escalatedLabels) escalatedIndex[labelIndex.get(label) as number] = 1;
  // How new each held-out text's words are to the part it was not trained on (the served
  // featurizer knows every text, so it cannot tell): the cut-off lets about maxUnfamiliarShare of them escalate.
  const maxUnseenWordShare = chooseUnseenCutoff(
    unseen,
    o.maxUnfamiliarShare,
    held.map((e) => e.weight ?? 1),
  );
  const predicted = new Int32Array(scores.length);
  let outcomes: ScoredOutcome[] = scores.map((s, i) => {
    const best = softmaxInPlace(s, temperature);
    predicted[i] = best;
    // An out-of-scope or unfamiliar request escalates at any threshold: confidence -1 keeps it unanswered.
    const escalates = best === outOfScope || escalatedIndex[best] === 1 || (maxUnseenWordShare !== null && (unseen[i] as number) > maxUnseenWordShare);
    const outcome: ScoredOutcome = { confidence: escalates ? -1 : Math.fround(s[best] as number), correct: best === truth[i] };
    const weight = (held[i] as Example).weight;
    if (weight !== undefined && weight !== 1) outcome.weight = weight;
    return outcome;
  });
  let { threshold } = chooseThreshold(outcomes, o.minPrecision, o.precisionZ);
  let gate: DistanceGate | null = null;
  // How the gate's cut-off was chosen, for the record: by share (maxDistantShare, or less when the
  // coverage floor halved it) or jointly with the threshold, and the share of held-out requests beyond it.
  let gateChoice: { distanceGateShare: number; distanceGateRule: string } | null = null;
  if (fit.gate) {
    const { gate: open, rows } = fit.gate;
    const ratios = Array.from(predicted, (label, i) => {
      const x = rowOf(rows, i);
      return open.ratio(x, x.indices.length, label);
    });
    const joint = certifyWithGate(outcomes, ratios, o.minPrecision, o.precisionZ, o.maxDistantShare);
    // No gate certified (or it cost too much coverage): the model serves on max-probability alone.
    if (joint) {
      ({ threshold, outcomes } = joint);
      gate = open.withMaxRatio(joint.maxRatio);
      gateChoice = { distanceGateShare: joint.share, distanceGateRule: joint.rule };
    }
  }
  const { featurizer, total } = fit;
  report({ stage: 'done', done: total, total });
  return new LocalClassifier(featurizer, fit.final.model, labels, {
    temperature,
    threshold,
    minPrecision: o.minPrecision,
    metrics: { ...validationMetrics(outcomes, threshold), labelShortfalls: labelShortfalls(outcomes, truth, labels, threshold, o.minPrecision, o.precisionZ) },
    trainingDataHash: trainingDataHash(examples),
    createdAt: new Date((options.now ?? Date.now)()).toISOString(),
    trainExamples: examples.length,
    outOfScopeLabel: options.outOfScopeLabel ?? null,
    escalatedLabels,
    labelExamples: counted.map(([, count]) => count),
    maxUnseenWordShare,
    // Over every text the served model learnt from, so no held-out outcome above changes by it.
    fewestWordNgrams: fewestWordNgrams(
      examples.map((e) => e.text),
      config,
    ),
    maxDistanceRatio: gate?.maxRatio ?? null,
    precisionZ: o.precisionZ,
    training: { ...o, model: 'softmax-regression', validationExamples: held.length, crossFitFolds: fit.folds, thresholdTest: THRESHOLD_TEST, ...gateChoice },
  }, outcomes, gate);
}

type Report = (progress: TrainProgress) => void;
type Sgd = Pick<SoftmaxOptions, 'learningRate' | 'l2' | 'random'>;

/** Held-out scores (in `held` order) and the model to serve, by hold-out or by cross-fitting. */
interface Fit {
  featurizer: Featurizer;
  final: SoftmaxRun;
  held: readonly Example[];
  truth: number[];
  scores: Float64Array[];
  unseen: number[];
  folds: number;
  total: number;
  /** The distance gate before its cut-off, and the validation rows (in `held` order) to choose it on. */
  gate?: { gate: DistanceGate; rows: SparseDataset };
}

/**
 * Stratified hold-out → the held-out model scores the validation part → a short warm-started
 * refit on all data (the held-out figures then describe a slightly weaker model than the one served).
 */
function holdOut(examples: readonly Example[], labels: string[], labelIndex: Map<string, number>, config: FeaturizerConfig, o: ResolvedTrainOptions, sgd: Sgd, report: Report): Fit {
  const total = o.epochs + o.refitEpochs;
  report({ stage: 'features', done: 0, total });
  const groups = nearDuplicateGroups(examples, o.nearDuplicateJaccard, o.validationShare);
  const { train, validation, rows } = stratifiedSplit(examples, o.validationShare, sgd.random, groups, o.validationOrder);
  // Vocabulary and IDF use no labels, so they are fitted on every text: columns the validation
  // texts add keep zero weight in the held-out model, and the refit can use them. Fitted in the
  // examples' order (which of two colliding n-grams names a bucket's block depends on it), then
  // train rows first and validation rows after, in one packed dataset: the refit trains on all.
  const { featurizer, data: allData } = featurizeInOrder(examples, rows, config);
  checkSize(featurizer, labels);
  const trainData = rowRange(allData, 0, train.length);
  const validationData = rowRange(allData, train.length, allData.rows);
  const trainLabels = Int32Array.from(train, (e) => labelIndex.get(e.label) as number);
  const shape = { dimension: featurizer.dimension, classes: labels.length };
  // The held-out model is trained on further by the refit (in place): score validation first.
  const heldOut = trainSoftmax(trainData, trainLabels, shape, { ...sgd, epochs: o.epochs, onEpoch: (done) => report({ stage: 'train', done, total }) });
  report({ stage: 'calibrate', done: o.epochs, total });
  const truth = validation.map((e) => labelIndex.get(e.label) as number);
  const scores = truth.map((_, i) => scoreInto(heldOut.model, rowOf(validationData, i), new Float64Array(labels.length)));
  const vocabulary = new WordVocabulary(
    train.map((e) => e.text),
    config,
  );
  const unseen = validation.map((e) => vocabulary.unseenShare(e.text));
  // The gate's network is trained on the train part only, and served as it is (no refit): the
  // cut-off is chosen on validation texts it has never seen.
  let gate: Fit['gate'];
  if (o.distanceGate) {
    const embedding = trainCentreLossEmbedding(trainData, trainLabels, featurizer.dimension, labels.length, seededRandom(o.seed));
    gate = { gate: fitDistanceGate(embedding, trainData, trainLabels, labels.length), rows: validationData };
  }
  let final = heldOut;
  if (o.refitEpochs > 0) {
    const allLabels = Int32Array.from([...trainLabels, ...truth]);
    final = trainSoftmax(allData, allLabels, shape, { ...sgd, epochs: o.refitEpochs, resume: heldOut, onEpoch: (done) => report({ stage: 'refit', done: o.epochs + done, total }) });
  }
  return { featurizer, final, held: validation, truth, scores, unseen, folds: 1, total, ...(gate ? { gate } : {}) };
}

/**
 * Cross-fitting: every example is scored by a model trained on the other folds, then the served
 * model is trained from scratch on all of them for the same epochs (no refit: it is one of the
 * fold models with a quarter more data, not a model trained twice as long).
 */
function crossFit(examples: readonly Example[], labels: string[], labelIndex: Map<string, number>, config: FeaturizerConfig, o: ResolvedTrainOptions, sgd: Sgd, report: Report): Fit {
  const folds = CROSS_FIT_FOLDS;
  const total = (folds + 1) * o.epochs;
  report({ stage: 'features', done: 0, total });
  const of = stratifiedFolds(examples, folds, sgd.random, nearDuplicateGroups(examples, o.nearDuplicateJaccard, 1 / folds), o.validationOrder);
  const { featurizer, data } = fitAndFeaturize(
    examples.map((e) => e.text),
    config,
  );
  checkSize(featurizer, labels);
  const truth = examples.map((e) => labelIndex.get(e.label) as number);
  const y = Int32Array.from(truth);
  const { scores, unseen } = crossFitScores(examples, data, y, featurizer, { of, count: folds }, labels.length, { ...sgd, epochs: o.epochs }, (f, done) => report({ stage: 'train', done: f * o.epochs + done, total }));
  report({ stage: 'calibrate', done: folds * o.epochs, total });
  const shape = { dimension: featurizer.dimension, classes: labels.length };
  const final = trainSoftmax(data, y, shape, { ...sgd, epochs: o.epochs, onEpoch: (done) => report({ stage: 'refit', done: folds * o.epochs + done, total }) });
  return { featurizer, final, held: examples, truth, scores, unseen, folds, total };
}

function checkSize(featurizer: Featurizer, labels: readonly string[]): void {
  if (featurizer.dimension * labels.length > MAX_WEIGHTS) {
    throw new SwitchyardError(
      'invalid_request',
      `the model would need ${featurizer.dimension * labels.length} weights (${featurizer.dimension} features × ${labels.length} labels), over the limit of ${MAX_WEIGHTS}; raise featurizer.minDf, lower featurizer.hashBits or merge labels`,
    );
  }
}

/** Features of every example (fitted in their order), rows in `rows` order, packed in that order (no reordered copy). */
function featurizeInOrder(examples: readonly Example[], rows: Int32Array, config: FeaturizerConfig): { featurizer: Featurizer; data: SparseDataset } {
  return fitAndFeaturize(
    examples.map((e) => e.text),
    config,
    true,
    rows,
  );
}

import { SwitchyardError } from '../core/errors.js';
import { THRESHOLD_TEST } from './calibration/certification.js';
import { chooseThreshold, type ScoredOutcome } from './calibration/threshold.js';
import type { DistanceGate } from './distance-gate.js';
import { type Featurizer, SparseBuffer } from './features/featurizer.js';
import { type LinearModel, scoreInto, softmaxInPlace } from './train/linear-model.js';
import { type SimdScorer, simdScorer } from './train/simd-scorer.js';
import type { Prediction, ValidationMetrics } from './types.js';

/** How a model was trained and how it performed on held-out data; stored in the model file. */
export interface ModelInfo {
  /** Temperature fitted on validation: probabilities are softmax(scores / temperature). */
  temperature: number;
  /** Answer locally when the calibrated confidence is ≥ this; Infinity escalates everything. */
  threshold: number;
  /** The precision target the threshold was chosen for. */
  minPrecision: number;
  metrics: ValidationMetrics;
  /** sha256 of the training examples (text and label, in order): the data version. */
  trainingDataHash: string;
  /** ISO time the model was trained. */
  createdAt: string;
  trainExamples: number;
  /** The label that stands for "none of these" (always escalated), if the model was trained with one. */
  outOfScopeLabel: string | null;
  /**
   * Labels with too few training examples to certify (`minExamplesToAnswer`): learnt, but a
   * request given one escalates. Empty in files written before 2026-12-04.
   */
  escalatedLabels: readonly string[];
  /** Training examples of each label, in `labels` order (absent in files written before it was recorded, 2026-12-04). */
  labelExamples?: readonly number[];
  /**
   * A request whose share of word n-grams unseen in training is above this escalates as out of
   * domain (chosen so that about `maxUnfamiliarShare` of held-out in-scope requests are); null:
   * no such check (files written before it existed, or turned off).
   */
  maxUnseenWordShare: number | null;
  /**
   * The fewest word uni/bi-gram occurrences of any training text: a request with fewer escalates as
   * too short to judge (a lone "a" or "1234" is scored from one or two features, and its confidence
   * is not calibrated). null: no such check (files written before it, 2026-12-05 12:00).
   */
  fewestWordNgrams: number | null;
  /**
   * The distance gate's cut-off (distance to the label's centre over its radius), certified with
   * `threshold` at `minPrecision`; null: no gate (trained without it, or files before it existed,
   * 2026-12-05). At other precision targets (`forPrecision`) the gate stays and the threshold moves.
   */
  maxDistanceRatio: number | null;
  /** Wilson margin (z) the threshold was chosen with; `thresholdFor` uses it too. */
  precisionZ: number;
  /** Training settings, for the record (seed, epochs, learning rate, …). */
  training: Record<string, number | boolean | string>;
}

/**
 * A trained local classifier: featurizer + linear model + calibration + threshold. `predict`
 * runs on the request path (about 0.1 ms); a request is escalated when its calibrated
 * confidence is below the threshold, when it shares no n-gram with the training data, when too
 * many of its words are new to the training data (`unfamiliar`), or when its label is the
 * out-of-scope label or one with too few examples to certify (`escalatedLabels`).
 *
 * @example
 * const model = await loadModel('support-intent.sylm');
 * model.predict('my card has not arrived') // { label: 'card_arrival', confidence: 0.97, escalate: false }
 */
export class LocalClassifier {
  readonly labels: readonly string[];
  readonly info: ModelInfo;
  readonly featurizer: Featurizer;
  readonly linear: LinearModel;
  /** Calibrated confidence and correctness of each validation example, for other precision targets. */
  readonly validation: readonly ScoredOutcome[];
  private readonly scratch: Float64Array;
  /** The request's feature vector, reused: `predict` allocates nothing but its answer. */
  private readonly features = new SparseBuffer();
  /** Scores a decoded (served) model's requests with WebAssembly SIMD, to the same bits. */
  private readonly simd: SimdScorer | undefined;
  /** 1 for each label index that always escalates (the out-of-scope label and `escalatedLabels`). */
  private readonly escalatedIndex: Uint8Array;
  /** The second out-of-scope check, when trained with `distanceGate`. */
  readonly distanceGate: DistanceGate | null;

  constructor(featurizer: Featurizer, linear: LinearModel, labels: readonly string[], info: ModelInfo, validation: readonly ScoredOutcome[] = [], distanceGate: DistanceGate | null = null) {
    if (labels.length !== linear.classes) throw new SwitchyardError('internal', `model has ${linear.classes} classes but ${labels.length} labels`);
    if ((info.maxDistanceRatio ?? null) !== (distanceGate?.maxRatio ?? null)) throw new SwitchyardError('internal', `model info's maxDistanceRatio (${info.maxDistanceRatio}) disagrees with its distance gate (${distanceGate?.maxRatio ?? 'none'})`);
    this.distanceGate = distanceGate;
    this.featurizer = featurizer;
    this.linear = linear;
    this.labels = labels;
    this.info = info;
    this.validation = validation;
    this.scratch = new Float64Array(linear.classes);
    this.simd = simdScorer(linear);
    this.escalatedIndex = new Uint8Array(labels.length);
    for (const label of [...info.escalatedLabels, ...(info.outOfScopeLabel === null ? [] : [info.outOfScopeLabel])]) {
      const index = labels.indexOf(label);
      if (index < 0) throw new SwitchyardError('internal', `escalated label "${label}" is not one of the model's labels`);
      this.escalatedIndex[index] = 1;
    }
  }

  /** The label, its calibrated confidence, and whether to escalate to the large model. */
  predict(text: string): Prediction {
    if (typeof text !== 'string') throw new SwitchyardError('invalid_request', `text to classify must be a string, got ${text === null ? 'null' : typeof text}`, { param: 'text' });
    const n = this.featurizer.transformInto(text, this.features);
    const probabilities = this.simd ? this.simd.scoreInto(this.features, this.scratch, n) : scoreInto(this.linear, this.features, this.scratch, n);
    const index = softmaxInPlace(probabilities, this.info.temperature);
    const confidence = probabilities[index] as number;
    const label = this.labels[index] as string;
    const { unseenWordShare } = this.features;
    const cutoff = this.info.maxUnseenWordShare;
    const unfamiliar = cutoff !== null && unseenWordShare > cutoff;
    const fewest = this.info.fewestWordNgrams;
    const short = fewest !== null && this.features.wordNgrams < fewest;
    const escalate = n === 0 || unfamiliar || short || confidence < this.info.threshold || this.escalatedIndex[index] === 1;
    const distant = this.distanceGate !== null && this.distanceGate.ratio(this.features, n, index) > this.distanceGate.maxRatio;
    const prediction: Prediction = { label, confidence, escalate: escalate || distant, unseenWordShare, unfamiliar };
    if (short) prediction.short = true;
    if (this.distanceGate !== null) prediction.distant = distant;
    return prediction;
  }

  /** Calibrated probability of every label, in `labels` order (a copy). */
  probabilities(text: string): Float64Array {
    const scores = scoreInto(this.linear, this.featurizer.transform(text), new Float64Array(this.linear.classes));
    softmaxInPlace(scores, this.info.temperature);
    return scores;
  }

  /** The threshold the model's validation split gives for another precision target (same margin). */
  thresholdFor(minPrecision: number): number {
    return chooseThreshold(this.validation, minPrecision, this.info.precisionZ).threshold;
  }

  /**
   * The same model answering at another precision target, its threshold chosen on the model's
   * own validation split (never on the data it is then evaluated on).
   */
  forPrecision(minPrecision: number): LocalClassifier {
    const threshold = this.thresholdFor(minPrecision);
    // Chosen now, by today's test, whatever test chose the file's own threshold.
    const training = { ...this.info.training, thresholdTest: THRESHOLD_TEST };
    return new LocalClassifier(this.featurizer, this.linear, this.labels, { ...this.info, threshold, minPrecision, training }, this.validation, this.distanceGate);
  }
}

import type { FeaturizerConfig } from '../features/featurizer-config.js';

/** Where training is, for progress bars; plain data so it can cross a worker boundary. */
export interface TrainProgress {
  stage: 'features' | 'train' | 'calibrate' | 'refit' | 'done';
  /** Epochs done of `total` in the training stages; 0/1 or 1/1 otherwise. */
  done: number;
  total: number;
}

export interface TrainOptions {
  /** Seed for the split and SGD order: same seed, same data → the same model bytes. */
  seed?: number;
  /** Precision the confidence threshold is chosen for, on validation (default 0.95). */
  minPrecision?: number;
  /**
   * Safety margin for the threshold, in standard errors: the held-out precision's Wilson lower
   * bound at this z must reach `minPrecision` (default 1.645, 95% one-sided confidence; 0 =
   * the plain held-out precision, which lands below target about half the time on new data).
   */
  precisionZ?: number;
  /** Share of each label held out for calibration and threshold choice (default 0.1). */
  validationShare?: number;
  /**
   * Which examples calibrate and certify the threshold (default `newest`): the last
   * `validationShare` of each label in the order given (cross-fitting folds become runs of
   * consecutive examples), or `random`, a seeded shuffle per label (what a route's retraining
   * uses: once a model is live, its newest plain examples are only the ones it escalated). The promise is about requests the model has not seen, and those
   * come after its training data: a random hold-out leaves a near-twin of most held-out rows in
   * training when a file or traffic comes in batches of one writer's phrasings, and certified
   * 95% where CLINC150's test realised 93.9%; the newest share realised 95.4–95.5% there
   * (3 seeds). It is harsher where the order is by topic: SQuAD questions sorted by paragraph
   * answered 18–25% instead of 88% (docs/measurements.md, "newest share", 2026-12-02).
   */
  validationOrder?: ValidationOrder;
  /**
   * With fewer examples than this, calibration and the threshold come from 5-fold cross-fitting
   * (every example scored by a model that never saw it) instead of the hold-out, and the served
   * model is trained on all examples from scratch (default 2000; 0 = always the hold-out).
   * A 10% hold-out of a small file is too few answers to certify a precision target.
   */
  crossFitBelow?: number;
  /**
   * Texts of one label whose word sets overlap at least this much (Jaccard) are held out or
   * cross-fitted together, as exact copies are (default 0 = exact copies only; 0.5 groups one writer's variants). Files come
   * in batches of one writer's paraphrases: a held-out row whose near-twin was trained on reads
   * as easy, and the threshold chosen on it over-states precision on new phrasings. Off by
   * default: at 0.5 it lifted CLINC150's realised precision from 92.6% to 94.0% and SQuAD's to
   * 95.4%, but cost banking77 3 points of coverage and its 91% accuracy target, MMLU 24 points, a 160-row file all of it
   * (docs/measurements.md, 2026-12-02).
   */
  nearDuplicateJaccard?: number;
  /** Fewer examples than this for any label is an error naming the label (default 5). */
  minExamplesPerLabel?: number;
  /**
   * A label with fewer examples than this is learnt but never answered locally: a request the
   * model gives it escalates, and the threshold is certified on the other labels' answers
   * (default 40; 0 = every label may answer). A label's few held-out rows were written with its
   * training rows, often in one batch of one writer's phrasings, so they show how the model reads
   * that batch, not the phrasings traffic brings. Trained on the first k rows per intent of
   * CLINC150's training file and measured on the file's later rows, the certified threshold
   * realised 90.0%, 88.4% and 93.2% at k = 5, 10, 20 and 95.5–96.0% from k = 40 (3 seeds); on
   * banking77, whose file is not in batches, 95.0–99.3% wherever it answered. Not enough for a
   * file sorted by topic: SQuAD's first 40 questions per article realised 90.5–91.7% on later paragraphs (50:
   * 95.0–98.7%); 50 would have cost banking77 its 85% coverage bar (two of its labels have 35
   * and 41 examples). docs/measurements.md, "rows per label", 2026-12-04. A route's retraining
   * passes 0: its examples are samples of its own traffic, held out at random, drawn as its next
   * requests are.
   */
  minExamplesToAnswer?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  featurizer?: Partial<FeaturizerConfig>;
  /**
   * After calibration, continue training for this many epochs on train + validation, keeping the
   * temperature and threshold from the held-out run (default 2; 0 = serve the held-out model).
   * The held-out figures then describe a slightly weaker model than the one served.
   */
  refitEpochs?: number;
  /**
   * Label of examples that belong to none of the route's labels (e.g. requests the teacher
   * marked as out of scope). The model learns it as a class, and a request predicted as it
   * always escalates.
   */
  outOfScopeLabel?: string;
  /**
   * Share of held-out in-scope requests the unfamiliarity check may escalate (default 0.01; 0
   * turns it off). A request more of whose word n-grams are new to the training data than that
   * share of held-out requests had escalates, whatever its confidence: the classifier places
   * text from outside its domain on some label, often confidently.
   */
  maxUnfamiliarShare?: number;
  /**
   * Train a second out-of-scope check (default true; false turns it off): a 32-dimensional
   * centre-loss network over the same features; a request whose embedding is further from its
   * label's centre (over the label's radius) than a cut-off escalates. The cut-off is chosen on the
   * validation split so that about `maxDistantShare` of the answerable held-out requests are beyond
   * it, and the confidence threshold is certified with the gate in place, so `confidence` stays
   * the calibrated probability; a gate that would cost more held-out coverage than that share is
   * loosened, or left out; a joint certification is taken instead where it answers far more held-out
   * requests. Hold-out training only (≥ `crossFitBelow` examples): the network must not have seen
   * the texts its cut-off is chosen on. Costs 1.6–1.8 s of training CPU on 10k texts (banking77)
   * and 32 int8 weights per feature column (+1.3 MB there). docs/local-models.md, "Distance gate".
   */
  distanceGate?: boolean;
  /**
   * Share of answerable held-out in-scope requests the distance gate's cut-off may escalate
   * (default 0.025). Larger escalates more out-of-scope requests and costs more coverage.
   */
  maxDistantShare?: number;
  /** Epoch-level progress. */
  onProgress?: (progress: TrainProgress) => void;
  /** Time source for `createdAt` (default Date.now). */
  now?: () => number;
}

export type ValidationOrder = 'random' | 'newest';

/** Settings after defaults, as recorded in the model file. */
export interface ResolvedTrainOptions {
  seed: number;
  minPrecision: number;
  precisionZ: number;
  validationShare: number;
  crossFitBelow: number;
  nearDuplicateJaccard: number;
  minExamplesPerLabel: number;
  minExamplesToAnswer: number;
  epochs: number;
  learningRate: number;
  l2: number;
  refitEpochs: number;
  maxUnfamiliarShare: number;
  validationOrder: ValidationOrder;
  distanceGate: boolean;
  maxDistantShare: number;
}

export const TRAIN_DEFAULTS: ResolvedTrainOptions = {
  seed: 1,
  minPrecision: 0.95,
  precisionZ: 1.645,
  validationShare: 0.1,
  crossFitBelow: 2000,
  nearDuplicateJaccard: 0,
  minExamplesPerLabel: 5,
  minExamplesToAnswer: 40,
  epochs: 6,
  learningRate: 0.1,
  l2: 1e-6,
  refitEpochs: 2,
  maxUnfamiliarShare: 0.01,
  validationOrder: 'newest',
  distanceGate: true,
  maxDistantShare: 0.025,
};

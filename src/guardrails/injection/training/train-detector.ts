import { detectorFromModel } from '../load-detector.js';
import { InjectionDetector, type InjectionSource } from '../detector.js';
import { splitPastedDocuments } from '../pasted-documents.js';
import { decodeModelFile, encodeModelFile, type StoredHead } from '../model/model-file.js';
import { chooseFirstStage } from './first-stage.js';
import { injectionTrainingCodeHash } from './code-hash.js';
import { injectionDataHash } from './data-hash.js';
import { buildInjectionCorpus, type Example, type HardNegativesMode } from './datasets.js';
import { chooseThreshold, type FprAggregate, operatingPoint, type OperatingPoint } from './thresholds.js';
import { DEFAULT_HEAD_OPTIONS, type HeadTrainingOptions, indirectTrainingExamples, trainHead } from './train-heads.js';

export interface TrainDetectorOptions {
  head?: Partial<HeadTrainingOptions>;
  /** Mean per-source false-positive rate allowed on validation when picking the user head's threshold. */
  maxValidationFpr?: number;
  /**
   * The document head's rule: every validation source's false-positive rate at most this (the
   * maximum, not the mean, so a small hard set such as our e-mails cannot hide behind SQuAD).
   */
  maxIndirectValidationFpr?: number;
  /**
   * The document head's off-topic weight; by default chosen by category cross-validation (three
   * more trainings), which is skipped when this is given.
   */
  offTopicWeight?: number;
  /** Give the user head a first stage (`chooseFirstStage`, on the validation turns). Default true. */
  firstStage?: boolean;
  /** More validation injections the first stage must not clear (`chooseFirstStage`'s `morePositives`). */
  firstStagePositives?: readonly string[];
  /** Train the document head on the synthetic instructions to the AI reader too (`CorpusOptions.readerInstructions`; off by default). */
  readerInstructions?: boolean;
  /** How data/injection-hard-negatives/train.jsonl is used (`CorpusOptions.hardNegatives`; off by default). */
  hardNegatives?: HardNegativesMode;
}

/**
 * Weighting groups of the document head: attacks, requests and jailbreaks weigh equally among
 * positives; among negatives our hand-written documents (hard negatives: instructions addressed
 * to people) and banking77's customer questions each count as much as BIPIA's e-mails and the
 * Wikipedia passages together.
 */
export function indirectGroup(e: Pick<Example, 'label' | 'source'>): string {
  if (e.label === 1) return e.source.startsWith('bipia') ? 'bipia' : e.source.startsWith('request') ? 'request' : e.source.startsWith('reader') ? 'reader' : 'jailbreaks';
  if (e.source.startsWith('reader-lookalikes')) return 'reader-lookalikes';
  if (e.source.startsWith('hard-negatives')) return e.source;
  if (e.source.startsWith('benign-documents') || e.source.startsWith('benign-emails') || e.source.startsWith('banking77-questions')) return e.source;
  return e.source.startsWith('squad') ? 'squad' : 'email';
}

export interface CategoryFoldResult {
  categories: string[];
  threshold: number;
  recall: number;
  perCategory: Record<string, number>;
  fpr: Record<string, number>;
}

export interface CategoryCv {
  /** The off-topic weight with the best mean recall over the folds. */
  offTopicWeight: number;
  /** Mean recall over the folds per weight tried, keyed by the weight. */
  grid: Record<string, number>;
  /** Per fold, at the chosen weight. */
  folds: CategoryFoldResult[];
}

/** Off-topic weights tried by the category cross-validation. */
export const OFF_TOPIC_WEIGHTS: readonly number[] = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9];

/**
 * Validation of the document head on attack categories it has not seen: per fold, a head trained
 * without those BIPIA training-file categories, its threshold picked on the validation negatives
 * as for the shipped head, scored on those categories planted in validation e-mails. Picks the
 * off-topic weight with the best mean recall. One seed per fold (the shipped head
 * averages five), to keep training time down.
 *
 * @example crossValidateIndirect(buildInjectionCorpus('data/'), settings, 0.01).offTopicWeight
 */
export function crossValidateIndirect(
  corpus: ReturnType<typeof buildInjectionCorpus>,
  settings: HeadTrainingOptions,
  maxFpr: number,
  aggregate: FprAggregate = 'mean',
): CategoryCv {
  const heads = corpus.indirectFolds.map((fold) => trainHead(indirectTrainingExamples(fold.train), settings));
  const byWeight = OFF_TOPIC_WEIGHTS.map((weight) =>
    corpus.indirectFolds.map((fold, i) => {
      const trained = heads[i] as ReturnType<typeof trainHead>;
      const head = { model: trained.model, vectorizer: trained.vectorizer, threshold: 0.5, markers: settings.markers === true, offTopicWeight: weight };
      const scored = scoreExamples(new InjectionDetector({ user: head, indirect: head }), fold.val, 'indirect');
      const point = chooseThreshold(scored, maxFpr, aggregate);
      const counts: Record<string, [number, number]> = {};
      for (const e of scored) {
        if (e.label !== 1) continue;
        const c = (counts[e.category as string] ??= [0, 0]);
        c[0]++;
        if (e.score >= point.threshold) c[1]++;
      }
      const perCategory = Object.fromEntries(Object.entries(counts).map(([name, [n, flagged]]) => [name, flagged / n]));
      return { categories: fold.categories, threshold: point.threshold, recall: point.recall, perCategory, fpr: point.fpr };
    }),
  );
  const means = byWeight.map((folds) => folds.reduce((sum, f) => sum + f.recall, 0) / folds.length);
  let best = 0;
  means.forEach((m, i) => {
    if (m > (means[best] as number)) best = i;
  });
  return {
    offTopicWeight: OFF_TOPIC_WEIGHTS[best] as number,
    grid: Object.fromEntries(OFF_TOPIC_WEIGHTS.map((w, i) => [String(w), means[i] as number])),
    folds: byWeight[best] as CategoryFoldResult[],
  };
}

export interface TrainedDetector {
  /** The model file (gzip) to write to disk. */
  bytes: Uint8Array;
  detector: InjectionDetector;
  validation: Record<InjectionSource, OperatingPoint>;
  /** Document-head recall on unseen attack categories, and the off-topic weight it chose. */
  indirectCategoryCv?: CategoryCv;
  /** The document head at its threshold on the synthetic validation instructions to the AI reader and their look-alikes (`readerVal`). */
  readerValidation: OperatingPoint;
}

/**
 * The document head's threshold keeps every validation source (BIPIA e-mails, our e-mails, our
 * documents, SQuAD passages) at or under the 2% bar, rather than their mean under 1%: with the
 * mean, one flagged e-mail in 36 (2.8%) passed unnoticed beside 517 passages.
 */
export const INDIRECT_MAX_SOURCE_FPR = 0.02;

/**
 * The document head's L2 penalty, 300 times the user head's. It learns from about a hundred
 * attack strings in fifteen categories, so its weights tie attacks to their topics ("Caesar",
 * "photosynthesis"); a stronger penalty leaves more to the words every category shares.
 * Chosen by category cross-validation only (mean recall on held-out training-file categories,
 * thresholds on the validation negatives): 1e-6 72.6%, 1e-5 72.6%, 1e-4 74.0%, 3e-4 75.3%,
 * 1e-3 69.9%.
 */
export const INDIRECT_L2 = 3e-4;

/** The settings the shipped model was trained with (chosen on validation data). */
const LONG_BENIGN: ReadonlySet<string> = new Set(['bipia-email', 'benign-documents']);
/** SQuAD's questions weigh in with banking77's queries, not as a group of their own (see SQUAD_QUESTION_STEP). */
const SHORT_QUERIES: ReadonlySet<string> = new Set(['banking77-train', 'squad-questions']);

export const SHIPPED_HEAD_OPTIONS: HeadTrainingOptions = { ...DEFAULT_HEAD_OPTIONS, spec: { ...DEFAULT_HEAD_OPTIONS.spec, bits: 17 } };

/**
 * Trains both heads on the training splits, quantises them, then picks each threshold on the
 * validation split with the quantised model, so the thresholds fit exactly what ships. The
 * test split and the held-out sets are not touched here.
 *
 * @example const { bytes, validation } = trainInjectionDetector('data/');
 */
export function trainInjectionDetector(dataDir: string, options: TrainDetectorOptions = {}): TrainedDetector {
  const settings: HeadTrainingOptions = { ...SHIPPED_HEAD_OPTIONS, ...options.head };
  const maxFpr = options.maxValidationFpr ?? 0.01;
  const maxIndirectFpr = options.maxIndirectValidationFpr ?? INDIRECT_MAX_SOURCE_FPR;
  const corpus = buildInjectionCorpus(dataDir, { readerInstructions: options.readerInstructions === true, hardNegatives: options.hardNegatives ?? 'off' });
  // Pasted e-mails and documents count as one group of negatives, so that long benign text does not
  // outweigh the short prompts the head mostly sees; banking77 and SQuAD questions as another.
  const user = trainHead(corpus.user.train, { ...settings, groupOf: (e) => (e.label === 1 ? 'jailbreaks' : LONG_BENIGN.has(e.source) ? 'long-benign' : SHORT_QUERIES.has(e.source) ? 'short-queries' : e.source) });
  const indirectSettings: HeadTrainingOptions = { ...settings, l2: INDIRECT_L2, markers: true, groupOf: indirectGroup };
  const indirect = trainHead(indirectTrainingExamples(corpus.indirectTrain), indirectSettings);
  const meta: Record<string, unknown> = {
    dataHash: injectionDataHash(dataDir),
    codeHash: injectionTrainingCodeHash(),
    createdBy: 'scripts/train-injection.mjs',
    training: {
      ...settings,
      groupOf: undefined,
      indirect: {
        markers: true,
        l2: INDIRECT_L2,
        groups: 'bipia | request | jailbreaks vs benign-documents(-sentences) | benign-emails(-sentences) | banking77-questions(-sentences) | email | squad',
        threshold: `every validation source at most ${maxIndirectFpr}`,
        ...(options.readerInstructions === true ? { readerInstructions: 'data/injection-reader-instructions/train.jsonl' } : {}),
        ...(options.hardNegatives !== undefined && options.hardNegatives !== 'off' ? { hardNegatives: `data/injection-hard-negatives/train.jsonl (${options.hardNegatives})` } : {}),
      },
    },
    examples: { user: corpus.user.train.length, indirect: corpus.indirectTrain.length },
  };
  const heads = {
    user: { model: user.model, idf: user.idf ?? new Float32Array(user.vectorizer.dims).fill(1), threshold: 0.5 },
    indirect: { model: indirect.model, idf: indirect.idf ?? new Float32Array(indirect.vectorizer.dims).fill(1), threshold: 0.5, markers: true, offTopicWeight: 0 },
  };
  const indirectCategoryCv =
    options.offTopicWeight === undefined
      ? crossValidateIndirect(corpus, { ...indirectSettings, seeds: settings.seeds.slice(0, 1) }, maxIndirectFpr, 'max')
      : undefined;
  heads.indirect.offTopicWeight = options.offTopicWeight ?? (indirectCategoryCv as CategoryCv).offTopicWeight;
  if (indirectCategoryCv !== undefined) meta.indirectCategoryCv = indirectCategoryCv;
  const quantised = detectorFromModel(decodeModelFile(encodeModelFile({ spec: settings.spec, heads, meta })));
  const indirectPoint = chooseThreshold(scoreExamples(quantised, corpus.indirectVal, 'indirect'), maxIndirectFpr, 'max');
  // The user threshold is chosen with the document head at its own threshold, as it ships: a block
  // pasted into a validation turn is judged by that head's bars, not by the user threshold.
  quantised.setThreshold(indirectPoint.threshold, 'indirect');
  const validation = {
    user: chooseThreshold(
      corpus.user.val.map((e) => ({ score: userTurnScore(quantised, e.text), label: e.label, source: e.source })),
      maxFpr,
    ),
    indirect: indirectPoint,
  };
  heads.user.threshold = validation.user.threshold;
  heads.indirect.threshold = validation.indirect.threshold;
  meta.validation = validation;
  // Reported, not chosen on: the threshold above comes from the validation negatives alone.
  const readerValidation = operatingPoint(scoreExamples(quantised, corpus.readerVal, 'indirect'), validation.indirect.threshold);
  meta.readerValidation = readerValidation;
  // The user head's first stage reads the same quantised weights, so it is chosen on them.
  const firstStage = chooseFirstStage(decodeModelFile(encodeModelFile({ spec: settings.spec, heads, meta })), corpus.user.val, options.firstStagePositives);
  if (options.firstStage !== false) {
    (heads.user as StoredHead).firstStage = firstStage.bar;
    meta.firstStage = { chosenOn: 'user validation turns: the lowest word logit of any injection', ...firstStage };
  }
  const bytes = encodeModelFile({ spec: settings.spec, heads, meta });
  return { bytes, detector: detectorFromModel(decodeModelFile(bytes)), validation, readerValidation, ...(indirectCategoryCv ? { indirectCategoryCv } : {}) };
}

/**
 * Scores examples with a detector, keeping label and source for the metrics.
 *
 * @example chooseThreshold(scoreExamples(detector, corpus.user.val, 'user'), 0.01)
 */
export function scoreExamples(detector: InjectionDetector, examples: readonly Example[], source: InjectionSource) {
  return examples.map((e) => ({ score: detector.score(e.text, { source }).score, label: e.label, source: e.source, category: e.category }));
}

/**
 * A user turn's score for choosing the user-turn threshold: the user-turn head's score of what
 * the user wrote, or 1 when a document pasted into the turn is flagged by its own bars (the
 * document head's threshold, `PASTED_USER_BAR`), which no user threshold changes. The score the
 * detector reports for such a turn puts each block on the turn's scale through the thresholds
 * themselves, so it cannot be compared with candidate thresholds: with the placeholder ones, an
 * e-mail's harmless block scoring 0.37 on the document head once set the user threshold at 0.37.
 *
 * @example chooseThreshold(examples.map((e) => ({ score: userTurnScore(detector, e.text), label: e.label, source: e.source })), 0.01)
 */
export function userTurnScore(detector: InjectionDetector, text: string): number {
  const pasted = splitPastedDocuments(text);
  if (pasted.documents.length === 0) return detector.score(text).score;
  // At a call threshold of 1 only the blocks' own bars (or a certain prompt) can flag the turn.
  if (detector.score(text, { threshold: 1 }).flagged) return 1;
  return pasted.prompt === '' ? 0 : detector.score(pasted.prompt).score;
}

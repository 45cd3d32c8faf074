import { detectorFromModel } from '../load-detector.js';
import type { InjectionDetector, InjectionSource } from '../detector.js';
import { decodeModelFile, encodeModelFile } from '../model/model-file.js';
import { injectionDataHash } from './data-hash.js';
import { buildInjectionCorpus, type Example } from './datasets.js';
import { chooseThreshold, type OperatingPoint } from './thresholds.js';
import { DEFAULT_HEAD_OPTIONS, type HeadTrainingOptions, indirectTrainingExamples, trainHead } from './train-heads.js';

export interface TrainDetectorOptions {
  head?: Partial<HeadTrainingOptions>;
  /** Mean per-source false-positive rate allowed on validation when picking thresholds. */
  maxValidationFpr?: number;
}

export interface TrainedDetector {
  /** The model file (gzip) to write to disk. */
  bytes: Uint8Array;
  detector: InjectionDetector;
  validation: Record<InjectionSource, OperatingPoint>;
}

/** The settings the shipped model was trained with (chosen on validation data). */
const LONG_BENIGN: ReadonlySet<string> = new Set(['bipia-email', 'benign-documents']);

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
  const corpus = buildInjectionCorpus(dataDir);
  // Pasted e-mails and documents count as one group of negatives, so that long benign text does not
  // outweigh the short prompts the head mostly sees.
  const user = trainHead(corpus.user.train, { ...settings, groupOf: (e) => (e.label === 1 ? 'jailbreaks' : LONG_BENIGN.has(e.source) ? 'long-benign' : e.source) });
  const indirect = trainHead(indirectTrainingExamples(corpus.indirectTrain), {
    ...settings,
    groupOf: (e) => (e.label === 1 ? (e.source.startsWith('bipia') ? 'bipia' : 'jailbreaks') : e.source),
  });
  const meta: Record<string, unknown> = {
    dataHash: injectionDataHash(dataDir),
    createdBy: 'scripts/train-injection.mjs',
    training: { ...settings, groupOf: undefined },
    examples: { user: corpus.user.train.length, indirect: corpus.indirectTrain.length },
  };
  const heads = {
    user: { model: user.model, idf: user.idf ?? new Float32Array(user.vectorizer.dims).fill(1), threshold: 0.5 },
    indirect: { model: indirect.model, idf: indirect.idf ?? new Float32Array(indirect.vectorizer.dims).fill(1), threshold: 0.5 },
  };
  const quantised = detectorFromModel(decodeModelFile(encodeModelFile({ spec: settings.spec, heads, meta })));
  const validation = {
    user: chooseThreshold(scoreExamples(quantised, corpus.user.val, 'user'), maxFpr),
    indirect: chooseThreshold(scoreExamples(quantised, corpus.indirectVal, 'indirect'), maxFpr),
  };
  heads.user.threshold = validation.user.threshold;
  heads.indirect.threshold = validation.indirect.threshold;
  meta.validation = validation;
  const bytes = encodeModelFile({ spec: settings.spec, heads, meta });
  return { bytes, detector: detectorFromModel(decodeModelFile(bytes)), validation };
}

/**
 * Scores examples with a detector, keeping label and source for the metrics.
 *
 * @example chooseThreshold(scoreExamples(detector, corpus.user.val, 'user'), 0.01)
 */
export function scoreExamples(detector: InjectionDetector, examples: readonly Example[], source: InjectionSource) {
  return examples.map((e) => ({ score: detector.score(e.text, { source }).score, label: e.label, source: e.source, category: e.category }));
}

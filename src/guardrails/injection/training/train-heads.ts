import { seededRandom } from '../../../core/seeded-random.js';
import { type DocumentWords, documentPieces, documentWords, markAddressee } from '../addressee-markers.js';
import { computeIdf, type FeatureSpec, HashedVectorizer } from '../model/hashed-features.js';
import { averageModels, type LinearModel, type TrainingExample, trainLogistic } from '../model/logistic.js';
import { normalizeText } from '../normalize/normalize-text.js';
import { segmentSpans } from '../segments.js';
import type { Example } from './datasets.js';

export interface HeadTrainingOptions {
  spec: FeatureSpec;
  epochs: number;
  l2: number;
  learningRate: number;
  /** One model is trained per seed (example order) and their weights are averaged. */
  seeds: readonly number[];
  /** Weight features by inverse document frequency (computed on the training texts). */
  idf: boolean;
  /** Append the addressee marker words to each text (the document head; see `markAddressee`). */
  markers?: boolean;
  /** Weighting groups (see `balancedWeights`); the source by default. */
  groupOf?: (e: Pick<Example, 'label' | 'source'>) => string;
}

export const DEFAULT_HEAD_OPTIONS: HeadTrainingOptions = {
  spec: { bits: 18, charMin: 3, charMax: 5, wordNgrams: 2 },
  epochs: 10,
  l2: 1e-6,
  learningRate: 0.1,
  seeds: [7, 8, 9, 10, 11],
  idf: true,
};

export interface TrainedHead {
  model: LinearModel;
  vectorizer: HashedVectorizer;
  idf: Float32Array | undefined;
}

/**
 * Weights so that positives and negatives count equally, and within each class every weighting
 * group counts equally: 1,500 banking queries must not outvote 130 technical prompts. The group
 * is the source unless `groupOf` says otherwise (jailbreak corpora are pooled, for instance, so
 * ten TAP prompts do not weigh as much as 400 in-the-wild ones).
 *
 * @example balancedWeights(examples, (e) => (e.label === 1 ? 'attacks' : e.source))
 */
export function balancedWeights(
  examples: readonly Pick<Example, 'label' | 'source'>[],
  groupOf: (e: Pick<Example, 'label' | 'source'>) => string = (e) => e.source,
): number[] {
  const perClass: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  for (const e of examples) perClass[e.label].set(groupOf(e), (perClass[e.label].get(groupOf(e)) ?? 0) + 1);
  return examples.map((e) => {
    const groups = perClass[e.label];
    return examples.length / (2 * groups.size * (groups.get(groupOf(e)) as number));
  });
}

/**
 * Trains one head on texts that are normalised exactly as the detector normalises them.
 *
 * @example const { model, vectorizer } = trainHead(corpus.user.train, DEFAULT_HEAD_OPTIONS);
 */
export function trainHead(examples: readonly Example[], options: HeadTrainingOptions): TrainedHead {
  const contexts = new Map<string, DocumentWords>();
  const wordsOf = (context: string) => {
    let words = contexts.get(context);
    if (words === undefined) contexts.set(context, (words = documentWords(normalizeText(context).text)));
    return words;
  };
  const plain = examples.map((e) => normalizeText(e.text).text);
  const texts = examples.map((e, i) => {
    const text = plain[i] as string;
    if (!options.markers) return text;
    return markAddressee(text, e.context === undefined ? undefined : wordsOf(e.context));
  });
  const idf = options.idf ? computeIdf(texts, options.spec) : undefined;
  const vectorizer = new HashedVectorizer(options.spec, idf);
  const weights = balancedWeights(examples, options.groupOf);
  const training: TrainingExample[] = examples.map((e, i) => ({
    vector: vectorizer.transform(texts[i] as string),
    label: e.label,
    weight: weights[i] as number,
  }));
  const models = options.seeds.map((seed) =>
    trainLogistic(training, {
      dims: vectorizer.dims,
      epochs: options.epochs,
      l2: options.l2,
      learningRate: options.learningRate,
      random: seededRandom(seed),
    }),
  );
  return { model: averageModels(models), vectorizer, idf };
}

/**
 * The indirect head learns from sentences, since that is what it scores: every attack string
 * is a positive whole, and every sentence of a benign document (and the whole document) is a
 * negative, labelled by the source it came from.
 *
 * @example trainHead(indirectTrainingExamples(corpus.indirectTrain), DEFAULT_HEAD_OPTIONS)
 */
export function indirectTrainingExamples(examples: readonly Example[], markers = true): Example[] {
  const out: Example[] = [];
  for (const e of examples) {
    out.push(e);
    if (e.label === 1) continue;
    const normalized = normalizeText(e.text).text;
    const spans = markers ? documentPieces(normalized) : segmentSpans(normalized);
    if (spans.length <= 1) continue;
    for (const [start, end] of spans) out.push({ ...e, text: normalized.slice(start, end), source: `${e.source}-sentences`, context: e.text });
  }
  return out;
}

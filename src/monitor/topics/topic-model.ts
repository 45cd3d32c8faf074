import type { Random } from '../../core/clock.js';
import { finishSteps, finishStepsYielding } from '../../core/next-turn.js';
import { topicTerms } from '../text/topic-terms.js';
import { type DenseVector, denseSpace, unitDense } from './dense-vector.js';
import { clusterCentroids, kMeansSteps, nearest, sparseSpace, sphericalKMeans, sphericalKMeansYielding } from './spherical-kmeans.js';
import { normalize, type SparseVector } from './sparse-vector.js';

/** One cluster of prompts, named by its heaviest terms. */
export interface Topic {
  id: number;
  /** Top terms joined, e.g. "card · arrived · delivery". */
  label: string;
  terms: string[];
  /** Prompts of the fitting sample in it. */
  size: number;
}

/** A fitted topic model as plain JSON, so it is stored and reloaded as is. */
export interface TopicModelData {
  version: 1;
  route: string;
  fittedAt: number;
  /** Prompts it was fitted on. */
  documents: number;
  /** Stems in vocabulary order, their smoothed IDF, and the word people see for each. */
  stems: string[];
  idf: number[];
  surfaces: string[];
  topics: Topic[];
  /** Per topic: [term index, weight] pairs of its unit-length centroid. */
  centroids: [number, number][][];
  /** Below this cosine similarity to every centroid a prompt is "unassigned" (topic −1). */
  minSimilarity: number;
  /**
   * Present when the clusters were found on embeddings: the model, its unit-length centroids
   * (rounded) and their own unassigned floor. `centroids` above are then each cluster's TF-IDF
   * mean, which names it and assigns prompts whose embedding could not be had.
   */
  embedding?: { model: string; centroids: number[][]; minSimilarity: number };
  /** Why this model is not what the config asked for (an embedding call that failed), for the topic report. */
  note?: string;
}

/** Topic id of prompts no topic fits, or with no known word. */
export const UNASSIGNED = -1;

export interface FitOptions {
  route: string;
  /** Number of topics; default √(n/2) between 2 and 40. */
  k?: number;
  random: Random;
  now: number;
  /** A stem must occur in this many prompts to count (default 2). */
  minDf?: number;
  /** One embedding per prompt, in order: cluster these instead of the TF-IDF rows (`clustered`: already done, by `fitTopicModelOnEmbeddings`). */
  embeddings?: { model: string; vectors: readonly (readonly number[])[]; clustered?: { centroids: DenseVector[]; assignment: Int32Array } };
  note?: string;
}

/**
 * Clusters prompts into topics: TF-IDF over stemmed content words (sublinear term frequency,
 * unit length), spherical k-means, each topic named by its centroid's three heaviest words.
 *
 * @example const model = fitTopicModel(prompts, { route: 'support', random: seededRandom(1), now: Date.now() });
 */
export function fitTopicModel(prompts: readonly string[], options: FitOptions): TopicModelData {
  return finishSteps(topicFitSteps(prompts, options));
}

/**
 * The same fit, giving the event loop back between slices (tokenising, vectorising, clustering):
 * 5,000 prompts take ~1 s of CPU, too long to hold the loop `serve` answers requests on.
 *
 * @example const model = await fitTopicModelYielding(prompts, { route: 'support', random, now });
 */
export async function fitTopicModelYielding(prompts: readonly string[], options: FitOptions): Promise<TopicModelData> {
  return finishStepsYielding(topicFitSteps(prompts, options));
}

/** Prompts tokenised or vectorised between two pauses of `fitTopicModelYielding`. */
const PROMPTS_PER_STEP = 250;

/** `fitTopicModel` as steps: each `yield` is a point where a caller may let the event loop in. */
export function* topicFitSteps(prompts: readonly string[], options: FitOptions): Generator<void, TopicModelData> {
  const docs: ReturnType<typeof topicTerms>[] = [];
  for (const prompt of prompts) {
    docs.push(topicTerms(prompt));
    if (docs.length % PROMPTS_PER_STEP === 0) yield;
  }
  const df = new Map<string, number>();
  const surfaceCounts = new Map<string, Map<string, number>>();
  for (const terms of docs) {
    for (const stem of new Set(terms.map((t) => t.stem))) df.set(stem, (df.get(stem) ?? 0) + 1);
    for (const { stem, surface } of terms) {
      const counts = surfaceCounts.get(stem) ?? new Map<string, number>();
      counts.set(surface, (counts.get(surface) ?? 0) + 1);
      surfaceCounts.set(stem, counts);
    }
  }
  const minDf = options.minDf ?? 2;
  // Words in more than half the prompts name every topic; rare ones name none.
  const stems = [...df].filter(([, n]) => n >= minDf && n <= Math.max(minDf, docs.length * 0.5)).map(([s]) => s).sort();
  const index = new Map(stems.map((s, i) => [s, i]));
  const idf = stems.map((s) => Math.log((1 + docs.length) / (1 + (df.get(s) ?? 0))) + 1);
  const surfaces = stems.map((s) => [...(surfaceCounts.get(s) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? s);
  const rows: SparseVector[] = [];
  for (const terms of docs) {
    rows.push(vectorize(terms.map((t) => t.stem), index, idf));
    if (rows.length % PROMPTS_PER_STEP === 0) yield;
  }
  const k = topicCount(docs.length, options.k);
  // Embeddings (when given) decide the clusters; TF-IDF still names them.
  const dense = options.embeddings?.vectors.map((v) => unitDense(v));
  if (dense && dense.length !== rows.length) throw new Error(`fitTopicModel: ${dense.length} embeddings for ${rows.length} prompts`);
  const clustered = dense ? (options.embeddings?.clustered ?? sphericalKMeans(dense, k, options.random, { space: denseSpace })) : undefined;
  const sparse = clustered ? undefined : yield* kMeansSteps(rows, k, options.random, {});
  const assignment = (clustered ?? sparse)?.assignment as Int32Array;
  const centroids = sparse?.centroids ?? clusterCentroids(rows, assignment, (clustered?.centroids ?? []).map((): SparseVector => new Map()), sparseSpace());
  const topics: Topic[] = centroids.map((centroid, id) => {
    const terms = [...centroid].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t]) => surfaces[t] as string);
    return { id, label: terms.join(' · '), terms, size: assignment.filter((a) => a === id).length };
  });
  const minSimilarity = similarityFloor(rows, assignment, centroids, (row, centroid) => nearest(row, [centroid]).similarity);
  const embedding =
    dense && clustered && options.embeddings
      ? {
          model: options.embeddings.model,
          centroids: clustered.centroids.map((c) => Array.from(c, (w) => Math.round(w * 1e5) / 1e5)),
          minSimilarity: similarityFloor(dense, assignment, clustered.centroids, denseSpace.dot),
        }
      : undefined;
  return {
    version: 1,
    route: options.route,
    fittedAt: options.now,
    documents: docs.length,
    stems,
    idf,
    surfaces,
    topics,
    centroids: centroids.map((c) => [...c].map(([t, w]) => [t, Math.round(w * 1e5) / 1e5] as [number, number])),
    minSimilarity,
    ...(embedding ? { embedding } : {}),
    ...(options.note ? { note: options.note } : {}),
  };
}

/** A prompt sharing less with its topic than most members (the lowest 2%) do is better called unassigned; at most 0.1. */
function similarityFloor<V>(rows: readonly V[], assignment: Int32Array, centroids: readonly V[], similarity: (row: V, centroid: V) => number): number {
  const values = rows.map((row, i) => (assignment[i] === -1 ? 0 : similarity(row, centroids[assignment[i] as number] as V))).sort((a, b) => a - b);
  return Math.min(0.1, values[Math.floor(values.length * 0.02)] ?? 0);
}

/**
 * `fitTopicModel` on embeddings, clustering them with pauses for the event loop: thousands of
 * 1,536-dimension vectors take seconds of CPU (`npm run bench:topics`), too long to hold the loop
 * `serve` answers requests on.
 *
 * @example const model = await fitTopicModelOnEmbeddings(prompts, { route, random, now, embeddings: { model: 'embed', vectors } });
 */
export async function fitTopicModelOnEmbeddings(prompts: readonly string[], options: FitOptions & { embeddings: { model: string; vectors: readonly (readonly number[])[] } }): Promise<TopicModelData> {
  const dense = options.embeddings.vectors.map((v) => unitDense(v));
  const clustered = await sphericalKMeansYielding(dense, topicCount(prompts.length, options.k), options.random, { space: denseSpace });
  return fitTopicModelYielding(prompts, { ...options, embeddings: { ...options.embeddings, clustered } });
}

/** Topics for n prompts: `k` when set, else √(n/2) between 2 and 40. */
function topicCount(n: number, k: number | undefined): number {
  return k ?? Math.min(40, Math.max(2, Math.round(Math.sqrt(n / 2))));
}

/**
 * A fitted model ready to assign prompts, built once per load.
 *
 * @example const topics = new TopicAssigner(model); topics.assign('where is my new card?') // { topic: 3, similarity: 0.41 }
 */
export class TopicAssigner {
  private readonly index: Map<string, number>;
  private readonly centroids: SparseVector[];
  private readonly embeddingCentroids: DenseVector[];

  constructor(readonly model: TopicModelData) {
    this.index = new Map(model.stems.map((s, i) => [s, i]));
    this.centroids = model.centroids.map((pairs) => new Map(pairs));
    this.embeddingCentroids = (model.embedding?.centroids ?? []).map((c) => unitDense(c));
  }

  /** The model's embedding model when its clusters were found on embeddings: new prompts should be embedded by it. */
  get embeddingModel(): string | undefined {
    return this.model.embedding?.model;
  }

  /**
   * The prompt's topic: by its embedding when the model was fitted on embeddings and one is
   * given, else by its TF-IDF terms.
   */
  assign(prompt: string, embedding?: readonly number[]): { topic: number; similarity: number } {
    if (this.model.embedding && embedding && embedding.length > 0) {
      const best = nearest(unitDense(embedding), this.embeddingCentroids, denseSpace);
      return best.similarity < this.model.embedding.minSimilarity ? { topic: UNASSIGNED, similarity: best.similarity } : { topic: best.index, similarity: best.similarity };
    }
    const row = vectorize(topicTerms(prompt).map((t) => t.stem), this.index, this.model.idf);
    if (row.size === 0) return { topic: UNASSIGNED, similarity: 0 };
    const best = nearest(row, this.centroids);
    return best.similarity < this.model.minSimilarity ? { topic: UNASSIGNED, similarity: best.similarity } : { topic: best.index, similarity: best.similarity };
  }

  label(topic: number): string {
    return topic === UNASSIGNED ? '(unassigned)' : (this.model.topics[topic]?.label ?? `topic ${topic}`);
  }
}

function vectorize(stems: readonly string[], index: ReadonlyMap<string, number>, idf: readonly number[]): SparseVector {
  const counts = new Map<number, number>();
  for (const stem of stems) {
    const i = index.get(stem);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const row: SparseVector = new Map();
  for (const [i, n] of counts) row.set(i, (1 + Math.log(n)) * (idf[i] as number));
  return normalize(row);
}

import type { Random } from '../../core/clock.js';
import { dot, normalize, type SparseVector } from './sparse-vector.js';
import { finishSteps, finishStepsYielding } from '../../core/next-turn.js';

/**
 * What k-means needs of a kind of unit-length vector: similarity, emptiness, and the unit-length
 * mean direction of some members. Sparse TF-IDF rows and dense embeddings both provide it, so
 * both are clustered by the same code.
 */
export interface VectorSpace<V> {
  dot(a: V, b: V): number;
  isEmpty(v: V): boolean;
  /** Unit-length direction of the members' sum; null when there are none. */
  centroid(members: readonly V[]): V | null;
  copy(v: V): V;
}

/**
 * Sparse rows whose centroids keep only their `keep` heaviest terms, which is also what a topic
 * is labelled and matched by.
 *
 * @example sphericalKMeans(rows, 8, seededRandom(1), { space: sparseSpace(200) })
 */
export function sparseSpace(keep = 200): VectorSpace<SparseVector> {
  return {
    dot,
    isEmpty: (v) => v.size === 0,
    centroid: (members) => {
      if (members.length === 0) return null;
      const sum: SparseVector = new Map();
      for (const row of members) for (const [t, v] of row) sum.set(t, (sum.get(t) ?? 0) + v);
      return sum.size === 0 ? null : normalize(new Map([...sum].sort((a, b) => b[1] - a[1]).slice(0, keep)));
    },
    copy: (v) => new Map(v),
  };
}

type KMeansOptions<V> = { iterations?: number; keep?: number; space?: VectorSpace<V> };
type KMeansResult<V> = { centroids: V[]; assignment: Int32Array };

/**
 * Spherical k-means (cosine similarity) on unit-length rows, seeded with k-means++ from an
 * injected random so a fit is reproducible. Sparse TF-IDF rows by default; `space` takes another
 * kind (dense embeddings).
 *
 * @example const { centroids, assignment } = sphericalKMeans(rows, 8, seededRandom(1));
 */
export function sphericalKMeans<V = SparseVector>(rows: readonly V[], k: number, random: Random, options: KMeansOptions<V> = {}): KMeansResult<V> {
  return finishSteps(kMeansSteps(rows, k, random, options));
}

/**
 * The same clustering, giving the event loop back every few hundred rows: thousands of
 * 1,536-dimension embeddings take seconds of CPU, and the monitor worker shares its loop with
 * `serve`'s requests.
 *
 * @example const { centroids, assignment } = await sphericalKMeansYielding(vectors, 40, random, { space: denseSpace });
 */
export async function sphericalKMeansYielding<V = SparseVector>(rows: readonly V[], k: number, random: Random, options: KMeansOptions<V> = {}): Promise<KMeansResult<V>> {
  return finishStepsYielding(kMeansSteps(rows, k, random, options));
}

/** Rows compared with all centroids between two pauses of `sphericalKMeansYielding`. */
const ROWS_PER_STEP = 256;

/** Spherical k-means as steps: each `yield` is a point where a caller may pause (see `sphericalKMeansYielding`). */
export function* kMeansSteps<V>(rows: readonly V[], k: number, random: Random, options: KMeansOptions<V>): Generator<void, KMeansResult<V>> {
  const space = options.space ?? (sparseSpace(options.keep) as unknown as VectorSpace<V>);
  const iterations = options.iterations ?? 25;
  const usable = rows.filter((r) => !space.isEmpty(r));
  const clusters = Math.max(1, Math.min(k, usable.length));
  let centroids: V[] = yield* seed(space, usable, clusters, random);
  const assignment = new Int32Array(rows.length).fill(-1);
  for (let iteration = 0; iteration < iterations; iteration++) {
    let moved = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as V;
      const best = space.isEmpty(row) ? -1 : nearest(row, centroids, space).index;
      if (best !== assignment[i]) moved++;
      assignment[i] = best;
      if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    }
    centroids = clusterCentroids(rows, assignment, centroids, space);
    if (moved === 0 && iteration > 0) break;
  }
  return { centroids, assignment };
}

/**
 * Each cluster's unit-length mean of the rows assigned to it (its previous centroid when it has
 * none). Also how embedding clusters get TF-IDF centroids to be named by.
 *
 * @example clusterCentroids(tfidfRows, assignment, emptyCentroids, sparseSpace())
 */
export function clusterCentroids<V>(rows: readonly V[], assignment: Int32Array, previous: readonly V[], space: VectorSpace<V>): V[] {
  return previous.map((old, c) => space.centroid(rows.filter((_, i) => assignment[i] === c)) ?? old);
}

/** The most similar centroid and its cosine similarity (−1 when there are none). */
export function nearest<V = SparseVector>(row: V, centroids: readonly V[], space: Pick<VectorSpace<V>, 'dot'> = { dot } as unknown as VectorSpace<V>): { index: number; similarity: number } {
  let index = -1;
  let similarity = -1;
  centroids.forEach((centroid, c) => {
    const s = space.dot(row, centroid);
    if (s > similarity) {
      similarity = s;
      index = c;
    }
  });
  return { index, similarity };
}

function* seed<V>(space: VectorSpace<V>, rows: readonly V[], k: number, random: Random): Generator<void, V[]> {
  if (rows.length === 0) return [];
  const centroids: V[] = [space.copy(rows[Math.floor(random() * rows.length)] as V)];
  const distance = rows.map((row) => 1 - space.dot(row, centroids[0] as V));
  while (centroids.length < k) {
    const total = distance.reduce((s, d) => s + Math.max(d, 0) ** 2, 0);
    let pick = random() * total;
    let chosen = 0;
    for (let i = 0; i < rows.length; i++) {
      pick -= Math.max(distance[i] as number, 0) ** 2;
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    const next = space.copy(rows[chosen] as V);
    centroids.push(next);
    for (let i = 0; i < rows.length; i++) {
      distance[i] = Math.min(distance[i] as number, 1 - space.dot(rows[i] as V, next));
      if (i % (ROWS_PER_STEP * 8) === ROWS_PER_STEP * 8 - 1) yield;
    }
  }
  return centroids;
}

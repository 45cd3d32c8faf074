import type { Random } from '../../core/clock.js';
import { dot, normalize, type SparseVector } from './sparse-vector.js';

/**
 * Spherical k-means (cosine similarity) on unit-length sparse rows, seeded with k-means++ from an
 * injected random so a fit is reproducible. Centroids are kept sparse: only their `keep`
 * heaviest terms, which is also what a topic is labelled and matched by.
 *
 * @example const { centroids, assignment } = sphericalKMeans(rows, 8, seededRandom(1));
 */
export function sphericalKMeans(rows: readonly SparseVector[], k: number, random: Random, options: { iterations?: number; keep?: number } = {}): { centroids: SparseVector[]; assignment: Int32Array } {
  const iterations = options.iterations ?? 25;
  const keep = options.keep ?? 200;
  const usable = rows.filter((r) => r.size > 0);
  const clusters = Math.max(1, Math.min(k, usable.length));
  let centroids = seed(usable, clusters, random);
  const assignment = new Int32Array(rows.length).fill(-1);
  for (let iteration = 0; iteration < iterations; iteration++) {
    let moved = 0;
    rows.forEach((row, i) => {
      const best = row.size === 0 ? -1 : nearest(row, centroids).index;
      if (best !== assignment[i]) moved++;
      assignment[i] = best;
    });
    centroids = centroids.map((old, c) => {
      const sum: SparseVector = new Map();
      rows.forEach((row, i) => {
        if (assignment[i] !== c) return;
        for (const [t, v] of row) sum.set(t, (sum.get(t) ?? 0) + v);
      });
      return sum.size === 0 ? old : prune(sum, keep);
    });
    if (moved === 0 && iteration > 0) break;
  }
  return { centroids, assignment };
}

/** The most similar centroid and its cosine similarity (−1 when there are none). */
export function nearest(row: SparseVector, centroids: readonly SparseVector[]): { index: number; similarity: number } {
  let index = -1;
  let similarity = -1;
  centroids.forEach((centroid, c) => {
    const s = dot(row, centroid);
    if (s > similarity) {
      similarity = s;
      index = c;
    }
  });
  return { index, similarity };
}

function seed(rows: readonly SparseVector[], k: number, random: Random): SparseVector[] {
  if (rows.length === 0) return [];
  const centroids: SparseVector[] = [new Map(rows[Math.floor(random() * rows.length)])];
  const distance = rows.map((row) => 1 - dot(row, centroids[0] as SparseVector));
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
    const next = new Map(rows[chosen]);
    centroids.push(next);
    rows.forEach((row, i) => {
      distance[i] = Math.min(distance[i] as number, 1 - dot(row, next));
    });
  }
  return centroids;
}

function prune(vector: SparseVector, keep: number): SparseVector {
  const top = [...vector].sort((a, b) => b[1] - a[1]).slice(0, keep);
  return normalize(new Map(top));
}

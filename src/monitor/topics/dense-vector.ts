import type { VectorSpace } from './spherical-kmeans.js';

/** A dense vector (an embedding), unit length once through `unitDense`. */
export type DenseVector = Float64Array;

/**
 * A copy scaled to unit length; a zero or empty vector stays zero (and counts as empty).
 *
 * @example unitDense([3, 4]) // Float64Array [0.6, 0.8]
 */
export function unitDense(values: ArrayLike<number>): DenseVector {
  const vector = Float64Array.from(values);
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) / norm;
  return vector;
}

function dotDense(a: DenseVector, b: DenseVector): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Embeddings for `sphericalKMeans`: the same clustering as TF-IDF rows, on dense vectors. */
export const denseSpace: VectorSpace<DenseVector> = {
  dot: dotDense,
  isEmpty: (v) => v.length === 0 || v.every((x) => x === 0),
  centroid: (members) => {
    const first = members[0];
    if (!first) return null;
    const sum = new Float64Array(first.length);
    for (const row of members) for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (row[i] ?? 0);
    return unitDense(sum);
  },
  copy: (v) => Float64Array.from(v),
};

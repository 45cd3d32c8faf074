import type { SparseVector } from './types.js';

/** Many sparse vectors in compressed-row form: row i is [offsets[i], offsets[i+1]). */
export interface SparseDataset {
  rows: number;
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Packs vectors into one pair of typed arrays, so training walks contiguous memory.
 *
 * @example toSparseDataset([featurizer.transform('hi')]).rows // 1
 */
export function toSparseDataset(vectors: readonly SparseVector[]): SparseDataset {
  let nnz = 0;
  for (const v of vectors) nnz += v.indices.length;
  const offsets = new Int32Array(vectors.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  vectors.forEach((v, i) => {
    indices.set(v.indices, at);
    values.set(v.values, at);
    at += v.indices.length;
    offsets[i + 1] = at;
  });
  return { rows: vectors.length, offsets, indices, values };
}

/**
 * Row i as a vector view (no copy).
 *
 * @example rowOf(data, 0).indices.length
 */
export function rowOf(data: SparseDataset, i: number): SparseVector {
  const start = data.offsets[i] as number;
  const end = data.offsets[i + 1] as number;
  return { indices: data.indices.subarray(start, end), values: data.values.subarray(start, end) };
}

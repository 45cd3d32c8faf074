/** A sparse vector as term index → weight. */
export type SparseVector = Map<number, number>;

/** Scales a vector to unit length in place; a zero vector stays zero. */
export function normalize(vector: SparseVector): SparseVector {
  let norm = 0;
  for (const v of vector.values()) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, v] of vector) vector.set(k, v / norm);
  return vector;
}

/** Dot product, iterating the smaller vector. */
export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w !== undefined) sum += v * w;
  }
  return sum;
}

import type { SparseVector } from '../types.js';

/**
 * A multinomial linear model: `weights` is row-major by feature (dimension × classes), so a
 * sparse input touches a few contiguous rows.
 */
export interface LinearModel {
  dimension: number;
  classes: number;
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Raw class scores of one input into `out` (length = classes).
 *
 * @example scoreInto(model, featurizer.transform('lost card'), new Float64Array(model.classes))
 */
export function scoreInto(model: LinearModel, x: SparseVector, out: Float64Array): Float64Array {
  const { classes, weights, bias } = model;
  for (let k = 0; k < classes; k++) out[k] = bias[k] as number;
  for (let i = 0; i < x.indices.length; i++) {
    const value = x.values[i] as number;
    const row = (x.indices[i] as number) * classes;
    for (let k = 0; k < classes; k++) out[k] = (out[k] as number) + value * (weights[row + k] as number);
  }
  return out;
}

/**
 * Softmax of `scores / temperature` in place; returns the index of the largest.
 *
 * @example softmaxInPlace(Float64Array.of(1, 2), 1) // 1 (scores now ≈ [0.27, 0.73])
 */
export function softmaxInPlace(scores: Float64Array, temperature: number): number {
  let best = 0;
  for (let k = 1; k < scores.length; k++) if ((scores[k] as number) > (scores[best] as number)) best = k;
  const max = scores[best] as number;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp(((scores[k] as number) - max) / temperature);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] as number) / sum;
  return best;
}

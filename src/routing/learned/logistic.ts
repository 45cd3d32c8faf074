import { minimizeLbfgs } from './lbfgs.js';
import type { SparseRow } from './tfidf.js';

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
  iterations: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias). */
  l2: number;
  maxIterations?: number;
  /** Relative improvement below which the optimiser stops. */
  tolerance?: number;
}

/** Numerically safe log(1 + e^z). */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** w·x + b for a sparse row. */
export function linearScore(weights: ArrayLike<number>, bias: number, row: SparseRow): number {
  let z = bias;
  for (let k = 0; k < row.slots.length; k++) z += (weights[row.slots[k] as number] as number) * (row.values[k] as number);
  return z;
}

/**
 * Logistic regression on soft targets in [0, 1]: cross-entropy against a target of 0.5 pulls the
 * prediction to 0.5, so a record where both models did equally well teaches "no difference"
 * instead of being forced into a class. Minimised with L-BFGS from zero: deterministic.
 *
 * @example const model = fitLogistic(rows, [1, 0, 0.5], features, { l2: 3e-4 });
 */
export function fitLogistic(rows: readonly SparseRow[], targets: readonly number[], features: number, options: LogisticOptions): LogisticModel {
  const n = rows.length;
  const { l2 } = options;
  const objective = (x: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    const bias = x[features] as number;
    let loss = 0;
    let biasGradient = 0;
    for (let r = 0; r < n; r++) {
      const row = rows[r] as SparseRow;
      const y = targets[r] as number;
      const z = linearScore(x, bias, row);
      // Soft cross-entropy: y·softplus(−z) + (1 − y)·softplus(z).
      loss += y * softplus(-z) + (1 - y) * softplus(z);
      const error = (sigmoid(z) - y) / n;
      biasGradient += error;
      for (let k = 0; k < row.slots.length; k++) {
        const slot = row.slots[k] as number;
        gradient[slot] = (gradient[slot] as number) + error * (row.values[k] as number);
      }
    }
    let penalty = 0;
    for (let j = 0; j < features; j++) {
      const w = x[j] as number;
      penalty += w * w;
      gradient[j] = (gradient[j] as number) + l2 * w;
    }
    gradient[features] = biasGradient;
    return loss / n + 0.5 * l2 * penalty;
  };
  const result = minimizeLbfgs(objective, new Float64Array(features + 1), { maxIterations: options.maxIterations ?? 300, tolerance: options.tolerance ?? 1e-7 });
  return { weights: result.x.subarray(0, features), bias: result.x[features] as number, iterations: result.iterations };
}

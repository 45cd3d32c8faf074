import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../types.js';
import { type LinearModel, scoreInto, softmaxInPlace } from './linear-model.js';

/** A small deterministic generator, so a failure replays. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomModel(next: () => number, dimension: number, classes: number): LinearModel {
  const weights = new Float32Array(dimension * classes).map(() => next() * 4 - 2);
  const bias = new Float32Array(classes).map(() => next() - 0.5);
  return { dimension, classes, weights, bias };
}

/** Scores one feature row at a time: the definition `scoreInto` must reproduce exactly. */
function scoreRowByRow(model: LinearModel, x: SparseVector): Float64Array {
  const out = Float64Array.from(model.bias);
  for (let i = 0; i < x.indices.length; i++) {
    const row = (x.indices[i] as number) * model.classes;
    for (let k = 0; k < model.classes; k++) out[k] = (out[k] as number) + (x.values[i] as number) * (model.weights[row + k] as number);
  }
  return out;
}

describe('scoreInto', () => {
  it('gives bit-identical scores to adding one feature row at a time, for every length around the 8-row blocks', () => {
    const next = lcg(7);
    const model = randomModel(next, 500, 13);
    for (let nnz = 0; nnz <= 35; nnz++) {
      const indices = Int32Array.from({ length: nnz }, () => Math.floor(next() * model.dimension));
      const values = Float32Array.from({ length: nnz }, () => next() * 2 - 1);
      const x = { indices, values };
      // A dirty output buffer: scoring must overwrite it, not add to it.
      const out = new Float64Array(model.classes).fill(123);
      expect(Array.from(scoreInto(model, x, out))).toEqual(Array.from(scoreRowByRow(model, x)));
    }
  });

  it('returns the bias for an empty vector', () => {
    const model: LinearModel = { dimension: 2, classes: 3, weights: new Float32Array(6).fill(1), bias: Float32Array.of(0.5, -1, 2) };
    expect(Array.from(scoreInto(model, { indices: new Int32Array(0), values: new Float32Array(0) }, new Float64Array(3)))).toEqual([0.5, -1, 2]);
  });
});

describe('softmaxInPlace', () => {
  it('turns scores into probabilities and returns the index of the largest', () => {
    const scores = Float64Array.of(1, 3, 2);
    expect(softmaxInPlace(scores, 1)).toBe(1);
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(scores[1]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 12);
  });
});

import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs.js';
import { fitLogistic, linearScore, sigmoid } from './logistic.js';
import type { SparseRow } from './tfidf.js';

const row = (entries: [number, number][]): SparseRow => ({ slots: Int32Array.from(entries, (e) => e[0]), values: Float32Array.from(entries, (e) => e[1]) });

describe('minimizeLbfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    const scales = [1, 100, 0.01];
    const result = minimizeLbfgs(
      (x, g) => {
        let value = 0;
        for (let i = 0; i < 3; i++) {
          const d = (x[i] as number) - (i + 1);
          value += (scales[i] as number) * d * d;
          g[i] = 2 * (scales[i] as number) * d;
        }
        return value;
      },
      new Float64Array(3),
      { tolerance: 1e-14, maxIterations: 500 },
    );
    expect([...result.x].map((v) => Math.round(v * 1e3) / 1e3)).toEqual([1, 2, 3]);
  });
});

describe('fitLogistic', () => {
  it('learns soft targets: a tie target of 0.5 predicts 0.5, not a class', () => {
    // Feature 0 marks "cheap wins" (target 1), feature 1 marks ties (0.5), feature 2 "strong wins" (0).
    const rows = [...Array(30).fill(row([[0, 1]])), ...Array(30).fill(row([[1, 1]])), ...Array(30).fill(row([[2, 1]]))];
    const targets = [...Array(30).fill(1), ...Array(30).fill(0.5), ...Array(30).fill(0)];
    const model = fitLogistic(rows, targets, 3, { l2: 1e-4, tolerance: 1e-12 });
    const p = (slot: number) => sigmoid(linearScore(model.weights, model.bias, row([[slot, 1]])));
    expect(p(0)).toBeGreaterThan(0.95);
    expect(p(1)).toBeCloseTo(0.5, 2);
    expect(p(2)).toBeLessThan(0.05);
  });

  it('is deterministic', () => {
    const rows = [row([[0, 1]]), row([[1, 0.5], [0, 0.5]]), row([[1, 1]])];
    const a = fitLogistic(rows, [1, 0.5, 0], 2, { l2: 1e-3 });
    const b = fitLogistic(rows, [1, 0.5, 0], 2, { l2: 1e-3 });
    expect([...a.weights, a.bias]).toEqual([...b.weights, b.bias]);
  });
});

import { describe, expect, it } from 'vitest';
import { histogramOf, quantile } from './histogram.js';
import { stepFor } from './overview.js';

// The overview computed from rollups is checked against every store adapter in
// src/store/contract/rollup-store.contract.ts.

describe('latency histogram', () => {
  it('reports percentiles within the bucket error', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    const h = histogramOf(values);
    for (const [q, exact] of [[0.5, 500], [0.95, 950], [0.99, 990]] as const) {
      const got = quantile(h, q) as number;
      expect(Math.abs(got - exact) / exact).toBeLessThan(0.13);
    }
    expect(quantile(histogramOf([]), 0.5)).toBeNull();
    expect(quantile(histogramOf([0.2, 0.4]), 0.5)).toBeLessThan(1);
  });
});

describe('chart steps', () => {
  it('keeps charts near 240 points and reads the coarsest rollup that serves the step', () => {
    expect(stepFor(3_600_000)).toEqual({ stepMs: 60_000, resolutionMs: 60_000 });
    expect(stepFor(86_400_000)).toEqual({ stepMs: 900_000, resolutionMs: 60_000 });
    expect(stepFor(7 * 86_400_000)).toEqual({ stepMs: 3_600_000, resolutionMs: 3_600_000 });
    expect(stepFor(90 * 86_400_000)).toEqual({ stepMs: 86_400_000, resolutionMs: 86_400_000 });
  });
});

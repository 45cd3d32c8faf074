import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { chiSquareHomogeneity } from './chi-square.js';
import { kolmogorovSmirnov, summarize } from './kolmogorov-smirnov.js';
import { populationStabilityIndex, shareChanges } from './psi.js';

const normal = (random: () => number, mean: number) => mean + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

describe('drift statistics', () => {
  it('chi-square matches the textbook 2×2 value and needs two categories to test', () => {
    // Expected counts 65/35 per row: Σ (o − e)² / e = 19.78 with one degree of freedom.
    const result = chiSquareHomogeneity({ a: 50, b: 50 }, { a: 80, b: 20 });
    expect(result.statistic).toBeCloseTo(19.78, 2);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.pValue).toBeGreaterThan(8e-6);
    expect(result.pValue).toBeLessThan(9e-6);
    expect(chiSquareHomogeneity({ a: 10 }, { a: 30 }).pValue).toBe(1);
  });

  it('PSI is zero for equal shares, finite when a category is new, and names the largest change', () => {
    expect(populationStabilityIndex({ a: 5, b: 5 }, { a: 50, b: 50 })).toBe(0);
    const psi = populationStabilityIndex({ a: 100 }, { a: 80, new: 20 });
    expect(psi).toBeGreaterThan(0.25);
    expect(Number.isFinite(psi)).toBe(true);
    const [first] = shareChanges({ a: 90, b: 10, c: 5 }, { a: 60, b: 40, c: 5 });
    expect(Math.abs(first?.change ?? 0)).toBeCloseTo(0.3 * (100 / 105) + 0.0, 1);
    expect(first?.category).toBe('a');
  });

  it('KS finds a shift of half a standard deviation in 500 values and not a same-distribution sample', () => {
    const random = seededRandom(7);
    const a = Array.from({ length: 500 }, () => normal(random, 0));
    const b = Array.from({ length: 500 }, () => normal(random, 0));
    const shifted = Array.from({ length: 500 }, () => normal(random, 0.5));
    expect(kolmogorovSmirnov(a, b).pValue).toBeGreaterThan(0.01);
    const moved = kolmogorovSmirnov(a, shifted);
    expect(moved.pValue).toBeLessThan(1e-6);
    expect(moved.statistic).toBeGreaterThan(0.15);
    expect(kolmogorovSmirnov([1, 2, 3], [1, 2, 3]).statistic).toBe(0);
  });

  it('KS p-values are uniform-ish under no change: about 5% below 0.05', () => {
    const random = seededRandom(11);
    let below = 0;
    for (let run = 0; run < 200; run++) {
      const a = Array.from({ length: 100 }, () => random());
      const b = Array.from({ length: 100 }, () => random());
      if (kolmogorovSmirnov(a, b).pValue < 0.05) below++;
    }
    expect(below / 200).toBeLessThan(0.1);
  });

  it('summarize gives mean and nearest-rank percentiles', () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ n: 4, mean: 2.5, p50: 2, p95: 4 });
  });
});

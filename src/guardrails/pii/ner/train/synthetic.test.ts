import { describe, expect, it } from 'vitest';
import { syntheticDrawSeeds, syntheticSamples } from './synthetic.js';

describe('draws of synthetic training sentences', () => {
  it('keeps one draw as the seed itself, so --draws 1 trains the recipe from before draws', () => {
    expect(syntheticDrawSeeds(7, 1)).toEqual([7]);
    expect(syntheticDrawSeeds(7, 3)).toEqual([7, 1016, 2025]);
  });

  it('gives seeds 7, 8 and 9 disjoint draws, none of them the calibration seed (seed + 1000)', () => {
    const all = [7, 8, 9].flatMap((seed) => syntheticDrawSeeds(seed, 5));
    expect(new Set(all).size).toBe(15);
    for (const seed of [7, 8, 9]) expect(all).not.toContain(seed + 1000);
  });

  it('fills different sentences in each draw', () => {
    const [first, second] = syntheticDrawSeeds(7, 2).map((seed) => syntheticSamples(20, seed).map((s) => s.full_text));
    expect(first).toEqual(syntheticSamples(20, 7).map((s) => s.full_text));
    expect(second!.filter((t) => first!.includes(t)).length).toBeLessThan(3);
  });
});

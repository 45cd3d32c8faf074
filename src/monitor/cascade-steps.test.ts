import { describe, expect, it } from 'vitest';
import { cascadeSteps } from './cascade-steps.js';

const branch = (name: string, requests: number, costUsd = 0) => ({ branch: name, requests, share: 0, costUsd, meanLatencyMs: null });

describe('a cascade step by step', () => {
  it('counts a call at every step before the one that answered it; cache hits and local answers at none', () => {
    const steps = cascadeSteps(['mini', 'mid', 'large'], [branch('(cache)', 50), branch('(local)', 7), branch('mini', 60, 0.06), branch('large', 10, 0.5)]);
    expect(steps?.map((s) => [s.step, s.target, s.reached, s.answered, s.passedOn, s.answeredShare, s.meanCostUsd])).toEqual([
      [1, 'mini', 70, 60, 10, 60 / 70, 0.001],
      [2, 'mid', 10, 0, 10, 0, null],
      [3, 'large', 10, 10, 0, 1, 0.05],
    ]);
  });

  it('says nothing of a step no call came to, and nothing at all of a cascade that lists a target twice', () => {
    expect(cascadeSteps(['mini', 'large'], [])?.map((s) => [s.reached, s.answeredShare, s.meanCostUsd])).toEqual([[0, null, null], [0, null, null]]);
    expect(cascadeSteps(['mini', 'large', 'mini'], [branch('mini', 3)])).toBeUndefined();
  });
});

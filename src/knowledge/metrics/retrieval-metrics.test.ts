import { describe, expect, it } from 'vitest';
import { distinctInOrder, ndcgAtK, recallAtK, reciprocalRank, retrievalMetrics } from './retrieval-metrics.js';

describe('retrieval metrics', () => {
  it('recall@k counts the share of gold ids in the top k, each once', () => {
    expect(recallAtK(['a', 'b', 'c'], ['c'], 2)).toBe(0);
    expect(recallAtK(['a', 'b', 'c'], ['c'], 3)).toBe(1);
    expect(recallAtK(['c', 'c', 'x'], ['c', 'd'], 3)).toBe(0.5);
    expect(recallAtK(['a'], [], 10)).toBe(0);
  });

  it('MRR@10 is the reciprocal rank of the first gold id inside the top 10', () => {
    expect(reciprocalRank(['x', 'y', 'a'], ['a', 'y'])).toBe(0.5);
    const eleventh = [...'bcdefghijk'].concat('a');
    expect(reciprocalRank(eleventh, ['a'])).toBe(0);
  });

  it('nDCG@10 discounts by log2 of rank and normalises by the ideal ranking', () => {
    expect(ndcgAtK(['a', 'b'], ['a'])).toBe(1);
    expect(ndcgAtK(['x', 'a'], ['a'])).toBeCloseTo(1 / Math.log2(3), 12);
    // Two gold ids at ranks 1 and 3: (1 + 1/2) / (1 + 1/log2(3)).
    expect(ndcgAtK(['a', 'x', 'b'], ['a', 'b'])).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgAtK(['a', 'a', 'b'], ['a', 'b'])).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3)), 12);
  });

  it('averages over queries and rejects an empty set', () => {
    const m = retrievalMetrics([
      { ranked: ['a', 'b'], gold: ['a'] },
      { ranked: ['x', 'y', 'z', 'w', 'v', 'b'], gold: ['b'] },
    ]);
    expect(m.queries).toBe(2);
    expect(m.recall).toEqual({ 1: 0.5, 5: 0.5, 10: 1, 100: 1 });
    expect(m.mrr10).toBeCloseTo((1 + 1 / 6) / 2, 12);
    expect(() => retrievalMetrics([])).toThrow(/at least one query/);
    expect(distinctInOrder(['d1', 'd2', 'd1', 'd3'])).toEqual(['d1', 'd2', 'd3']);
  });
});

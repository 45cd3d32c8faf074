import { describe, expect, it } from 'vitest';
import { SemanticIndex, unitVector } from './semantic-index.js';

describe('semantic index', () => {
  it('finds the most similar vector within a partition only', () => {
    const index = new SemanticIndex<null>(10);
    index.add('p', 'a', unitVector([1, 0]), null);
    index.add('p', 'b', unitVector([0.6, 0.8]), null);
    index.add('q', 'c', unitVector([0, 1]), null);
    const { accepted, refused } = index.nearest('p', unitVector([0, 1]));
    expect(accepted?.key).toBe('b');
    expect(accepted?.similarity).toBeCloseTo(0.8);
    expect(refused).toBeUndefined();
    expect(index.nearest('r', unitVector([0, 1]))).toEqual({});
  });

  it('stays within its bound, oldest out first, and replaces an entry added twice', () => {
    const index = new SemanticIndex<null>(3);
    for (const key of ['a', 'b', 'c', 'd']) index.add('p', key, unitVector([key.charCodeAt(0), 1]), null);
    expect(index.size).toBe(3);
    index.add('p', 'd', unitVector([1, 0]), null);
    expect(index.size).toBe(3);
    index.add('p', 'e', unitVector([0, 1]), null);
    expect(index.nearest('p', unitVector([0, 1])).accepted?.key).toBe('e');
    expect(index.size).toBe(3);
  });

  it('passes over entries the caller refuses, naming the closest refused one only when it was closer', () => {
    const index = new SemanticIndex<{ negated: boolean }>(10);
    index.add('p', 'negated', unitVector([1, 0]), { negated: true });
    index.add('p', 'plain', unitVector([0.6, 0.8]), { negated: false });
    index.add('p', 'far-negated', unitVector([0, 1]), { negated: true });
    const found = index.nearest('p', unitVector([1, 0.1]), (facts) => !facts.negated);
    expect(found.accepted?.key).toBe('plain');
    expect(found.refused).toMatchObject({ key: 'negated', facts: { negated: true } });
    expect(found.refused?.similarity).toBeGreaterThan(0.99);
    // The refused entry is farther than the accepted one: not worth naming.
    expect(index.nearest('p', unitVector([0.6, 0.8]), (facts) => !facts.negated).refused).toBeUndefined();
    // Nothing accepted: the closest refused one is still named.
    expect(index.nearest('p', unitVector([1, 0]), () => false)).toEqual({ refused: expect.objectContaining({ key: 'negated' }) });
  });
});

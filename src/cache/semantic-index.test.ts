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

  it('never takes a NaN similarity for a match (helper hostile11): a vector holding NaN matches nothing', () => {
    const index = new SemanticIndex<null>(10);
    index.add('p', 'poisoned', Float32Array.from([Number.NaN, 1]), null);
    index.add('p', 'far', unitVector([1, 0]), null);
    // A NaN product is below no threshold: the poisoned entry answered every question.
    expect(index.nearest('p', unitVector([0, 1]), () => true, 0.9)).toEqual({ closest: 0 });
    expect(index.nearest('p', Float32Array.from([Number.NaN, 0]), () => true, 0.9)).toEqual({});
    expect(index.nearest('p', unitVector([1, 0]), () => true, 0.9).accepted?.key).toBe('far');
  });

  it('scales a vector whose squares overflow instead of making it all zeros', () => {
    expect([...unitVector([3e200, 4e200])]).toEqual([...unitVector([3, 4])]);
    expect([...unitVector([1e300, 1])]).toEqual([1, 0]);
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
    expect(index.nearest('p', unitVector([1, 0]), () => false)).toEqual({ refused: expect.objectContaining({ key: 'negated' }), closest: 1 });
  });

  it('offers the caller only entries at the floor or above, and still says how close the closest entry was', () => {
    const index = new SemanticIndex<string>(10);
    index.add('p', 'near', unitVector([1, 0.1]), 'near');
    index.add('p', 'far', unitVector([0.6, 0.8]), 'far');
    const judged: string[] = [];
    const found = index.nearest('p', unitVector([1, 0]), (facts) => (judged.push(facts), false), 0.9);
    expect(judged).toEqual(['near']);
    expect(found.accepted).toBeUndefined();
    expect(found.refused?.key).toBe('near');
    expect(found.closest).toBeCloseTo(0.995);
    expect(index.nearest('p', unitVector([0, 1]), () => true, 0.9)).toEqual({ closest: expect.closeTo(0.8) });
  });

  it("counts its entries' words as they come and go, across partitions, so a word's weight is this cache's", () => {
    const index = new SemanticIndex<{ words: string[] }>(2, (facts) => facts.words);
    expect(index.weights.weight('card')).toBe(1);
    index.add('p', 'a', unitVector([1, 0]), { words: ['card', 'cancel'] });
    index.add('q', 'b', unitVector([0, 1]), { words: ['card', 'activ'] });
    expect(index.weights.weight('card')).toBe(1);
    expect(index.weights.weight('cancel')).toBeCloseTo(1 + Math.log(3 / 2));
    expect(index.weights.weight('unseen')).toBeCloseTo(1 + Math.log(3));
    // Replacing an entry takes its words back; the bound evicts the oldest and its words with it.
    index.add('q', 'b', unitVector([0, 1]), { words: ['account'] });
    index.add('p', 'c', unitVector([1, 0]), { words: ['account'] });
    expect(index.size).toBe(2);
    expect(index.weights.weight('card')).toBeCloseTo(1 + Math.log(3));
    expect(index.weights.weight('account')).toBe(1);
  });

  it("drops a deleted entry's vector and words at once (an erasure), not at its eviction, and says whether there was one", () => {
    const index = new SemanticIndex<{ words: string[] }>(10, (facts) => facts.words);
    index.add('p', 'erased', unitVector([1, 0]), { words: ['quellmoor'] });
    index.add('p', 'kept', unitVector([0, 1]), { words: ['parcel'] });
    expect(index.delete('erased')).toBe(true);
    expect(index.delete('erased')).toBe(false);
    expect(index.size).toBe(1);
    // Its vector matches nothing, and its word weighs as one no entry holds.
    expect(index.nearest('p', unitVector([1, 0])).closest).toBe(0);
    expect(index.weights.weight('quellmoor')).toBe(index.weights.weight('unseen'));
    expect(index.delete('kept')).toBe(true);
    expect(index.nearest('p', unitVector([1, 0]))).toEqual({});
  });

  it('bounds each partition by its layout, its oldest out first, so a lookup never compares more than that many', () => {
    const index = new SemanticIndex<null>(100, () => [], { sparse: 3, dense: 2 });
    // Dense (every value non-zero): two per partition; another partition keeps its own.
    for (const key of ['a', 'b', 'c']) index.add('p', key, unitVector([1, key.charCodeAt(0)]), null);
    index.add('q', 'z', unitVector([1, 1]), null);
    expect(index.size).toBe(3);
    expect(index.nearest('p', unitVector([1, 'a'.charCodeAt(0)]), () => true, 0.999999).accepted?.key).not.toBe('a');
    expect(index.nearest('q', unitVector([1, 1])).accepted?.key).toBe('z');
    // Sparse (a quarter or fewer non-zero): three per partition.
    const sparse = (i: number) => unitVector(Array.from({ length: 16 }, (_, j) => (j === i ? 1 : 0)));
    for (let i = 0; i < 5; i++) index.add('s', `s${i}`, sparse(i), null);
    expect(index.size).toBe(6);
    expect(index.nearest('s', sparse(0), () => true, 0.5)).toEqual({ closest: 0 });
    expect(index.nearest('s', sparse(4), () => true, 0.5).accepted?.key).toBe('s4');
    // A bound of one keeps the newest.
    const one = new SemanticIndex<null>(10, () => [], { sparse: 1, dense: 1 });
    one.add('p', 'x', unitVector([1, 2]), null);
    one.add('p', 'y', unitVector([2, 1]), null);
    expect(one.size).toBe(1);
    expect(one.nearest('p', unitVector([2, 1])).accepted?.key).toBe('y');
  });
});

import { describe, expect, it } from 'vitest';
import { SemanticIndex, unitVector } from './semantic-index.js';

describe('semantic index', () => {
  it('finds the most similar vector within a partition only', () => {
    const index = new SemanticIndex(10);
    index.add('p', 'a', unitVector([1, 0]));
    index.add('p', 'b', unitVector([0.6, 0.8]));
    index.add('q', 'c', unitVector([0, 1]));
    const found = index.nearest('p', unitVector([0, 1]));
    expect(found?.key).toBe('b');
    expect(found?.similarity).toBeCloseTo(0.8);
    expect(index.nearest('r', unitVector([0, 1]))).toBeUndefined();
  });

  it('stays within its bound, oldest out first, and replaces an entry added twice', () => {
    const index = new SemanticIndex(3);
    for (const key of ['a', 'b', 'c', 'd']) index.add('p', key, unitVector([key.charCodeAt(0), 1]));
    expect(index.size).toBe(3);
    index.add('p', 'd', unitVector([1, 0]));
    expect(index.size).toBe(3);
    index.add('p', 'e', unitVector([0, 1]));
    expect(index.nearest('p', unitVector([0, 1]))?.key).toBe('e');
    expect(index.size).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { reorderRows, rowOf, toSparseDataset } from './sparse-dataset.js';

describe('reorderRows', () => {
  it('copies rows into the given order, rows of any length', () => {
    const v = (...pairs: number[]) => ({ indices: Int32Array.from(pairs.filter((_, i) => i % 2 === 0)), values: Float32Array.from(pairs.filter((_, i) => i % 2 === 1)) });
    const data = toSparseDataset([v(1, 0.5, 4, 0.25), v(), v(7, 1)]);
    const re = reorderRows(data, Int32Array.of(2, 0, 1));
    expect(re.rows).toBe(3);
    expect([0, 1, 2].map((i) => [...rowOf(re, i).indices])).toEqual([[7], [1, 4], []]);
    expect([...rowOf(re, 1).values]).toEqual([0.5, 0.25]);
  });
});

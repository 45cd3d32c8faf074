import { describe, expect, it } from 'vitest';
import { ColumnCounter } from './column-counter.js';

describe('ColumnCounter', () => {
  // Buckets 0..7; buckets 1, 4 and 6 have columns 2, 0 and 1.
  const columnOf = Int32Array.of(-1, 2, -1, -1, 0, -1, 1, -1);

  it('counts by column in first-seen order and drops buckets without a column', () => {
    const counter = new ColumnCounter(columnOf, 3);
    for (const bucket of [6, 3, 1, 6, 0, 4, 6]) counter.add(bucket, 1);
    expect(Array.from(counter.touched.subarray(0, counter.size))).toEqual([1, 2, 0]);
    expect(Array.from(counter.counts)).toEqual([1, 3, 1]);
  });

  it('starts clean after reset, and grows its list of touched columns', () => {
    const counter = new ColumnCounter(columnOf, 3, 1);
    counter.add(1, 0);
    counter.add(4, 0);
    counter.add(6, 0);
    expect(counter.size).toBe(3);
    counter.reset();
    expect(counter.size).toBe(0);
    expect(Array.from(counter.counts)).toEqual([0, 0, 0]);
    counter.add(4, 0);
    expect(Array.from(counter.touched.subarray(0, counter.size))).toEqual([0]);
  });
});

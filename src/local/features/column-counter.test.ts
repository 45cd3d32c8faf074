import { describe, expect, it } from 'vitest';
import { ColumnCounter } from './column-counter.js';

describe('ColumnCounter', () => {
  // Columns 0, 1, 2 are buckets 4, 6 and 1.
  const buckets = Int32Array.of(4, 6, 1);

  it('counts by column in first-seen order and drops buckets without a column', () => {
    const counter = new ColumnCounter(buckets);
    for (const bucket of [6, 3, 1, 6, 0, 4, 6]) counter.add(bucket, 1);
    expect(Array.from(counter.touched.subarray(0, counter.size))).toEqual([1, 2, 0]);
    expect(Array.from(counter.counts)).toEqual([1, 3, 1]);
  });

  it('starts clean after reset, and grows its list of touched columns', () => {
    const counter = new ColumnCounter(buckets, 1);
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

  it('take reads each count and clears it, so forget leaves a clean counter', () => {
    const counter = new ColumnCounter(buckets);
    for (const bucket of [1, 6, 1]) counter.add(bucket, 0);
    expect([counter.take(0), counter.take(1)]).toEqual([2, 1]);
    counter.forget();
    expect(counter.size).toBe(0);
    expect(Array.from(counter.counts)).toEqual([0, 0, 0]);
  });

  it('finds every column of a crowded table, colliding buckets included, and no other bucket', () => {
    // 3,000 columns over 2^20 buckets, many sharing their low bits (so they collide in the table).
    const many = Int32Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 1000) + (i % 3) * (1 << 18));
    expect(new Set(many).size).toBe(3000);
    const counter = new ColumnCounter(many);
    const seen = new Map<number, number>();
    many.forEach((bucket, column) => seen.set(bucket, column));
    for (let bucket = 0; bucket < 1 << 20; bucket += 1) {
      const expected = seen.get(bucket) ?? -1;
      if (counter.columnOf(bucket) !== expected) throw new Error(`bucket ${bucket}: column ${counter.columnOf(bucket)}, expected ${expected}`);
    }
  });
});

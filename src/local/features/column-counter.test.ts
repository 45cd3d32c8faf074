import { describe, expect, it } from 'vitest';
import { ColumnCounter } from './column-counter.js';
import { BucketCounter } from './bucket-counter.js';
import { extractBuckets } from './extract-buckets.js';
import { DEFAULT_FEATURIZER_CONFIG } from './featurizer-config.js';

/** What a counter holds after a text: columns in first-seen order with their counts, and the word n-gram tallies. */
function contents(counter: ColumnCounter) {
  const columns = Array.from(counter.touched.subarray(0, counter.size));
  return { columns, counts: columns.map((c) => counter.counts[c]), wordNgrams: counter.wordNgrams, unseen: counter.unseenWordNgrams };
}

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

  it("counts a word's character n-grams from its cache exactly as hashing them again would, long words and a full cache included", () => {
    const texts = ['My card has not arrived', 'my card, my card: has it arrived?', 'pneumonoultramicroscopicsilicovolcanoconiosis card', 'Where is my new card? It has not arrived'];
    const config = DEFAULT_FEATURIZER_CONFIG;
    // The model's columns: the buckets of the first two texts, so the others have unknown ones.
    const fit = new BucketCounter(config.hashBits);
    for (const text of texts.slice(0, 2)) extractBuckets(text, config, fit);
    const buckets = fit.touched.slice(0, fit.size);
    const blocks = Uint8Array.from(buckets, (b) => fit.blockOf[b] as number);
    const cached = new ColumnCounter(buckets, 1024, blocks);
    const hashed = new ColumnCounter(buckets, 1024, blocks);
    // Without `addWordChars`, extractBuckets hashes every character n-gram into `add`.
    const hashing = { add: (bucket: number, block: number) => hashed.add(bucket, block) };
    // Twice round, so the second pass reads every word from the cache; then past its bound of 8,192 words.
    const filler = Array.from({ length: 9000 }, (_, i) => `w${i.toString(36)}`).join(' ');
    for (const text of [...texts, ...texts, filler, ...texts]) {
      extractBuckets(text, config, cached);
      extractBuckets(text, config, hashing);
      expect(contents(cached)).toEqual(contents(hashed));
      cached.reset();
      hashed.reset();
    }
  });
});

/**
 * Counts hashed buckets of one text with direct indexing into a typed array (no Map, no
 * allocation per request): `touched` lists the buckets seen, in first-seen order, and `reset`
 * clears only those.
 *
 * @example const c = new BucketCounter(16, 64); c.add(5, 0); c.add(5, 0); c.counts[5] // 2
 */
export class BucketCounter {
  readonly counts: Uint16Array;
  /** Block (word 0 / char 1) of the first n-gram that hit each bucket. */
  readonly blockOf: Uint8Array;
  touched: Int32Array;
  size = 0;

  constructor(hashBits: number, capacity = 1024) {
    this.counts = new Uint16Array(1 << hashBits);
    this.blockOf = new Uint8Array(1 << hashBits);
    this.touched = new Int32Array(capacity);
  }

  add(bucket: number, block: number): void {
    const count = this.counts[bucket] as number;
    if (count === 0) {
      if (this.size === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.size++] = bucket;
      this.blockOf[bucket] = block;
    }
    if (count < 0xffff) this.counts[bucket] = count + 1;
  }

  reset(): void {
    for (let i = 0; i < this.size; i++) this.counts[this.touched[i] as number] = 0;
    this.size = 0;
  }
}

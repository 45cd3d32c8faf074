/**
 * Counts the n-grams of one text by the model's columns, for a fitted featurizer: a bucket the
 * model kept no column for is dropped as it is hashed, and counts live in a table the size of
 * the model's columns (72 KB for banking77's 36k) rather than of the hash space (2 MB at 2^20).
 * Serving touches far less memory per request that way, which matters most when other
 * processes keep evicting the caches. `touched` lists the columns seen, in first-seen order,
 * and `reset` clears only those.
 *
 * @example const c = new ColumnCounter(Int32Array.of(-1, 0, 1), 2); c.add(1, 0); c.add(0, 0); c.size // 1
 */
export class ColumnCounter {
  readonly counts: Uint16Array;
  touched: Int32Array;
  size = 0;

  constructor(
    /** Column of each bucket of the hash space, −1 for buckets without one. */
    private readonly columnOf: Int32Array,
    columns: number,
    capacity = 1024,
  ) {
    this.counts = new Uint16Array(columns);
    this.touched = new Int32Array(capacity);
  }

  /** Counts one n-gram's bucket (its block is the column's own, fixed at fit time). */
  add(bucket: number, _block: number): void {
    const column = this.columnOf[bucket] as number;
    if (column < 0) return;
    const count = this.counts[column] as number;
    if (count === 0) {
      if (this.size === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.size++] = column;
    }
    if (count < 0xffff) this.counts[column] = count + 1;
  }

  reset(): void {
    for (let i = 0; i < this.size; i++) this.counts[this.touched[i] as number] = 0;
    this.size = 0;
  }
}

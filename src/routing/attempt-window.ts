/**
 * A target's recent attempts (time and whether it failed) in arrival order, at most `capacity`
 * of them: the oldest is dropped when a new one would exceed it. A ring of two typed arrays with
 * a running failure count. It was an array of `{ at, failed }` objects: at a few thousand
 * requests a second the window sits at its cap, so every attempt shifted the array and left an
 * object that lived for seconds (promoted, then collected by a full GC).
 *
 * @example
 * const window = new AttemptWindow(10_000);
 * window.push(Date.now(), false); window.dropBefore(Date.now() - 30_000); window.failures / window.size;
 */
export class AttemptWindow {
  private times: Float64Array;
  private failed: Uint8Array;
  /** Index of the oldest entry. */
  private head = 0;
  size = 0;
  failures = 0;

  constructor(private readonly capacity: number) {
    this.times = new Float64Array(Math.min(16, capacity));
    this.failed = new Uint8Array(this.times.length);
  }

  push(at: number, failed: boolean): void {
    if (this.size === this.times.length) {
      if (this.size < this.capacity) this.grow();
      else this.dropOldest();
    }
    const at_ = (this.head + this.size) % this.times.length;
    this.times[at_] = at;
    this.failed[at_] = failed ? 1 : 0;
    this.size++;
    if (failed) this.failures++;
  }

  /** Drops the entries older than `since`, from the oldest on (entries arrive in time order). */
  dropBefore(since: number): void {
    while (this.size > 0 && (this.times[this.head] as number) < since) this.dropOldest();
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.failures = 0;
  }

  private dropOldest(): void {
    if (this.failed[this.head] === 1) this.failures--;
    this.head = (this.head + 1) % this.times.length;
    this.size--;
  }

  /** Doubles the ring (up to the capacity), the oldest entry first. */
  private grow(): void {
    const length = Math.min(this.capacity, this.times.length * 2);
    const times = new Float64Array(length);
    const failed = new Uint8Array(length);
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) % this.times.length;
      times[i] = this.times[from] as number;
      failed[i] = this.failed[from] as number;
    }
    this.times = times;
    this.failed = failed;
    this.head = 0;
  }
}

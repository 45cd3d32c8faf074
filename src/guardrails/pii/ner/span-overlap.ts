import { sortByStart } from '../entity-types.js';

/**
 * Whether a span overlaps any of a fixed set of spans, in O(log n) a question: the rules that add
 * a finding only where none is ask this once per candidate, and asking with `findings.some(…)`
 * made a text of many findings quadratic (a 1.6 MB text of "flying to OSLO": 3.3 s). The index
 * is built on the first question, so a scan with no candidate (most prompts) allocates nothing.
 *
 * @example new SpanOverlap([{ start: 5, end: 9 }]).overlaps(8, 12) // true
 */
export class SpanOverlap {
  private starts: Int32Array | undefined;
  /** Largest end among the spans up to and including each index, in start order. */
  private maxEnds: Int32Array | undefined;

  constructor(private readonly spans: readonly { start: number; end: number }[]) {}

  /** Some span has `span.start < end` and `span.end > start`. */
  overlaps(start: number, end: number): boolean {
    if (!this.starts) this.index();
    const starts = this.starts!;
    // Count the spans that start before `end`; one of them overlaps when the furthest reaches past `start`.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.maxEnds![lo - 1]! > start;
  }

  private index(): void {
    const sorted = sortByStart([...this.spans]);
    this.starts = Int32Array.from(sorted, (s) => s.start);
    this.maxEnds = new Int32Array(sorted.length);
    let max = -1;
    sorted.forEach((s, i) => {
      max = Math.max(max, s.end);
      this.maxEnds![i] = max;
    });
  }
}

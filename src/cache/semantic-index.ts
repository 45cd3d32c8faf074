import { DocumentFrequencies, type TermWeights } from './term-weights.js';

/** A cached question close to the one asked: its exact cache key, cosine similarity and what was kept beside it. */
export interface Neighbour<F> {
  key: string;
  similarity: number;
  facts: F;
}

/**
 * Nearest-neighbour lookup for the semantic cache: unit vectors grouped by partition (the route,
 * format, scope and every request field except the last user message), so only requests that
 * differ in that message's wording can match. Each entry keeps small `facts` beside its vector
 * (the guard's: negation, numbers, content words), so a lookup can refuse a close entry that says
 * otherwise; with `termsOf`, it also counts in how many entries each word occurs (`weights`), so the
 * guard can tell a rare word that changes the question from a common one. Bounded by entry count,
 * oldest out first; a partition is scanned linearly (a few thousand dot products per lookup at most).
 */
export class SemanticIndex<F> {
  private readonly partitions = new Map<string, { key: string; vector: Float32Array; facts: F }[]>();
  /** Every entry's key → its partition, in insertion order (the eviction order). */
  private readonly order = new Map<string, string>();

  private readonly frequencies = new DocumentFrequencies();

  constructor(
    private readonly maxEntries: number,
    private readonly termsOf: (facts: F) => readonly string[] = () => [],
  ) {}

  /** The weight of each word among this index's entries (all partitions): rarer weighs more. */
  get weights(): TermWeights {
    return this.frequencies;
  }

  get size(): number {
    return this.order.size;
  }

  /**
   * The closest entry in `partition` that `accepts` takes, and the closest it refused when that one
   * is closer still (so a miss can say what it turned down and why), both at `floor` or above; and
   * the closest similarity of any entry (`closest`, for the trace). Entries below `floor` are not
   * offered to `accepts`: with a guard that refuses most entries, judging every one of 10,000 would
   * cost more than the scan. All undefined when the partition is empty.
   */
  nearest(partition: string, vector: Float32Array, accepts: (facts: F) => boolean = () => true, floor = -Infinity): { accepted?: Neighbour<F>; refused?: Neighbour<F>; closest?: number } {
    const entries = this.partitions.get(partition);
    let accepted: Neighbour<F> | undefined;
    let refused: Neighbour<F> | undefined;
    let closest = -Infinity;
    for (const entry of entries ?? []) {
      if (entry.vector.length !== vector.length) continue;
      let dot = 0;
      for (let i = 0; i < vector.length; i++) dot += (vector[i] as number) * (entry.vector[i] as number);
      if (dot > closest) closest = dot;
      if (dot < floor || (accepted && dot <= accepted.similarity)) continue;
      if (accepts(entry.facts)) accepted = { key: entry.key, similarity: dot, facts: entry.facts };
      else if (!refused || dot > refused.similarity) refused = { key: entry.key, similarity: dot, facts: entry.facts };
    }
    return {
      ...(accepted ? { accepted } : {}),
      ...(refused && (!accepted || refused.similarity > accepted.similarity) ? { refused } : {}),
      ...(Number.isFinite(closest) ? { closest } : {}),
    };
  }

  /** Adds (or replaces) the entry for an exact cache key. */
  add(partition: string, key: string, vector: Float32Array, facts: F): void {
    this.remove(key);
    let entries = this.partitions.get(partition);
    if (!entries) this.partitions.set(partition, (entries = []));
    entries.push({ key, vector, facts });
    this.frequencies.add(this.termsOf(facts));
    this.order.set(key, partition);
    while (this.order.size > this.maxEntries) this.remove(this.order.keys().next().value as string);
  }

  private remove(key: string): void {
    const partition = this.order.get(key);
    if (partition === undefined) return;
    this.order.delete(key);
    const entries = this.partitions.get(partition) ?? [];
    const index = entries.findIndex((e) => e.key === key);
    const [removed] = index >= 0 ? entries.splice(index, 1) : [];
    if (removed) this.frequencies.remove(this.termsOf(removed.facts));
    if (entries.length === 0) this.partitions.delete(partition);
  }
}

/**
 * A vector scaled to unit length, so a dot product is the cosine similarity.
 *
 * @example unitVector([3, 4]) // Float32Array [0.6, 0.8]
 */
export function unitVector(values: readonly number[]): Float32Array {
  let norm = 0;
  for (const v of values) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return Float32Array.from(values, (v) => v / norm);
}

import { DocumentFrequencies, type TermWeights } from './term-weights.js';
import { VectorSlots } from './vector-slots.js';

/** A cached question close to the one asked: its exact cache key, cosine similarity and what was kept beside it. */
export interface Neighbour<F> {
  key: string;
  similarity: number;
  facts: F;
}

/** One partition's entries of one vector length: the vectors in slots, and each slot's key, facts and age. */
interface Shelf<F> {
  vectors: VectorSlots;
  keys: (string | undefined)[];
  facts: (F | undefined)[];
  /** When each slot's entry came (a counter): of two entries as close, the older one wins. */
  added: number[];
  /** The shelf's keys in the order they came, so its oldest leaves first past its bound. */
  order: Set<string>;
}

/**
 * The most entries one partition keeps, by layout: a lookup compares the question with every entry
 * of its partition, so its cost grows with them (bench/semantic-cache-scale.mjs, load ~15 on 2 cores:
 * `hashed-v2` 0.11 ms among 10,000 and 0.97 ms among 100,000; an embedding model's 1,536-d vectors 2.0
 * and 14.2 ms), on the request path's thread. Past these, a partition's oldest entry leaves first,
 * whatever `max_entries` allows the route: a lookup stays near a millisecond of CPU however large the
 * route's cache (the sparse vectors of the lexical embedders cost about a tenth per entry of dense ones).
 */
export const PARTITION_BOUNDS = { sparse: 100_000, dense: 10_000 } as const;

/**
 * Nearest-neighbour lookup for the semantic cache: unit vectors grouped by partition (the route,
 * format, scope and every request field except the last user message), so only requests that
 * differ in that message's wording can match. Each entry keeps small `facts` beside its vector
 * (the guard's: negation, numbers, content words), so a lookup can refuse a close entry that says
 * otherwise; with `termsOf`, it also counts in how many entries each word occurs (`weights`), so the
 * guard can tell a rare word that changes the question from a common one. Bounded by entry count,
 * oldest out first (O(1): slots are reused). A lookup gives the exact dot product of every entry
 * that could matter, touching only the positions the query shares with them for the sparse vectors
 * of the lexical embedders, and, for an embedding model's dense vectors from 256 entries, computing
 * only the entries an int8 copy cannot rule out (vector-slots.ts, int8-rows.ts).
 */
export class SemanticIndex<F> {
  /** partition → vector length → its entries (vectors of another length never match). */
  private readonly partitions = new Map<string, Map<number, Shelf<F>>>();
  /** Every entry's key → where it is, in insertion order (the eviction order). */
  private readonly order = new Map<string, { partition: string; shelf: Shelf<F>; slot: number }>();
  private added = 0;

  private readonly frequencies = new DocumentFrequencies();

  constructor(
    private readonly maxEntries: number,
    private readonly termsOf: (facts: F) => readonly string[] = () => [],
    /** Per partition (and vector length), by layout: {@link PARTITION_BOUNDS} unless a test sets smaller ones. */
    private readonly partitionBounds: { sparse: number; dense: number } = PARTITION_BOUNDS,
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
   * cost more than the scan. Of two entries as close, the older one. All undefined when the
   * partition is empty.
   */
  nearest(partition: string, vector: Float32Array, accepts: (facts: F) => boolean = () => true, floor = -Infinity): { accepted?: Neighbour<F>; refused?: Neighbour<F>; closest?: number } {
    const shelf = this.partitions.get(partition)?.get(vector.length);
    if (!shelf) return {};
    const dots = shelf.vectors.dots(vector, floor);
    const { keys, facts, added } = shelf;
    // Closer, or as close and older: the order a linear scan in insertion order would keep.
    const beats = (slot: number, dot: number, other: number) => dot > (dots[other] as number) || (dot === dots[other] && (added[slot] as number) < (added[other] as number));
    let accepted = -1;
    let refused = -1;
    let closest = -Infinity;
    for (let slot = 0; slot < shelf.vectors.slots; slot++) {
      if (keys[slot] === undefined) continue;
      const dot = dots[slot] as number;
      if (dot > closest) closest = dot;
      // A NaN product (a vector holding NaN) is below nothing, and was taken as a match at any threshold.
      if (Number.isNaN(dot) || dot < floor || (accepted >= 0 && !beats(slot, dot, accepted))) continue;
      if (accepts(facts[slot] as F)) accepted = slot;
      else if (refused < 0 || beats(slot, dot, refused)) refused = slot;
    }
    const neighbour = (slot: number): Neighbour<F> => ({ key: keys[slot] as string, similarity: dots[slot] as number, facts: facts[slot] as F });
    return {
      ...(accepted >= 0 ? { accepted: neighbour(accepted) } : {}),
      ...(refused >= 0 && (accepted < 0 || (dots[refused] as number) > (dots[accepted] as number)) ? { refused: neighbour(refused) } : {}),
      ...(Number.isFinite(closest) ? { closest } : {}),
    };
  }

  /** Adds (or replaces) the entry for an exact cache key; the index keeps a copy of the vector's values. */
  add(partition: string, key: string, vector: Float32Array, facts: F): void {
    this.remove(key);
    // Oldest out before the new one comes in, so a partition never needs a slot past the bound.
    while (this.order.size >= this.maxEntries && this.order.size > 0) this.remove(this.order.keys().next().value as string);
    let shelves = this.partitions.get(partition);
    if (!shelves) this.partitions.set(partition, (shelves = new Map()));
    let shelf = shelves.get(vector.length);
    if (!shelf) shelves.set(vector.length, (shelf = { vectors: new VectorSlots(vector.length, vector, this.maxEntries), keys: [], facts: [], added: [], order: new Set() }));
    // The partition's own bound: its oldest out first, as for the index's.
    const bound = shelf.vectors.sparse ? this.partitionBounds.sparse : this.partitionBounds.dense;
    while (shelf.vectors.live >= bound && shelf.order.size > 0) this.remove(shelf.order.values().next().value as string);
    // A bound of 1 empties the shelf, which then leaves its partition: it is put back for the new entry.
    if (!this.partitions.has(partition)) this.partitions.set(partition, shelves);
    shelves.set(vector.length, shelf);
    const slot = shelf.vectors.insert(vector);
    shelf.keys[slot] = key;
    shelf.facts[slot] = facts;
    shelf.added[slot] = this.added++;
    shelf.order.add(key);
    this.frequencies.add(this.termsOf(facts));
    this.order.set(key, { partition, shelf, slot });
  }

  /**
   * Drops the entry for an exact cache key, its vector and its words (`weights` no longer count
   * them): the entry was deleted from the cache (an erasure), or found gone. False when absent.
   */
  delete(key: string): boolean {
    return this.remove(key);
  }

  private remove(key: string): boolean {
    const place = this.order.get(key);
    if (place === undefined) return false;
    this.order.delete(key);
    const { partition, shelf, slot } = place;
    shelf.order.delete(key);
    this.frequencies.remove(this.termsOf(shelf.facts[slot] as F));
    shelf.vectors.release(slot);
    shelf.keys[slot] = undefined;
    shelf.facts[slot] = undefined;
    if (shelf.vectors.live > 0) return true;
    const shelves = this.partitions.get(partition);
    shelves?.delete(shelf.vectors.dimensions);
    if (shelves?.size === 0) this.partitions.delete(partition);
    return true;
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
  if (norm === Infinity) {
    // Squares of values past ~1e154 sum to Infinity, and the vector came out all zeros (similar to
    // nothing, and cached as such): such a vector is scaled down by its largest value first.
    let max = 0;
    for (const v of values) if (Math.abs(v) > max) max = Math.abs(v);
    return unitVector(values.map((v) => v / max));
  }
  norm = Math.sqrt(norm) || 1;
  return Float32Array.from(values, (v) => v / norm);
}

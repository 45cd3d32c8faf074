import { Int8Rows } from './int8-rows.js';

/** Slots a partition starts with; it grows by doubling up to its bound. */
const FIRST_CAPACITY = 16;

/**
 * Dense slots from which an int8 copy bounds each product first (one WebAssembly memory per
 * partition this large, so not one per small partition; below it the plain scan costs ~0.03 ms).
 */
const FILTER_FROM = 256;

/** Share of non-zero positions up to which a block keeps postings instead of rows (see `VectorSlots`). */
const SPARSE_DENSITY = 0.25;

/** The slots holding one dimension's non-zero values: growable parallel arrays. */
interface Postings {
  slots: Int32Array;
  values: Float32Array;
  length: number;
}

/**
 * The vectors of one semantic-cache partition, all of one length, in numbered slots that are reused
 * as entries leave (O(1) per eviction, no array shifted), and the dot product of a query with every
 * slot. Two layouts, chosen by the first vector: lexical embedders (`hashed-v2`, `hashed`) give a few
 * dozen non-zero positions of 256, so a sparse block keeps postings per position and a lookup touches
 * only the positions the query has (~1/10 of the products); an embedding model's dense vectors go in
 * one contiguous Float32Array, row per slot. Both add the products position by position in increasing
 * order into a double, like a plain loop over the two vectors, so the dot products are bit for bit the
 * same (a product of two float32 is exact in a double, and the skipped terms are zeros). From
 * `FILTER_FROM` dense slots an int8 copy of the rows (int8-rows.ts) first bounds every product, and
 * only the rows that could be at the floor or the closest are computed exactly.
 */
export class VectorSlots {
  readonly sparse: boolean;
  private capacity = 0;
  /** Slots ever used: a lookup's loop bound (free slots below it are reused first). */
  private used = 0;
  private readonly free: number[] = [];
  private inUse = new Uint8Array(0);
  private count = 0;
  private rows = new Float32Array(0);
  private readonly postings: Postings[] = [];
  /** Sparse: each slot's non-zero positions, to take it out of their postings when it leaves. */
  private positions: (Int32Array | undefined)[] = [];
  private products = new Float64Array(0);
  /** Dense, from `FILTER_FROM` slots where WebAssembly SIMD is there: bounds on every product. */
  private filter: Int8Rows | undefined;
  /** Rows the last `dots` computed exactly (all of them without the filter), for benchmarks. */
  computed = 0;

  constructor(
    readonly dimensions: number,
    first: Float32Array,
    /** The most vectors it will hold at once (the index's bound): capacity never grows past it. */
    private readonly bound: number,
  ) {
    this.sparse = nonZeroPositions(first).length <= dimensions * SPARSE_DENSITY;
    if (this.sparse) for (let i = 0; i < dimensions; i++) this.postings.push({ slots: new Int32Array(0), values: new Float32Array(0), length: 0 });
  }

  /** Vectors held. */
  get live(): number {
    return this.count;
  }

  /** Slots below this may hold a vector: `dots` fills this many. */
  get slots(): number {
    return this.used;
  }

  /** Stores a copy of the vector's values (the caller may drop it) and returns its slot. */
  insert(vector: Float32Array): number {
    const slot = this.free.pop() ?? this.used++;
    if (slot >= this.capacity) this.grow();
    this.inUse[slot] = 1;
    this.count++;
    if (!this.sparse) {
      this.rows.set(vector, slot * this.dimensions);
      this.filter?.put(slot, vector);
      return slot;
    }
    const positions = nonZeroPositions(vector);
    this.positions[slot] = positions;
    for (const position of positions) push(this.postings[position] as Postings, slot, vector[position] as number);
    return slot;
  }

  release(slot: number): void {
    if (this.inUse[slot] !== 1) return;
    this.inUse[slot] = 0;
    this.count--;
    this.free.push(slot);
    if (!this.sparse) return;
    for (const position of this.positions[slot] ?? []) drop(this.postings[position] as Postings, slot);
    this.positions[slot] = undefined;
  }

  /**
   * The query's dot product with every slot below `slots` (a free slot's value means nothing), in a
   * buffer reused by the next call. A slot whose product is provably below `floor` and below another
   * slot's may read -Infinity instead: it can be neither at the floor nor the closest. Every other
   * value is the exact product.
   */
  dots(query: Float32Array, floor = -Infinity): Float64Array {
    const out = this.products;
    const d = this.dimensions;
    const candidates = this.filter?.candidates(query, this.used, this.inUse, floor);
    if (candidates) return this.candidateDots(query, candidates);
    this.computed = this.count;
    if (this.sparse) {
      out.fill(0, 0, this.used);
      for (let i = 0; i < d; i++) {
        const q = query[i] as number;
        if (q === 0) continue;
        const { slots, values, length } = this.postings[i] as Postings;
        for (let j = 0; j < length; j++) {
          const slot = slots[j] as number;
          out[slot] = (out[slot] as number) + q * (values[j] as number);
        }
      }
      return out;
    }
    // Four rows at a time: four independent sums (each still in position order) instead of one chain
    // of additions each waiting for the last, and each query value read once for the four.
    const rows = this.rows;
    let slot = 0;
    for (; slot + 4 <= this.used; slot += 4) {
      const b0 = slot * d;
      const b1 = b0 + d;
      const b2 = b1 + d;
      const b3 = b2 + d;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let i = 0; i < d; i++) {
        const q = query[i] as number;
        d0 += q * (rows[b0 + i] as number);
        d1 += q * (rows[b1 + i] as number);
        d2 += q * (rows[b2 + i] as number);
        d3 += q * (rows[b3 + i] as number);
      }
      out[slot] = d0;
      out[slot + 1] = d1;
      out[slot + 2] = d2;
      out[slot + 3] = d3;
    }
    for (; slot < this.used; slot++) {
      const base = slot * d;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += (query[i] as number) * (rows[base + i] as number);
      out[slot] = dot;
    }
    return out;
  }

  /** The exact products of the candidates; -Infinity for every other slot. */
  private candidateDots(query: Float32Array, candidates: Int32Array): Float64Array {
    const out = this.products;
    const { rows } = this;
    const d = this.dimensions;
    out.fill(-Infinity, 0, this.used);
    for (const slot of candidates) {
      const base = slot * d;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += (query[i] as number) * (rows[base + i] as number);
      out[slot] = dot;
    }
    this.computed = candidates.length;
    return out;
  }

  private grow(): void {
    const capacity = Math.max(this.used, Math.min(Math.max(FIRST_CAPACITY, this.capacity * 2), this.bound));
    const inUse = new Uint8Array(capacity);
    inUse.set(this.inUse);
    this.inUse = inUse;
    this.products = new Float64Array(capacity);
    if (!this.sparse) {
      const rows = new Float32Array(capacity * this.dimensions);
      rows.set(this.rows);
      this.rows = rows;
      this.growFilter(capacity);
    }
    this.capacity = capacity;
  }

  /** Dense: makes the int8 copy room for `capacity` rows, starting it (with the rows held) at `FILTER_FROM`. */
  private growFilter(capacity: number): void {
    if (capacity < FILTER_FROM) return;
    if (this.filter) {
      // Out of memory for the copy: every product is computed exactly, as without it.
      if (!this.filter.grow(capacity)) this.filter = undefined;
      return;
    }
    this.filter = Int8Rows.create(this.dimensions, capacity);
    const d = this.dimensions;
    for (let slot = 0; slot < this.used; slot++) if (this.inUse[slot] === 1) this.filter?.put(slot, this.rows.subarray(slot * d, slot * d + d));
  }
}

/** The positions of a vector's non-zero values, in increasing order. */
function nonZeroPositions(vector: Float32Array): Int32Array {
  let count = 0;
  for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) count++;
  const positions = new Int32Array(count);
  for (let i = 0, k = 0; i < vector.length; i++) if (vector[i] !== 0) positions[k++] = i;
  return positions;
}

function push(postings: Postings, slot: number, value: number): void {
  if (postings.length === postings.slots.length) {
    const size = Math.max(8, postings.length * 2);
    const slots = new Int32Array(size);
    slots.set(postings.slots);
    const values = new Float32Array(size);
    values.set(postings.values);
    postings.slots = slots;
    postings.values = values;
  }
  postings.slots[postings.length] = slot;
  postings.values[postings.length] = value;
  postings.length++;
}

/** Takes a slot out of one position's postings: the last one moves into its place (order does not matter). */
function drop(postings: Postings, slot: number): void {
  const at = postings.slots.subarray(0, postings.length).indexOf(slot);
  if (at < 0) return;
  const last = postings.length - 1;
  postings.slots[at] = postings.slots[last] as number;
  postings.values[at] = postings.values[last] as number;
  postings.length = last;
}

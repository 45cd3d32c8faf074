import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/seeded-random.js';
import { Int8Rows } from './int8-rows.js';
import { unitVector } from './semantic-index.js';
import { VectorSlots } from './vector-slots.js';

/** The dot product as the index's exact scan adds it: position by position into a double. */
function exactDot(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot;
}

/** Box–Muller over a seeded uniform: the same vectors on every run. */
function gaussians(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** What int8 rounding leaves of a row (its values scaled so the largest is ±127), as float32s. */
function roundingResidual(row: Float32Array): Float32Array {
  const scale = Math.max(...Array.from(row, Math.abs)) / 127;
  return Float32Array.from(row, (v) => v - scale * Math.round(v / scale));
}

/** Every slot live. */
const all = (count: number) => new Uint8Array(count).fill(1);

describe('int8 rows', () => {
  // Lengths off the module's 16 values a step, row counts off its 8 rows a pass, vectors not of unit
  // length, one dimension much larger than the rest.
  for (const [dimensions, rows] of [
    [1536, 203],
    [5, 13],
    [100, 7],
    [33, 64],
  ] as const) {
    it(`keeps every row that reaches the floor and the closest, of ${rows} rows of ${dimensions} values, through growth and reuse`, () => {
      const gaussian = gaussians(dimensions);
      const vector = (scale: number) => Float32Array.from({ length: dimensions }, (_, i) => gaussian() * scale * (i === 3 ? 20 : 1));
      const held = Int8Rows.create(dimensions, 4);
      expect(held).toBeDefined();
      const int8 = held as Int8Rows;
      const stored: Float32Array[] = [];
      for (let slot = 0; slot < rows; slot++) {
        if (slot >= 4 && (slot & (slot - 1)) === 0) expect(int8.grow(slot * 2)).toBe(true);
        const v = vector(slot % 3 === 0 ? 1 : 0.01);
        stored.push(v);
        int8.put(slot, v);
      }
      // A slot written again keeps only its new row.
      stored[1] = vector(3);
      int8.put(1, stored[1]);
      for (let k = 0; k < 15; k++) {
        // Stored rows, fresh vectors, and a row's own rounding residual, the query along which the
        // bound is tight (Cauchy–Schwarz holds with equality): a margin half as wide fails there.
        const query = k < 3 ? (stored[(k * 5) % rows] as Float32Array) : k < 6 ? roundingResidual(stored[(k * 7) % rows] as Float32Array) : vector(k % 2 === 0 ? 1 : 100);
        const exact = stored.map((row) => exactDot(query, row));
        const closest = Math.max(...exact);
        // A floor at each row's own product: that row reaches it (an interval too narrow above drops it).
        for (let slot = 0; slot < rows; slot++) expect([...(int8.candidates(query, rows, all(rows), exact[slot] as number) ?? [])]).toContain(slot);
        // No floor to reach: the closest row must still be kept (an interval too narrow below drops it).
        const kept = [...(int8.candidates(query, rows, all(rows), Infinity) ?? [])];
        expect(kept).toContain(exact.indexOf(closest));
        for (let slot = 0; slot < rows; slot++) if (!kept.includes(slot)) expect(exact[slot]).toBeLessThan(closest);
      }
    });
  }

  it('keeps hardly any row but a near-duplicate on 1,536-d unit vectors, and skips slots not live', () => {
    const gaussian = gaussians(7);
    const unit = () => unitVector(Array.from({ length: 1536 }, gaussian));
    const int8 = Int8Rows.create(1536, 64) as Int8Rows;
    const rows = Array.from({ length: 64 }, unit);
    rows.forEach((row, slot) => int8.put(slot, row));
    const near = unitVector(Array.from(rows[9] as Float32Array, (x) => x + 0.2 * gaussian() / Math.sqrt(1536)));
    expect([...(int8.candidates(near, 64, all(64), 0.95) ?? [])]).toEqual([9]);
    const live = all(64);
    live[9] = 0;
    // Without it, nothing reaches 0.95: the rows kept are those that could be the closest (~0.1).
    const kept = [...(int8.candidates(near, 64, live, 0.95) ?? [])];
    expect(kept).not.toContain(9);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(16);
  });

  it('always keeps a row that is not finite, and declines a query it cannot scale', () => {
    const int8 = Int8Rows.create(4, 8) as Int8Rows;
    int8.put(0, Float32Array.from([1, Number.NaN, 0, 0]));
    // The smallest float32s still scale (a float32's square never underflows in a double).
    int8.put(1, Float32Array.from([1e-40, 0, 0, 0]));
    int8.put(2, Float32Array.from([0, 0, 0, 0]));
    int8.put(3, Float32Array.from([0.6, 0.8, 0, 0]));
    const query = Float32Array.from([0, 1, 0, 0]);
    expect([...(int8.candidates(query, 4, all(4), 0.5) ?? [])]).toEqual([0, 3]);
    expect([...(int8.candidates(query, 4, all(4), 1e-41) ?? [])]).toEqual([0, 3]);
    expect([...(int8.candidates(Float32Array.from([1, 0, 0, 0]), 4, all(4), 1e-41) ?? [])]).toEqual([0, 1, 3]);
    // Every product is at a floor of -Infinity or NaN (the scan's `dot < floor` is false for both).
    expect([...(int8.candidates(query, 4, all(4), -Infinity) ?? [])]).toEqual([0, 1, 2, 3]);
    expect([...(int8.candidates(query, 4, all(4), Number.NaN) ?? [])]).toEqual([0, 1, 2, 3]);
    expect(int8.candidates(Float32Array.from([0, 0, 0, 0]), 4, all(4), 0.5)).toBeUndefined();
    expect(int8.candidates(Float32Array.from([1, Infinity, 0, 0]), 4, all(4), 0.5)).toBeUndefined();
    expect(int8.candidates(Float32Array.from([1, Number.NaN, 0, 0]), 4, all(4), 0.5)).toBeUndefined();
  });
});

describe('vector slots with an int8 copy', () => {
  it('computes exactly only the rows that could be at the floor or the closest, and those exactly', () => {
    const gaussian = gaussians(3);
    const unit = () => unitVector(Array.from({ length: 384 }, gaussian));
    const rows = Array.from({ length: 600 }, unit);
    const slots = new VectorSlots(384, rows[0] as Float32Array, 1000);
    for (const row of rows) slots.insert(row);
    // A freed slot is skipped, and its reuse holds the new row.
    slots.release(17);
    rows[17] = unit();
    expect(slots.insert(rows[17] as Float32Array)).toBe(17);
    for (const [query, floor] of [
      [rows[42], 0.95],
      [rows[17], 0.95],
      [unit(), 0.95],
      [unit(), -Infinity],
    ] as const) {
      const dots = slots.dots(query as Float32Array, floor);
      const exact = rows.map((row) => exactDot(query as Float32Array, row));
      const closest = Math.max(...exact);
      let computed = 0;
      for (let slot = 0; slot < rows.length; slot++) {
        if (dots[slot] === -Infinity) {
          expect(exact[slot]).toBeLessThan(floor);
          expect(exact[slot]).toBeLessThan(closest);
        } else {
          expect(dots[slot]).toBe(exact[slot]);
          computed++;
        }
      }
      expect(slots.computed).toBe(computed);
      // The closest row is always computed; with a floor, on these vectors, hardly any other (without
      // one every row is at the floor).
      expect(dots[exact.indexOf(closest)]).toBe(closest);
      if (floor === -Infinity) expect(computed).toBe(rows.length);
      else expect(computed).toBeLessThan(20);
    }
  });
});

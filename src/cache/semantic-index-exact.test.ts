import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../core/parse-csv.js';
import { seededRandom } from '../core/seeded-random.js';
import { meaningHashedEmbedder } from '../knowledge/embed/hashed-embedder.js';
import { type MeaningFacts, meaningConflict, meaningFacts } from './semantic-guard.js';
import { type Neighbour, SemanticIndex, unitVector } from './semantic-index.js';

type Found<F> = { accepted?: Neighbour<F>; refused?: Neighbour<F>; closest?: number };

/**
 * The index as it was before slots and postings: one object per entry, a plain dot product with
 * every entry of the partition in insertion order, findIndex + splice out. The index must give the
 * same answers, to the last bit of the similarity.
 */
class LinearScan<F> {
  private entries: { partition: string; key: string; vector: Float32Array; facts: F }[] = [];

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.length;
  }

  add(partition: string, key: string, vector: Float32Array, facts: F): void {
    const index = this.entries.findIndex((e) => e.key === key);
    if (index >= 0) this.entries.splice(index, 1);
    this.entries.push({ partition, key, vector: Float32Array.from(vector), facts });
    while (this.entries.length > this.maxEntries) this.entries.shift();
  }

  nearest(partition: string, vector: Float32Array, accepts: (facts: F) => boolean, floor: number): Found<F> {
    let accepted: Neighbour<F> | undefined;
    let refused: Neighbour<F> | undefined;
    let closest = -Infinity;
    for (const entry of this.entries) {
      if (entry.partition !== partition || entry.vector.length !== vector.length) continue;
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
}

describe('semantic index against a linear scan', () => {
  // Small integer components make many exact ties (the older entry must win, as in the scan); a few
  // vectors of another length share the partitions; a bound of 120 among 300 keys evicts and replaces.
  for (const [layout, dimensions, nonZero] of [
    ['sparse', 64, 6],
    ['dense', 48, 48],
  ] as const) {
    it(`gives the same neighbours and similarities on random ${layout} vectors, through evictions and replacements`, () => {
      const random = seededRandom(dimensions);
      const vector = (length: number) => {
        const values = Array.from({ length }, () => 0);
        for (let k = 0; k < (nonZero === dimensions ? length : 1 + Math.floor(random() * nonZero)); k++) values[Math.floor(random() * length)] = Math.floor(random() * 5) - 2;
        return unitVector(values);
      };
      const index = new SemanticIndex<number>(120);
      const scan = new LinearScan<number>(120);
      const stored: Float32Array[] = [];
      let compared = 0;
      let hits = 0;
      for (let step = 0; step < 3000; step++) {
        const partition = `p${Math.floor(random() * 3)}`;
        if (random() < 0.5) {
          const v = random() < 0.03 ? vector(dimensions + 8) : vector(dimensions);
          const key = `k${Math.floor(random() * 300)}`;
          const facts = Math.floor(random() * 10);
          index.add(partition, key, v, facts);
          scan.add(partition, key, v, facts);
          stored.push(v);
          continue;
        }
        const query = random() < 0.3 && stored.length > 0 ? (stored[Math.floor(random() * stored.length)] as Float32Array) : vector(dimensions);
        const floor = [-Infinity, -0.5, 0, 0.3, 0.9][Math.floor(random() * 5)] as number;
        const accepts = (facts: number) => facts % 3 !== 0;
        const found = index.nearest(partition, query, accepts, floor);
        expect(found).toEqual(scan.nearest(partition, query, accepts, floor));
        expect(index.size).toBe(scan.size);
        compared++;
        if (found.accepted) hits++;
      }
      // The cases are not trivial: many lookups, most of them finding something.
      expect(compared).toBeGreaterThan(1000);
      expect(hits).toBeGreaterThan(compared / 2);
    });
  }

  // From 256 dense slots an int8 copy bounds every product and only the rows that could matter are
  // computed: the answers must not move. Embedding-sized vectors, spread over every dimension, over a
  // few (a decaying spectrum) or dominated by one large dimension, with near-duplicates of stored ones
  // (hits at 0.95 and above), exact duplicates (ties) and a bound that evicts.
  for (const shape of ['spread', 'decaying', 'one large dimension'] as const) {
    it(`gives the same neighbours and similarities where an int8 copy bounds the products (1,536-d, ${shape})`, () => {
      const dimensions = 1536;
      const random = seededRandom(shape.length);
      const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const weight = (i: number) => (shape === 'decaying' ? 1 / Math.sqrt(1 + i) : shape === 'one large dimension' && i === 7 ? 30 : 1);
      const fresh = () => unitVector(Array.from({ length: dimensions }, (_, i) => gaussian() * weight(i)));
      const near = (v: Float32Array, noise: number) => unitVector(Array.from(v, (x, i) => x + noise * gaussian() * weight(i) / Math.sqrt(dimensions)));
      const index = new SemanticIndex<number>(400);
      const scan = new LinearScan<number>(400);
      const stored: Float32Array[] = [];
      for (let i = 0; i < 520; i++) {
        const v = stored.length > 0 && random() < 0.3 ? near(stored[Math.floor(random() * stored.length)] as Float32Array, 0.2) : fresh();
        const key = `k${i}`;
        index.add('p', key, v, i);
        scan.add('p', key, v, i);
        stored.push(v);
        // The same vector under another key: ties at every similarity, the older must win.
        if (i % 50 === 0) {
          index.add('p', `twin${i}`, v, i + 1);
          scan.add('p', `twin${i}`, v, i + 1);
        }
      }
      let hits = 0;
      for (let step = 0; step < 120; step++) {
        const kind = step % 3;
        const from = stored[stored.length - 1 - Math.floor(random() * 380)] as Float32Array;
        const query = kind === 0 ? from : kind === 1 ? near(from, 0.1 + random() * 0.4) : fresh();
        const floor = [-Infinity, 0, 0.5, 0.8, 0.95, 0.99][step % 6] as number;
        const accepts = (facts: number) => facts % 4 !== 0;
        const found = index.nearest('p', query, accepts, floor);
        expect(found).toEqual(scan.nearest('p', query, accepts, floor));
        if (found.accepted) hits++;
      }
      expect(hits).toBeGreaterThan(40);
    });
  }

  it('gives the same neighbours on banking77 with hashed-v2 and the guard, at the default threshold and far below it', async () => {
    const questions = (file: string) =>
      parseCsvRecords(readFileSync(new URL(`../../data/banking77/${file}`, import.meta.url), 'utf8'))
        .slice(1)
        .map((r) => r.fields[0] as string);
    const cached = questions('train.csv').slice(0, 1500);
    const lookups = questions('test.csv').slice(0, 400);
    const embedder = meaningHashedEmbedder(256);
    const cachedVectors = (await embedder.embed(cached)).map(unitVector);
    const lookupVectors = (await embedder.embed(lookups)).map(unitVector);
    // A bound below the questions cached: the first 500 are evicted on the way.
    const index = new SemanticIndex<MeaningFacts>(1000, (facts) => facts.words);
    const scan = new LinearScan<MeaningFacts>(1000);
    cached.forEach((text, i) => {
      const facts = meaningFacts(text);
      index.add('p', String(i), cachedVectors[i] as Float32Array, facts);
      scan.add('p', String(i), cachedVectors[i] as Float32Array, facts);
    });
    const outcomes = { accepted: 0, refused: 0 };
    for (const floor of [0.95, 0.5]) {
      lookups.forEach((text, i) => {
        const facts = meaningFacts(text);
        const accepts = (other: MeaningFacts) => meaningConflict(facts, other, index.weights) === undefined;
        const found = index.nearest('p', lookupVectors[i] as Float32Array, accepts, floor);
        expect(found).toEqual(scan.nearest('p', lookupVectors[i] as Float32Array, accepts, floor));
        if (found.accepted) outcomes.accepted++;
        if (found.refused) outcomes.refused++;
      });
    }
    expect(outcomes.accepted).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(50);
  });
});

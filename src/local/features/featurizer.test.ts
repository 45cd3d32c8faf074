import { describe, expect, it } from 'vitest';
import { rowOf } from '../sparse-dataset.js';
import { fitAndFeaturize, fitFeaturizer, SparseBuffer } from './featurizer.js';
import { DEFAULT_FEATURIZER_CONFIG } from './featurizer-config.js';
import { tokenize } from './tokenize.js';

const texts = ['My card has not arrived', 'When will my card arrive?', 'I lost my card', 'Top up failed again', "Why hasn't my top-up worked?"];
const norm = (values: Float32Array) => Math.sqrt(values.reduce((s, v) => s + v * v, 0));

describe('tokenize', () => {
  it('lower-cases, keeps contractions whole and maps digits to 0', () => {
    expect(tokenize("Where's my card? It's been 12 days, £25", 2000)).toEqual(["where's", 'my', 'card', "it's", 'been', '00', 'days', '00']);
  });

  it('reads at most maxChars characters', () => {
    expect(tokenize('card '.repeat(1000), 20)).toHaveLength(4);
  });
});

describe('featurizer', () => {
  const featurizer = fitFeaturizer(texts, DEFAULT_FEATURIZER_CONFIG);

  it('gives unit-length TF-IDF vectors with unique columns', () => {
    const x = featurizer.transform('my card has not arrived yet');
    expect(norm(x.values)).toBeCloseTo(1, 5);
    expect(new Set(x.indices).size).toBe(x.indices.length);
    expect(Math.max(...x.indices)).toBeLessThan(featurizer.dimension);
  });

  it('is deterministic and shares character n-grams across word forms', () => {
    const a = featurizer.transform('arrived');
    const b = featurizer.transform('arrive');
    expect(featurizer.transform('arrived')).toEqual(a);
    expect([...a.indices].filter((i) => b.indices.includes(i)).length).toBeGreaterThan(3);
  });

  it('weights rare n-grams above common ones (IDF)', () => {
    const x = featurizer.transform('my lost');
    const my = featurizer.transform('my');
    const lost = featurizer.transform('lost');
    const weightOf = (probe: typeof my) => {
      const i = [...x.indices].indexOf(probe.indices[0] as number);
      return i < 0 ? 0 : (x.values[i] as number);
    };
    expect(weightOf(lost)).toBeGreaterThan(0);
    expect(featurizer.state.idf[lost.indices[0] as number]).toBeGreaterThan(featurizer.state.idf[my.indices[0] as number] as number);
  });

  it('returns an empty vector for text with no known n-gram (huge input is cut, see maxChars)', () => {
    expect(featurizer.transform('').indices).toHaveLength(0);
    expect(featurizer.transform('🙂🙂 ???').indices).toHaveLength(0);
    expect(featurizer.transform('zq'.repeat(5_000_000)).indices).toHaveLength(0);
  });

  it('drops n-grams rarer than minDf', () => {
    const strict = fitFeaturizer(texts, { ...DEFAULT_FEATURIZER_CONFIG, minDf: 2 });
    expect(strict.dimension).toBeLessThan(featurizer.dimension);
    expect(strict.transform('lost').indices.length).toBeLessThan(featurizer.transform('lost').indices.length);
  });

  it('transformInto writes the same vector into a reused buffer, growing it for long texts', () => {
    const buffer = new SparseBuffer(4);
    for (const text of ['my card has not arrived yet', texts.join(' '), 'lost', '', 'top up failed']) {
      const n = featurizer.transformInto(text, buffer);
      const x = featurizer.transform(text);
      expect(n).toBe(x.indices.length);
      expect(buffer.indices.subarray(0, n)).toEqual(x.indices);
      expect(buffer.values.subarray(0, n)).toEqual(x.values);
    }
    expect(buffer.indices.length).toBeGreaterThan(4);
  });

  it('transform returns arrays of its own: a later call does not change an earlier vector', () => {
    const first = featurizer.transform('my card has not arrived');
    const copy = { indices: first.indices.slice(), values: first.values.slice() };
    featurizer.transform('top up failed again');
    expect(first).toEqual(copy);
  });

  it('fitAndFeaturize hashes each text once and gives the vectors transform gives', () => {
    const long = 'The quick brown fox jumps over the lazy dog while the card has not arrived. '.repeat(30);
    const all = [...texts, long, '§§§'];
    for (const config of [DEFAULT_FEATURIZER_CONFIG, { ...DEFAULT_FEATURIZER_CONFIG, minDf: 2 }]) {
      const { featurizer: fitted, data } = fitAndFeaturize(all, config);
      expect(fitted.state).toEqual(fitFeaturizer(all, config).state);
      expect(data.rows).toBe(all.length);
      all.forEach((text, i) => {
        const expected = fitted.transform(text);
        const row = rowOf(data, i);
        expect([...row.indices]).toEqual([...expected.indices]);
        expect([...row.values]).toEqual([...expected.values]);
      });
    }
  });

  it('fitAndFeaturize with an order packs row i from texts[order[i]], fitted as in the texts\' own order (colliding buckets too)', () => {
    const all = [...texts, 'card arrived late again', 'pin blocked after three tries', 'top up reverted', 'exchange rate for euros'];
    const order = Int32Array.from(all.map((_, i) => all.length - 1 - i));
    // 8 hash bits: word and character n-grams share buckets, so which text names a bucket's block matters.
    for (const config of [DEFAULT_FEATURIZER_CONFIG, { ...DEFAULT_FEATURIZER_CONFIG, hashBits: 8 }]) {
      const inOrder = fitAndFeaturize(all, config);
      const reordered = fitAndFeaturize(all, config, true, order);
      expect(reordered.featurizer.state).toEqual(inOrder.featurizer.state);
      order.forEach((from, i) => {
        expect([...rowOf(reordered.data, i).indices]).toEqual([...rowOf(inOrder.data, from).indices]);
        expect([...rowOf(reordered.data, i).values]).toEqual([...rowOf(inOrder.data, from).values]);
      });
    }
    expect(() => fitAndFeaturize(all, DEFAULT_FEATURIZER_CONFIG, true, order.subarray(1))).toThrow(`order lists ${all.length - 1} rows for ${all.length} texts`);
  });

  it('takes character n-grams from the first charMaxChars letters of words only, word n-grams from all', () => {
    const text = `${'alpha '.repeat(20)}zebra quagga`;
    const capped = fitFeaturizer([text, 'alpha beta'], { ...DEFAULT_FEATURIZER_CONFIG, charMaxChars: 40 });
    const full = fitFeaturizer([text, 'alpha beta'], { ...DEFAULT_FEATURIZER_CONFIG, charMaxChars: 2000 });
    const charColumns = (f: typeof capped, t: string) => [...f.transform(t).indices].filter((c) => f.state.blocks[c] === 1).length;
    const wordColumns = (f: typeof capped, t: string) => [...f.transform(t).indices].filter((c) => f.state.blocks[c] === 0).length;
    // "zebra" and "quagga" come after 100 letters of "alpha": their char n-grams are cut, not their words.
    expect(charColumns(capped, text)).toBe(charColumns(capped, 'alpha'));
    expect(charColumns(full, text)).toBeGreaterThan(charColumns(full, 'alpha') + 10);
    expect(wordColumns(capped, text)).toBe(wordColumns(full, text));
  });
});


import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import type { Example } from '../types.js';
import { stratifiedSplit } from './split.js';

const plain = (label: string, n: number): Example[] => Array.from({ length: n }, (_, i) => ({ text: `${label} ${i}`, label }));

describe('stratifiedSplit', () => {
  it('holds out the share of each label, keeping at least one of each on both sides', () => {
    const { train, validation } = stratifiedSplit([...plain('a', 50), ...plain('b', 2), ...plain('c', 10)], 0.1, seededRandom(1));
    const count = (list: Example[], label: string) => list.filter((e) => e.label === label).length;
    expect([count(validation, 'a'), count(validation, 'b'), count(validation, 'c')]).toEqual([5, 1, 1]);
    expect([count(train, 'a'), count(train, 'b'), count(train, 'c')]).toEqual([45, 1, 9]);
    expect(validation.every((e) => e.weight === undefined)).toBe(true);
  });

  it('holds out shadow samples in proportion to what they stand for, reweighted to count alongside the plain ones', () => {
    const shadow = (label: string, n: number, weight: number): Example[] => Array.from({ length: n }, (_, i) => ({ text: `${label} shadow ${i}`, label, weight }));
    const { train, validation } = stratifiedSplit([...plain('a', 100), ...shadow('a', 30, 20), ...plain('b', 100), ...shadow('b', 200, 2)], 0.1, seededRandom(2));
    // Standing for 20 requests at a share of 0.1: always held out, counting as 2 plain examples.
    const heldA = validation.filter((e) => e.text.startsWith('a shadow'));
    expect(heldA).toHaveLength(30);
    expect(heldA.every((e) => e.weight === 2)).toBe(true);
    // Standing for 2: held out with probability 0.2, then counting as 1 (each stands for 1/0.2 × 2 × 0.1 = 1 held-out slot).
    const heldB = validation.filter((e) => e.text.startsWith('b shadow'));
    expect(heldB.length).toBeGreaterThan(20);
    expect(heldB.length).toBeLessThan(60);
    expect(heldB.every((e) => e.weight === 1)).toBe(true);
    expect(train.filter((e) => e.text.startsWith('b shadow'))).toHaveLength(200 - heldB.length);
    expect(new Set([...train, ...validation].map((e) => e.text)).size).toBe(430);
  });

  it('keeps one example of a label made only of shadow samples to train on', () => {
    const only = Array.from({ length: 5 }, (_, i) => ({ text: `s${i}`, label: 'x', weight: 50 }));
    const { train, validation } = stratifiedSplit([...only, ...plain('y', 10)], 0.1, seededRandom(3));
    expect(train.filter((e) => e.label === 'x')).toHaveLength(1);
    expect(validation.filter((e) => e.label === 'x')).toHaveLength(4);
  });

  it('sends copies of a text to one side, so held-out figures do not measure memory', () => {
    const copies = (label: string, n: number, times: number): Example[] =>
      Array.from({ length: n * times }, (_, i) => ({ text: i % 2 ? `${label} text ${i % n}` : `  ${label.toUpperCase()} TEXT ${i % n} `, label }));
    const { train, validation } = stratifiedSplit([...copies('a', 40, 3), ...copies('b', 10, 5)], 0.1, seededRandom(7));
    const key = (e: Example) => e.text.trim().toLowerCase();
    const trained = new Set(train.map(key));
    expect(validation.filter((e) => trained.has(key(e)))).toEqual([]);
    expect(validation.filter((e) => e.label === 'a')).toHaveLength(12);
    expect(validation.filter((e) => e.label === 'b')).toHaveLength(5);
    expect(train.length + validation.length).toBe(170);
    // One text only: nothing to measure it on without training on the same text.
    const { validation: none } = stratifiedSplit([...copies('c', 1, 4), ...plain('d', 10)], 0.1, seededRandom(7));
    expect(none.filter((e) => e.label === 'c')).toEqual([]);
  });

  it('gives the source index of each train, then validation, example', () => {
    const examples = [...plain('a', 20), ...plain('b', 7)];
    const { train, validation, rows } = stratifiedSplit(examples, 0.2, seededRandom(5));
    expect(rows).toHaveLength(examples.length);
    expect(new Set(rows).size).toBe(examples.length);
    expect([...train, ...validation].map((e) => e.text)).toEqual([...rows].map((i) => (examples[i] as Example).text));
  });

  it('holds out the newest share of each label (the last in the order given), a text with its latest copy', () => {
    // Order: a0 … a19 interleaved with b0 … b9; 'a 3' is sent again at the very end.
    const examples = [...plain('a', 20), ...plain('b', 10), { text: 'A 3', label: 'a' }];
    const { train, validation } = stratifiedSplit(examples, 0.2, seededRandom(1), undefined, 'newest');
    const held = (label: string) => validation.filter((e) => e.label === label).map((e) => e.text).sort();
    // Four of 21 for 'a': its last copy pulls 'a 3' (both copies) in first, then 'a 19' and 'a 18'.
    expect(held('a')).toEqual(['A 3', 'a 18', 'a 19', 'a 3']);
    expect(held('b')).toEqual(['b 8', 'b 9']);
    expect(train).toHaveLength(25);
    // The same whatever the seed: which rows are newest does not depend on it.
    expect(stratifiedSplit(examples, 0.2, seededRandom(9), undefined, 'newest').validation.map((e) => e.text).sort()).toEqual(validation.map((e) => e.text).sort());
  });
});

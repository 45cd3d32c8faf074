import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import type { Example } from '../types.js';
import { stratifiedFolds } from './cross-fit.js';

const plain = (label: string, n: number): Example[] => Array.from({ length: n }, (_, i) => ({ text: `${label} ${i}`, label }));

describe('stratifiedFolds', () => {
  it('deals each label evenly over the folds', () => {
    const examples = [...plain('a', 50), ...plain('b', 12)];
    const fold = stratifiedFolds(examples, 5, seededRandom(1));
    const count = (label: string, f: number) => examples.filter((e, i) => e.label === label && fold[i] === f).length;
    expect([0, 1, 2, 3, 4].map((f) => count('a', f))).toEqual([10, 10, 10, 10, 10]);
    expect([0, 1, 2, 3, 4].map((f) => count('b', f)).sort()).toEqual([2, 2, 2, 3, 3]);
  });

  it('keeps copies of one text (case and spacing aside) in one fold', () => {
    const examples = [...plain('a', 20), { text: 'A  0', label: 'a' }, { text: 'a 0 ', label: 'a' }];
    const fold = stratifiedFolds(examples, 5, seededRandom(2));
    expect(fold[20]).toBe(fold[0]);
    expect(fold[21]).toBe(fold[0]);
  });

  it('is the same for the same seed', () => {
    const examples = plain('a', 30);
    expect(stratifiedFolds(examples, 5, seededRandom(3))).toEqual(stratifiedFolds(examples, 5, seededRandom(3)));
  });

  it('with the newest order, makes each fold a run of consecutive examples of a label', () => {
    const examples = [...plain('a', 20), ...plain('b', 10)];
    const fold = stratifiedFolds(examples, 5, seededRandom(4), undefined, 'newest');
    const of = (label: string) => examples.flatMap((e, i) => (e.label === label ? [fold[i]] : []));
    expect(of('a')).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
    // The next label starts its runs where the last left off, so labels smaller than k spread out.
    expect(of('b')).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    // Labels with fewer examples than folds take one fold each, starting where the last label ended.
    expect(stratifiedFolds([...plain('c', 2), ...plain('d', 2)], 5, seededRandom(4), undefined, 'newest')).toEqual(Int32Array.from([0, 1, 2, 3]));
  });
});

import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../__fixtures__/banking77-sample.js';
import { sameTextKey } from '../data/same-text.js';
import { tokenize } from '../features/tokenize.js';
import { seededRandom } from '../../core/seeded-random.js';
import { stratifiedFolds } from './cross-fit.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import { stratifiedSplit } from './split.js';

// Real Banking77 rows: the file's paraphrase batches ("I still have not received my card" / "I have not received my card yet").
const examples = banking77('train', EIGHT_LABELS, 60);
const words = examples.map((e) => new Set(tokenize(e.text, 2000)));
const jaccard = (a: number, b: number) => {
  const [x, y] = [words[a] as Set<string>, words[b] as Set<string>];
  const both = [...x].filter((w) => y.has(w)).length;
  return both / (x.size + y.size - both);
};
const members = (groups: Int32Array) => {
  const byRoot = new Map<number, number[]>();
  groups.forEach((root, i) => byRoot.set(root, [...(byRoot.get(root) ?? []), i]));
  return [...byRoot.values()];
};

describe('nearDuplicateGroups', () => {
  it('joins most same-label pairs at word Jaccard ≥ 0.5 (checked against all pairs)', () => {
    const groups = nearDuplicateGroups(examples, 0.5, 1);
    let near = 0;
    let joined = 0;
    for (let a = 0; a < examples.length; a++) {
      for (let b = a + 1; b < examples.length; b++) {
        if (examples[a]?.label !== examples[b]?.label || jaccard(a, b) < 0.5) continue;
        near++;
        if (groups[a] === groups[b]) joined++;
      }
    }
    expect(near).toBeGreaterThan(50);
    expect(joined / near).toBeGreaterThan(0.9);
  });

  it('groups only texts of one label, each joined to another member at the given overlap', () => {
    const groups = nearDuplicateGroups(examples, 0.5, 1);
    const grouped = members(groups).filter((g) => g.length > 1);
    expect(grouped.length).toBeGreaterThan(10);
    for (const group of grouped) {
      expect(new Set(group.map((i) => examples[i]?.label)).size).toBe(1);
      for (const i of group) expect(Math.max(...group.filter((j) => j !== i).map((j) => jaccard(i, j)))).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('never lets near pairs make a group over the share of its label', () => {
    const groups = nearDuplicateGroups(examples, 0.3, 0.1);
    const sizes = members(groups).map((g) => g.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
    expect(sizes.filter((s) => s > 1).length).toBeGreaterThan(10);
  });

  it('at 0 keeps only copies of one text together, as before', () => {
    const copies = [...examples.slice(0, 20), { text: `  ${examples[3]?.text.toUpperCase()} `, label: examples[3]?.label as string }];
    const groups = nearDuplicateGroups(copies, 0, 1);
    expect(groups[20]).toBe(3);
    const keys = new Set(copies.map((e) => `${e.label} ${sameTextKey(e.text)}`));
    expect(members(groups).length).toBe(keys.size);
  });

  it('keeps each group on one side of the hold-out split and in one cross-fitting fold', () => {
    const groups = nearDuplicateGroups(examples, 0.5, 0.1);
    const { train, rows } = stratifiedSplit(examples, 0.1, seededRandom(4), groups);
    const side = new Map<number, string>();
    rows.forEach((row, position) => {
      const here = position < train.length ? 'train' : 'validation';
      const root = groups[row] as number;
      expect(side.get(root) ?? here).toBe(here);
      side.set(root, here);
    });
    const together = nearDuplicateGroups(examples, 0.5, 0.2);
    const fold = stratifiedFolds(examples, 5, seededRandom(5), together);
    for (const group of members(together)) expect(new Set(group.map((i) => fold[i])).size).toBe(1);
  });
});

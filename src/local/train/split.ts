import type { Random } from '../../core/clock.js';
import { shuffled } from '../../core/seeded-random.js';
import type { Example } from '../types.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import type { ValidationOrder } from './train-options.js';

/**
 * Stratified hold-out: per label, a seeded shuffle sends `share` of its examples (at least one)
 * to validation, so every label is both trained on and measured. Copies of one text (case and
 * spacing aside) go to the same side; a label whose examples are all one text is not measured.
 *
 * An example standing for `w` requests (a shadow sample, `weight` > 1) is held out with
 * probability min(1, share × w) instead, and keeps the weight that makes it count for what it
 * stands for beside the plain examples (w × share ÷ that probability, so 1 when w ≤ 1/share).
 * Shadow samples are few but stand for most of the traffic a live model answers; held out this
 * way they weigh about as much as the plain examples, and the held-out precision rests on every
 * one of them instead of on a handful of heavy ones.
 *
 * `groups` (from `nearDuplicateGroups`; default: copies only) says which examples go to one side together.
 * `rows` gives the index in `examples` of each train example, then of each validation example.
 *
 * @example stratifiedSplit(examples, 0.1, seededRandom(1)).validation.length
 */
export function stratifiedSplit(
  examples: readonly Example[],
  share: number,
  random: Random,
  groups: Int32Array = nearDuplicateGroups(examples, 0, 1),
  order: ValidationOrder = 'random',
): { train: Example[]; validation: Example[]; rows: Int32Array } {
  const byLabel = new Map<string, { plain: number[]; weighted: number[] }>();
  examples.forEach((example, i) => {
    let group = byLabel.get(example.label);
    if (!group) byLabel.set(example.label, (group = { plain: [], weighted: [] }));
    if ((example.weight ?? 1) > 1) group.weighted.push(i);
    else group.plain.push(i);
  });
  const train: number[] = [];
  const validation: Example[] = [];
  const validationRows: number[] = [];
  const labels = [...byLabel.keys()].sort();
  for (const label of labels) {
    const { plain, weighted } = byLabel.get(label) as { plain: number[]; weighted: number[] };
    const target = Math.min(plain.length - 1, Math.max(1, Math.round(plain.length * share)));
    const kept: number[] = [];
    let held = 0;
    // Newest: the latest groups first (a group is as new as its latest member), so the held-out
    // part is the most recent share of the label, as tomorrow's traffic is newer than all of it.
    const candidates = order === 'newest' ? together(groups, plain.slice().reverse()) : together(groups, shuffled(plain, random));
    for (const copies of candidates) {
      // A group goes whole to one side; the first one held may overshoot so that the label is measured.
      const fits = held + copies.length <= target || (held === 0 && plain.length - copies.length >= 1);
      if (held < target && fits) {
        for (const i of copies) {
          validation.push(examples[i] as Example);
          validationRows.push(i);
        }
        held += copies.length;
      } else kept.push(...copies);
    }
    for (const i of shuffled(weighted, random)) {
      const example = examples[i] as Example;
      const weight = example.weight as number;
      const odds = Math.min(1, share * weight);
      // Every label keeps one example to train on.
      if (kept.length > 0 && random() < odds) {
        validation.push({ ...example, weight: (weight * share) / odds });
        validationRows.push(i);
      } else kept.push(i);
    }
    train.push(...kept);
  }
  const trainRows = shuffled(train, random);
  return { train: trainRows.map((i) => examples[i] as Example), validation, rows: Int32Array.from([...trainRows, ...validationRows]) };
}

/**
 * The (shuffled) indices grouped as `groups` says, each group where its first member fell: a text
 * sent many times, as traffic sends the commonest requests, must not be trained on and measured
 * at once, or the held-out figures measure memory (a file of every text three times read 100%);
 * nor must a near-paraphrase of it. With every group a single text the groups are the indices one
 * by one, and the split is the one the plain shuffle gave.
 */
function together(groups: Int32Array, indices: readonly number[]): number[][] {
  const byGroup = new Map<number, number[]>();
  for (const i of indices) {
    const key = groups[i] as number;
    const group = byGroup.get(key);
    if (group) group.push(i);
    else byGroup.set(key, [i]);
  }
  return [...byGroup.values()];
}

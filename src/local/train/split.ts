import type { Random } from '../../core/clock.js';
import { shuffled } from '../../core/seeded-random.js';
import type { Example } from '../types.js';

/**
 * Stratified hold-out: per label, a seeded shuffle sends `share` of its examples (at least one)
 * to validation, so every label is both trained on and measured.
 *
 * An example standing for `w` requests (a shadow sample, `weight` > 1) is held out with
 * probability min(1, share × w) instead, and keeps the weight that makes it count for what it
 * stands for beside the plain examples (w × share ÷ that probability, so 1 when w ≤ 1/share).
 * Shadow samples are few but stand for most of the traffic a live model answers; held out this
 * way they weigh about as much as the plain examples, and the held-out precision rests on every
 * one of them instead of on a handful of heavy ones.
 *
 * `rows` gives the index in `examples` of each train example, then of each validation example.
 *
 * @example stratifiedSplit(examples, 0.1, seededRandom(1)).validation.length
 */
export function stratifiedSplit(examples: readonly Example[], share: number, random: Random): { train: Example[]; validation: Example[]; rows: Int32Array } {
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
    const items = shuffled(plain, random);
    const held = Math.min(items.length - 1, Math.max(1, Math.round(items.length * share)));
    for (const i of items.slice(0, Math.max(0, held))) {
      validation.push(examples[i] as Example);
      validationRows.push(i);
    }
    const kept = items.slice(Math.max(0, held));
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

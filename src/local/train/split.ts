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
 * @example stratifiedSplit(examples, 0.1, seededRandom(1)).validation.length
 */
export function stratifiedSplit(examples: readonly Example[], share: number, random: Random): { train: Example[]; validation: Example[] } {
  const byLabel = new Map<string, { plain: Example[]; weighted: Example[] }>();
  for (const example of examples) {
    let group = byLabel.get(example.label);
    if (!group) byLabel.set(example.label, (group = { plain: [], weighted: [] }));
    if ((example.weight ?? 1) > 1) group.weighted.push(example);
    else group.plain.push(example);
  }
  const train: Example[] = [];
  const validation: Example[] = [];
  const labels = [...byLabel.keys()].sort();
  for (const label of labels) {
    const { plain, weighted } = byLabel.get(label) as { plain: Example[]; weighted: Example[] };
    const items = shuffled(plain, random);
    const held = Math.min(items.length - 1, Math.max(1, Math.round(items.length * share)));
    validation.push(...items.slice(0, Math.max(0, held)));
    const kept = items.slice(Math.max(0, held));
    for (const example of shuffled(weighted, random)) {
      const weight = example.weight as number;
      const odds = Math.min(1, share * weight);
      // Every label keeps one example to train on.
      if (kept.length > 0 && random() < odds) validation.push({ ...example, weight: (weight * share) / odds });
      else kept.push(example);
    }
    train.push(...kept);
  }
  return { train: shuffled(train, random), validation };
}

import type { Random } from '../../core/clock.js';
import { shuffled } from '../../core/seeded-random.js';
import type { Example } from '../types.js';

/**
 * Stratified hold-out: per label, a seeded shuffle sends `share` of its examples (at least one)
 * to validation, so every label is both trained on and measured.
 *
 * @example stratifiedSplit(examples, 0.1, seededRandom(1)).validation.length
 */
export function stratifiedSplit(examples: readonly Example[], share: number, random: Random): { train: Example[]; validation: Example[] } {
  const byLabel = new Map<string, Example[]>();
  for (const example of examples) {
    const list = byLabel.get(example.label);
    if (list) list.push(example);
    else byLabel.set(example.label, [example]);
  }
  const train: Example[] = [];
  const validation: Example[] = [];
  const labels = [...byLabel.keys()].sort();
  for (const label of labels) {
    const items = shuffled(byLabel.get(label) as Example[], random);
    const held = Math.min(items.length - 1, Math.max(1, Math.round(items.length * share)));
    validation.push(...items.slice(0, held));
    train.push(...items.slice(held));
  }
  return { train: shuffled(train, random), validation };
}

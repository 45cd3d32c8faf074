import type { Example } from './types.js';

export interface MajorityBaseline {
  /** The commonest label (by weight) and its share of the examples. */
  label: string;
  share: number;
  /**
   * Whether the held-out accuracy is credibly above that share (one-sided, z standard errors of a
   * binomial share at the baseline's rate over the held-out count): a model that is not has
   * learned little beyond how often each label occurs, whatever its precision reads.
   */
  beaten: boolean;
}

/**
 * What always answering the commonest label would score, next to a model's held-out accuracy. On
 * a file where one label is 97% of the examples, a model that learned nothing reads 97% accurate
 * and meets a 95% precision bar; this says so.
 *
 * @example majorityBaseline(examples, 0.9707, 750).beaten // false for labels unrelated to the texts
 */
export function majorityBaseline(examples: readonly Example[], heldOutAccuracy: number, heldOutExamples: number, z = 1.645): MajorityBaseline {
  const weights = new Map<string, number>();
  let total = 0;
  for (const example of examples) {
    const weight = example.weight ?? 1;
    weights.set(example.label, (weights.get(example.label) ?? 0) + weight);
    total += weight;
  }
  let label = '';
  let top = -1;
  for (const [name, weight] of weights) if (weight > top) [label, top] = [name, weight];
  const share = total === 0 ? 0 : top / total;
  const margin = z * Math.sqrt((share * (1 - share)) / Math.max(1, heldOutExamples));
  return { label, share, beaten: heldOutAccuracy > share + margin };
}

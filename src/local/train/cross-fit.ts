import type { Random } from '../../core/clock.js';
import { shuffled } from '../../core/seeded-random.js';
import { WordVocabulary } from '../features/word-vocabulary.js';
import type { Featurizer } from '../features/featurizer.js';
import { reorderRows, rowOf, type SparseDataset } from '../sparse-dataset.js';
import type { Example } from '../types.js';
import { scoreInto } from './linear-model.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import type { ValidationOrder } from './train-options.js';
import { type SoftmaxOptions, trainSoftmax } from './train-softmax.js';

/**
 * The fold (0 … k−1) of each example, stratified: per label, a seeded shuffle of its texts dealt
 * round-robin, each of `groups` (from `nearDuplicateGroups`; default: copies of one text, case and
 * spacing aside) in one fold so that no text, nor a near-paraphrase of it, is trained on and scored at once.
 *
 * @example stratifiedFolds(examples, 5, seededRandom(1)) // Int32Array [3, 0, 4, …]
 */
export function stratifiedFolds(examples: readonly Example[], k: number, random: Random, groups: Int32Array = nearDuplicateGroups(examples, 0, 1), order: ValidationOrder = 'random'): Int32Array {
  const byLabel = new Map<string, Map<number, number[]>>();
  examples.forEach((example, i) => {
    let byGroup = byLabel.get(example.label);
    if (!byGroup) byLabel.set(example.label, (byGroup = new Map()));
    const key = groups[i] as number;
    const members = byGroup.get(key);
    if (members) members.push(i);
    else byGroup.set(key, [i]);
  });
  const fold = new Int32Array(examples.length);
  // Each label starts where the last ended, so labels with fewer examples than folds spread out.
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const inOrder = [...(byLabel.get(label) as Map<number, number[]>).values()];
    if (order === 'newest') {
      // Blocked folds: each fold a run of consecutive examples (groups in order of their first
      // member), so a batch written together is scored by a model that saw none of it.
      const m = inOrder.length;
      inOrder.forEach((group, j) => {
        for (const i of group) fold[i] = (next + (m < k ? j : Math.floor((j * k) / m))) % k;
      });
      next = (next + Math.min(k, inOrder.length)) % k;
      continue;
    }
    for (const group of shuffled(inOrder, random)) {
      for (const i of group) fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

/** Out-of-fold scores of every example, and how new its words were to the other folds. */
export interface CrossFitScores {
  scores: Float64Array[];
  unseen: number[];
}

/**
 * Cross-fitting: for each fold, a model trained on the other folds scores it, so every example
 * gets a score from a model that never saw it. `data` and `labels` are in `examples` order.
 *
 * @example crossFitScores(examples, data, labels, featurizer, folds, 5, sgd, (f, done) => undefined).scores.length === examples.length
 */
export function crossFitScores(
  examples: readonly Example[],
  data: SparseDataset,
  labels: Int32Array,
  featurizer: Featurizer,
  folds: { of: Int32Array; count: number },
  classes: number,
  sgd: SoftmaxOptions,
  onEpoch: (fold: number, epoch: number) => void,
): CrossFitScores {
  const scores: Float64Array[] = new Array(examples.length);
  const unseen: number[] = new Array(examples.length).fill(0);
  const shape = { dimension: featurizer.dimension, classes };
  for (let f = 0; f < folds.count; f++) {
    const fitRows: number[] = [];
    const heldRows: number[] = [];
    folds.of.forEach((fold, i) => (fold === f ? heldRows : fitRows).push(i));
    if (heldRows.length === 0) continue;
    const fitOrder = Int32Array.from(fitRows);
    const run = trainSoftmax(reorderRows(data, fitOrder), Int32Array.from(fitRows, (i) => labels[i] as number), shape, { ...sgd, onEpoch: (done) => onEpoch(f, done) });
    const vocabulary = new WordVocabulary(
      fitRows.map((i) => (examples[i] as Example).text),
      featurizer.state.config,
    );
    for (const i of heldRows) {
      scores[i] = scoreInto(run.model, rowOf(data, i), new Float64Array(classes));
      unseen[i] = vocabulary.unseenShare((examples[i] as Example).text);
    }
  }
  return { scores, unseen };
}

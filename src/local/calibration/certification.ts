import type { ModelInfo } from '../classifier.js';

/** How `chooseThreshold` tests thresholds, as recorded in a model's `training.thresholdTest`. */
export const THRESHOLD_TEST = 'fixed-sequence';

/**
 * One sentence saying on what and how a model's threshold was certified, from what its file
 * records, so that `local train` and `local eval` tell users what the precision promise rests on.
 * Files written before a setting existed are described as they were trained (exact copies only,
 * every threshold tested, a random hold-out).
 *
 * @example certificationNote(model.info) // 'threshold certified on the newest 10% of each label (the last in the order given), held out; …'
 */
export function certificationNote(info: Pick<ModelInfo, 'training' | 'precisionZ'>): string {
  const t = info.training;
  const folds = Number(t.crossFitFolds ?? 1);
  const jaccard = Number(t.nearDuplicateJaccard ?? 0);
  const share = Number(t.validationShare ?? 0.1);
  // Files from before the setting existed were held out at random.
  const newest = t.validationOrder === 'newest';
  const part =
    folds > 1
      ? `every example scored by a model trained on the other ${folds - 1} of ${folds} folds${newest ? ' (each fold a run of consecutive examples of each label)' : ''}`
      : newest
        ? `the newest ${Math.round(share * 100)}% of each label (the last in the order given), held out`
        : `a random ${Math.round(share * 100)}% of each label, held out`;
  const together =
    jaccard > 0
      ? `each text kept on one side with its near-paraphrases (same label, ≥ ${Math.round(jaccard * 100)}% of words shared), so no held-out text had a near-twin trained on`
      : 'exact copies of a text kept on one side, near-paraphrases not (a file written in batches of paraphrases reads easier held out than new phrasings will)';
  const test =
    t.thresholdTest === THRESHOLD_TEST
      ? `thresholds tested from the most confident answers down, one per 2% of coverage, stopping at the first whose precision's one-sided Wilson bound (z ${info.precisionZ}) is under the target`
      : `the lowest threshold whose precision's one-sided Wilson bound (z ${info.precisionZ}) reaches the target`;
  return `threshold certified on ${part}; ${together}; ${test}`;
}

import type { Clock } from '../../core/clock.js';
import type { ClassifyTask } from '../../config/task-schema.js';
import { countOf } from '../../core/plural.js';
import type { LocalClassifier } from '../classifier.js';
import type { ExampleStore, StoredExample } from '../examples/example-store.js';
import type { PromotionMetrics } from '../registry/decide-promotion.js';
import { identicalVersion } from '../registry/identical-version.js';
import type { ModelRegistry, ModelVersion, PromotionResult } from '../registry/model-registry.js';
import type { WorkerTrainOptions } from '../train/train-in-worker.js';
import type { TrainedModel } from '../train/trained-model.js';
import type { Example } from '../types.js';
import { trainingDataOf } from '../examples/keep-file-examples.js';

/** What training a route's next version needs. */
export interface TrainVersionDeps {
  registry: ModelRegistry;
  examples: ExampleStore;
  clock: Clock;
  /** Trains, serialises and decodes off the event loop (`trainInWorker`). */
  train: (examples: readonly Example[], options: WorkerTrainOptions) => Promise<TrainedModel>;
}

/**
 * A version trained and registered (and promoted, if `promotion.promote`), or why none was:
 * too few labels to train, or (`identical`) a model the route already has.
 */
export type TrainedVersion =
  | { registered: false; why: string; identical?: ModelVersion }
  | {
      registered: true;
      version: ModelVersion;
      /** Its examples by where they came from: labelled files (`local train --route`), the teacher's answers, reviews. */
      data: Record<StoredExample['source'], number>;
      /** What the registered file decodes to: what this process serves if it was promoted. */
      model: LocalClassifier;
      metrics: PromotionMetrics;
      promotion: PromotionResult;
    };

/**
 * Trains a route's next version on its stored examples, registers it, and promotes it if its
 * held-out figures meet the route's bar, unless the route is pinned: an operator's rollback,
 * promote or demote by hand pins it, and the pin is read in the promotion's own transaction, so a
 * change by hand made meanwhile always wins.
 *
 * @example const trained = await trainVersion('support-intent', task, deps); if (trained.registered && trained.promotion.promote) serve(trained.model);
 */
export async function trainVersion(route: string, task: ClassifyTask, deps: TrainVersionDeps): Promise<TrainedVersion> {
  const stored = await deps.examples.list(route, task.max_examples);
  const examples = trainable(stored, task.min_examples_per_label);
  const labels = new Set(examples.map((e) => e.label));
  if (labels.size < 2) {
    return { registered: false, why: `${examples.length} usable examples over ${countOf(labels.size, 'label')}: training needs at least 2 labels with ${task.min_examples_per_label}+ examples each` };
  }
  // Hold out enough to judge precision with some confidence (~200 examples), without starving
  // training when data is scarce.
  const validationShare = Math.min(0.3, Math.max(0.1, 200 / examples.length));
  const { model, bytes } = await deps.train(examples, {
    minPrecision: task.min_precision,
    minExamplesPerLabel: task.min_examples_per_label,
    validationShare,
    // Not the newest share (the default for files): once a model is live, a route's newest plain
    // examples are only what it escalated, the hard ones, so held out newest they outweigh the
    // shadow samples that stand for what it answered, and the held-out coverage reads low (the
    // demo answered 42% and 52% locally in two runs held out newest, 61% held out at random;
    // docs/measurements.md, "newest share").
    validationOrder: 'random',
    // Nor the per-label minimum for files: a route's examples are its own traffic, sampled as its
    // next requests are, so a label's held-out rows are not one batch with its training rows.
    minExamplesToAnswer: 0,
    distanceGate: task.distance_gate,
    ...(task.max_distant_share !== undefined ? { maxDistantShare: task.max_distant_share } : {}),
    now: () => deps.clock.now(),
  });
  const data = trainingDataOf(trainableStored(stored, task.min_examples_per_label));
  // Kept with the version (`switchyard models`): how much of it came from files, traffic and reviews.
  const metrics = { ...model.info.metrics, trainedOn: data };
  // Unchanged examples and settings train the same model (the split and the seed follow the
  // data): registering it again made a copy at every scheduled or on-demand retrain, and
  // promoted a copy of a version the shadow monitor had pulled. The CLI's `--register-again` guard.
  const same = await identicalVersion(deps.registry, route, model.info.trainingDataHash, metrics);
  if (same) {
    const why = `identical to v${same.version} (${same.status}; same data version ${same.dataVersion.slice(0, 12)}, same held-out figures): not registered again`;
    return { registered: false, why, identical: same };
  }
  const version = await deps.registry.register({ route, dataVersion: model.info.trainingDataHash, metrics, model: bytes, createdAt: deps.clock.now() });
  const promotion = await deps.registry.promote(route, version.version, { minPrecision: task.min_precision, minCoverage: task.min_coverage }, deps.clock.now(), { unlessPinned: true });
  return { registered: true, version, model, metrics, promotion, data };
}

/** Examples of labels with enough support to learn; the rest stay with the teacher for now. */
function trainableStored(examples: readonly StoredExample[], minPerLabel: number): StoredExample[] {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  return examples.filter((e) => (counts.get(e.label) ?? 0) >= minPerLabel);
}

function trainable(examples: readonly StoredExample[], minPerLabel: number): Example[] {
  return trainableStored(examples, minPerLabel).map((e) => (e.weight === undefined || e.weight === 1 ? { text: e.text, label: e.label } : { text: e.text, label: e.label, weight: e.weight }));
}

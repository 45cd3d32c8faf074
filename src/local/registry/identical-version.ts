import { sameAsStored } from '../../core/same-as-stored.js';
import type { PromotionMetrics } from './decide-promotion.js';
import type { ModelRegistry, ModelVersion } from './model-registry.js';

/**
 * The version of `route` trained on the same data (its `dataVersion`, the training data's hash)
 * with the same held-out figures: what registering this model would only copy. A run repeated on
 * unchanged data (a scheduled `local train --promote`) found none and added an identical version
 * each time.
 *
 * @example await identicalVersion(registry, 'support-intent', model.info.trainingDataHash, metrics) // { version: 1, … } or undefined
 */
export async function identicalVersion(registry: ModelRegistry, route: string, dataVersion: string, metrics: PromotionMetrics): Promise<ModelVersion | undefined> {
  return (await registry.list(route)).find((v) => v.dataVersion === dataVersion && sameAsStored(heldOut(v.metrics), heldOut(metrics)));
}

/** The held-out figures alone: what the examples were (`trainedOn`) follows from the data version. */
function heldOut(metrics: PromotionMetrics): PromotionMetrics {
  const { trainedOn: _, ...figures } = metrics;
  return figures;
}

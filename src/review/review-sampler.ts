import type { TraceRecord } from '../core/trace.js';
import type { TraceSink } from '../core/trace-store.js';
import type { LowConfidenceLimits } from './review-caps.js';
import type { ReviewStore } from './review-store.js';
import { itemsForTraces, lowConfidenceSample } from './sampling.js';

/** `review.low_confidence` when the config says nothing. */
export const DEFAULT_LOW_CONFIDENCE: LowConfidenceLimits = { below: 0.5, per_hour: 10, per_day: 50 };

/**
 * The trace writer's review sink: flagged and rule-sampled traces of each stored batch become
 * review items, and so does a bounded sample of low-confidence ones, capped by the store over
 * what every replica queued (`ReviewStore.enqueueCapped`). Rules are read per batch (the store
 * caches them), so a rule saved on any replica applies to the next batch; re-delivering a batch
 * queues nothing twice.
 *
 * @example new TraceWriter({ store: storeSink(traces), derived: [reviewSampler(reviews, config.review.low_confidence)] }, options)
 */
export function reviewSampler(reviews: Pick<ReviewStore, 'listRules' | 'enqueueSampled' | 'enqueueCapped'>, lowConfidence: LowConfidenceLimits = DEFAULT_LOW_CONFIDENCE): TraceSink {
  return {
    name: 'review sampler',
    async write(batch: readonly TraceRecord[]) {
      const found = itemsForTraces(batch, await reviews.listRules(), lowConfidence.below);
      if (found.items.length > 0) await reviews.enqueueSampled(found.items);
      if (found.lowConfidence.length > 0 && lowConfidence.per_hour > 0 && lowConfidence.per_day > 0) await reviews.enqueueCapped('low_confidence', lowConfidence, found.lowConfidence.map(lowConfidenceSample));
    },
  };
}

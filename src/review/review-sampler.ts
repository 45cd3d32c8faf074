import type { TraceRecord } from '../core/trace.js';
import type { TraceSink } from '../core/trace-store.js';
import type { ReviewStore } from './review-store.js';
import { itemsForTraces } from './sampling.js';

/**
 * The trace writer's review sink: flagged, low-confidence and rule-sampled traces of each stored
 * batch become review items. Rules are read per batch (the store caches them), so a rule saved on
 * any replica applies to the next batch; re-delivering a batch queues nothing twice.
 *
 * @example new TraceWriter({ store: storeSink(traces), derived: [reviewSampler(reviews)] }, options)
 */
export function reviewSampler(reviews: Pick<ReviewStore, 'listRules' | 'enqueueSampled'>): TraceSink {
  return {
    name: 'review sampler',
    async write(batch: readonly TraceRecord[]) {
      const items = itemsForTraces(batch, await reviews.listRules());
      if (items.length > 0) await reviews.enqueueSampled(items);
    },
  };
}

import type { ShadowDisagreement } from '../local/serving/local-route.js';
import { ReviewBudget, type ReviewCandidate, type ReviewCaps } from './review-budget.js';
import type { ReviewStore } from './review-store.js';
import { textKey } from './sampling.js';

export interface DisagreementQueueDeps {
  reviews: Pick<ReviewStore, 'enqueueSampled'>;
  /** `review.disagreements`. */
  caps: ReviewCaps;
  now: () => number;
  log: (line: string) => void;
}

/**
 * What a route's local model does with a shadow check the large model answered otherwise: the
 * traced request becomes a review item (a person decides who was right; a correction outranks
 * the teacher's label at the next training), at most `per_hour` and `per_day` per route, one per
 * question. Off the request path: items are queued one after another, a failure is logged.
 * `settled()` waits for what is in flight (shutdown, tests).
 *
 * @example
 * const disagreements = disagreementQueue({ reviews, caps: config.review.disagreements, now: clock.now, log });
 * await openRouteSlot({ …, onDisagree: disagreements.queue });
 */
export function disagreementQueue(deps: DisagreementQueueDeps): { queue: (disagreement: ShadowDisagreement) => void; settled: () => Promise<void> } {
  const budget = new ReviewBudget(deps.caps);
  // One at a time, so two disagreements of one route cannot both pass a cap with one place left.
  let chain = Promise.resolve();
  return {
    queue(d) {
      chain = chain
        .then(async () => {
          const candidate: ReviewCandidate = {
            traceId: d.traceId,
            route: d.route,
            ts: deps.now(),
            confidence: 0,
            reason: `shadow check: answered "${d.localLabel}" locally, the large model said "${d.teacherLabel}"`,
            textKey: textKey(d.text),
          };
          const picked = budget.pick([candidate]);
          if (picked.length === 0) return;
          await deps.reviews.enqueueSampled(picked.map((c) => ({ traceId: c.traceId, source: 'sample', reason: c.reason })));
          budget.commit(picked);
        })
        .catch((error: unknown) => deps.log(`review: could not queue a shadow disagreement on ${d.route}: ${(error as Error).message}`));
    },
    settled: () => chain,
  };
}

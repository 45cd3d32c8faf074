import type { ShadowDisagreement } from '../local/serving/local-route.js';
import type { ReviewCandidate, ReviewCaps } from './review-caps.js';
import type { ReviewStore } from './review-store.js';
import { textKey } from './sampling.js';
import type { NewReviewItem } from './types.js';
import type { Log } from '../core/log.js';

export interface LocalModelReviewsDeps {
  reviews: Pick<ReviewStore, 'enqueueSampled' | 'enqueueCapped'>;
  /** `review.disagreements`. */
  caps: ReviewCaps;
  now: () => number;
  log: Log;
}

export interface LocalModelReviews {
  /** A shadow check contradicted a local answer: queued within the route's caps, one per question. */
  disagreed(disagreement: ShadowDisagreement): void;
  /**
   * A live model was demoted: the request whose check tipped it is flagged, never capped. A
   * demotion by hand (`byHand`, no request behind it) is flagged without a trace.
   */
  demoted(route: string, reason: string, traceId: string | null, byHand?: boolean): void;
  /** Waits for what is being queued (shutdown, tests). */
  settled(): Promise<void>;
}

/**
 * What the local task models send to the review queue. A local answer the large model labelled
 * otherwise in a shadow check (a person decides who was right; a correction outranks the
 * teacher's label at the next training), at most `per_hour` and `per_day` per route, one per
 * question, counted by the store over every replica (`ReviewStore.enqueueCapped`); and a demotion, as a flag on the traced request whose shadow check tipped it. Off the
 * request path: items are queued one after another, a failure is logged.
 *
 * @example
 * const local = localModelReviews({ reviews, caps: config.review.disagreements, now: clock.now, log });
 * await openRouteSlot({ …, onDisagree: local.disagreed, onDemote: local.demoted });
 */
export function localModelReviews(deps: LocalModelReviewsDeps): LocalModelReviews {
  // One at a time, in order; the store keeps the caps (across replicas too).
  let chain = Promise.resolve();
  const then = (route: string, what: string, work: () => Promise<void>) => {
    chain = chain.then(work).catch((error: unknown) => deps.log(`review: could not queue ${what} on ${route}: ${(error as Error).message}`, { level: 'error' }));
  };
  return {
    disagreed(d) {
      then(d.route, 'a shadow disagreement', async () => {
        const candidate: ReviewCandidate = {
          traceId: d.traceId,
          route: d.route,
          ts: deps.now(),
          confidence: 0,
          reason: `shadow check: answered "${d.localLabel}" locally, the large model said "${d.teacherLabel}"`,
          textKey: textKey(d.text),
        };
        if (deps.caps.per_hour > 0 && deps.caps.per_day > 0) await deps.reviews.enqueueCapped('disagreements', deps.caps, [candidate]);
      });
    },
    demoted(route, reason, traceId, byHand = false) {
      if (traceId === null && !byHand) return;
      const flag: NewReviewItem = { traceId, source: 'flag', reason: `${route}: local model demoted${byHand ? ' by hand' : ''}, ${reason}` };
      then(route, 'a demotion flag', async () => void (await deps.reviews.enqueueSampled([flag])));
    },
    settled: () => chain,
  };
}

import type { LearnedRoute } from '../../config/route-schema.js';
import type { RouteDecision } from './decision.js';
import type { RequestFeatures } from './request-features.js';

/** What a learned route needs from a router model (`LearnedRouter` is one). */
export interface RouterScorer {
  /** The cheap target's expected win rate against the strong one for this prompt, in [0, 1]. */
  score(prompt: string): number;
  /** The score threshold that kept `minQuality` of the strong target's quality on validation, with `confidence`. */
  thresholdFor(minQuality: number, confidence: number): { threshold: number };
}

export interface LearnedDecision extends RouteDecision {
  /** The router's score, absent when no router was available. */
  score?: number;
  threshold?: number;
}

// thresholdFor scans the stored curve; a route asks for the same target on every request.
const thresholds = new WeakMap<RouterScorer, Map<string, number>>();

function thresholdOf(router: RouterScorer, minQuality: number, confidence: number): number {
  let byTarget = thresholds.get(router);
  if (!byTarget) thresholds.set(router, (byTarget = new Map()));
  const key = `${minQuality}/${confidence}`;
  let threshold = byTarget.get(key);
  if (threshold === undefined) byTarget.set(key, (threshold = router.thresholdFor(minQuality, confidence).threshold));
  return threshold;
}

/**
 * Sends the request to the cheap target when the router scores its last user message at or above
 * the threshold (the route's `threshold`, else the one measured for `min_quality` at `confidence`), otherwise to
 * the strong target. Without a router (not trained yet, failed to load) everything goes to the
 * strong target, and the reason says so: quality is kept, only the saving is lost.
 *
 * @example
 * decideLearned(route, router, requestFeatures(request))
 * // { target: 'mixtral', score: 0.71, threshold: 0.55, reason: 'router score 0.710 >= 0.550 (min_quality 0.95): cheap' }
 */
export function decideLearned(route: LearnedRoute, router: RouterScorer | undefined, features: RequestFeatures): LearnedDecision {
  if (!router) return { target: route.strong, reason: 'no router model loaded: strong target' };
  const threshold = route.threshold ?? thresholdOf(router, route.min_quality, route.confidence);
  const score = router.score(features.lastUserText);
  const basis = route.threshold !== undefined ? 'configured threshold' : `min_quality ${route.min_quality}`;
  const cheap = score >= threshold;
  const [shownScore, shown] = scoreAndThreshold(score, threshold);
  return {
    target: cheap ? route.cheap : route.strong,
    score,
    threshold,
    reason: `router score ${shownScore} ${cheap ? '>=' : '<'} ${shown} (${basis}): ${cheap ? 'cheap' : 'strong'}`,
  };
}

/**
 * The score and threshold to 3 places, or to as many more (up to 8) as tell them apart: a prompt
 * scored just under the threshold read `router score 0.435 < 0.435`.
 *
 * @example scoreAndThreshold(0.43538, 0.43541) // ['0.43538', '0.43541']
 */
function scoreAndThreshold(score: number, threshold: number): [string, string] {
  if (!Number.isFinite(threshold)) return [score.toFixed(3), 'inf'];
  let digits = 3;
  while (digits < 8 && score !== threshold && score.toFixed(digits) === threshold.toFixed(digits)) digits++;
  return [score.toFixed(digits), threshold.toFixed(digits)];
}

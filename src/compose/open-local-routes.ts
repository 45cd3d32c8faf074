/**
 * The route slot: each route's policy (static, conditional, cascade, learned) and, for routes
 * with a task, the local model that answers in place of the teacher, with what those models send
 * to review and the live versions every replica follows.
 */
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { type Log, withFields } from '../core/log.js';
import type { GuardSlot } from '../gateway/guard/guard-slot.js';
import type { OpenBases } from '../gateway/knowledge/open-bases.js';
import type { ModelClient } from '../gateway/model-client.js';
import { openRouteSlot, type RouteSlot } from '../gateway/route-slot.js';
import { LiveModelSync } from '../local/serving/live-model-sync.js';
import { PendingDemotionFile, pendingDemotionsFile } from '../local/serving/pending-demotions.js';
import { type LocalModelReviews, localModelReviews } from '../review/local-model-reviews.js';
import type { ModelCatalog } from '../routing/catalog.js';
import type { Stores } from '../store/stores.js';
import { tokenCountThread } from '../tokens/token-count-thread.js';

export interface LocalRoutesParts {
  stores: Stores;
  catalog: ModelCatalog;
  knowledge: OpenBases;
  guards: GuardSlot;
  /** The pipeline's own client, for teachers and shadow checks (bound once the gateway exists). */
  models: () => ModelClient;
  clock: Clock;
  log: Log;
  /** Receives the live-version sync as soon as it exists: the key poll, already running, refreshes it from then on. */
  onLiveModels: (liveModels: LiveModelSync) => void;
}

export interface OpenedLocalRoutes {
  routeSlot: RouteSlot;
  /** What the local task models send to the review queue (disagreements, demotion flags). */
  localReviews: LocalModelReviews;
  /** Has the local routes serve the registry's live versions (rides the key poll; call after a change here). */
  liveModels: LiveModelSync;
}

/** Opens the route slot and its local models; resolves once the tokenizer their counts need is loaded (fails with the slot closed again when it cannot). */
export async function openLocalRoutes(config: Config, parts: LocalRoutesParts): Promise<OpenedLocalRoutes> {
  const { stores, clock, log, guards } = parts;
  // Local answers a shadow check contradicted go to review, capped per route (review.disagreements); demotions as flags.
  const localReviews = localModelReviews({ reviews: stores.reviews, caps: config.review.disagreements, now: () => clock.now(), log: withFields(log, { component: 'review' }) });
  const pendingFile = pendingDemotionsFile(config.store);
  const routeSlot = await openRouteSlot({
    knowledge: parts.knowledge,
    keepBodies: config.traces.bodies === 'full',
    routes: config.routes,
    catalog: parts.catalog,
    registry: stores.models,
    examples: stores.examples,
    models: parts.models,
    clock,
    random: Math.random,
    log: withFields(log, { component: 'local-models' }),
    onDisagree: localReviews.disagreed,
    onDemote: localReviews.demoted,
    ...(guards.checkAnswer ? { checkAnswer: guards.checkAnswer } : {}),
    ...(guards.restoreAnswerText ? { restoreAnswerText: guards.restoreAnswerText } : {}),
    ...(pendingFile ? { pendingDemotions: new PendingDemotionFile(pendingFile, withFields(log, { component: 'local-models' })) } : {}),
  });
  const liveModels = new LiveModelSync(stores.models, routeSlot.locals, withFields(log, { component: 'local-models' }));
  parts.onLiveModels(liveModels);
  // A route's first 32 local answers are counted (what the teacher would have cost), then 1 in
  // 16: load the tokenizer now, so its first burst of answers does not wait on the load.
  // A tokenizer that cannot load fails the start: the slot, open by then (a demotion resumed from
  // before a restart retries on a timer), is closed first, or it kept the process alive.
  if (routeSlot.locals.size > 0) {
    await tokenCountThread()
      .ready()
      .catch(async (error: unknown) => {
        await routeSlot.close();
        throw error;
      });
  }
  return { routeSlot, localReviews, liveModels };
}

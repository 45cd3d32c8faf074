/**
 * Route policies: pure decisions over a parsed `routes:` config and a request's features. The
 * gateway's route stage calls `planRoute` (conditional, split and learned routes, nested) and, for
 * a cascade, `checkCascade` on each answer; every decision carries a header-safe reason.
 */
export { cascadeNeedsLogprobs, type CascadeAnswer, type CascadeCheckInput, type CascadeJudge, type CascadeTrigger, type CascadeVerdict, checkCascade, type JudgeSpec } from './cascade.js';
export { confidenceFailure, type LogprobStats, logprobStats, validationFailure } from './answer-checks.js';
export { type ConditionalDecision, conditionalChoices, decideConditional, MAX_REGEX_INPUT } from './conditional.js';
export { headerSafe, MAX_REASON_LENGTH, type RouteDecision } from './decision.js';
export { decideLearned, type LearnedDecision, type RouterScorer } from './learned.js';
export { MAX_ROUTE_HEADER, type PlanDeps, planRoute, type RefusedModel, refusalFix, RouteRefusal, type RoutePlan, type RouteStep, routeHeader, type SkippedTarget } from './plan-route.js';
export { type RequestFeatures, type RouteContext, requestFeatures } from './request-features.js';
export { pickSplitArm, type SplitDecision, stickyPoint, stickyValue } from './split.js';
export { type RouteReference, routeReferences, validateRoutes } from '../../config/validate-routes.js';

import type { Random } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import type { CascadeRoute, RouteConfig, RoutesConfig } from '../../config/route-schema.js';
import { decideConditional } from './conditional.js';
import { headerSafe } from './decision.js';
import { decideLearned, type RouterScorer } from './learned.js';
import type { RequestFeatures } from './request-features.js';
import { pickSplitArm } from './split.js';

/** One routing decision on the way from the name a client called to a model. */
export interface RouteStep {
  route: string;
  policy: RouteConfig['policy'];
  target: string;
  reason: string;
  /** Split routes: the arm index. Conditional routes: the rule index (absent for the default). */
  arm?: number;
  rule?: number;
  /** Learned routes: the router's score and the threshold it was compared with. */
  score?: number;
  threshold?: number;
}

/** Where a request goes: a configured model, or a cascade the gateway runs step by step. */
export type RoutePlan = { steps: RouteStep[]; model: string } | { steps: RouteStep[]; cascade: { route: string; config: CascadeRoute } };

export interface PlanDeps {
  /** Draws for splits without a sticky value. */
  random: Random;
  /** The loaded router model of a learned route, by route name. */
  routerFor?: (route: string) => RouterScorer | undefined;
}

/** Validated configs have no loops; this only guards a config that skipped validation. */
const MAX_DEPTH = 32;

/**
 * Follows nested routes from the name a client called until a configured model (or a cascade,
 * whose answers must be seen before it can decide) is reached, recording every decision.
 *
 * @example
 * planRoute('support', config.routes, requestFeatures(body, ctx), { random, routerFor })
 * // { model: 'small', steps: [{ route: 'support', policy: 'conditional', target: 'small', reason: 'rule 1: …' }] }
 */
export function planRoute(name: string, routes: RoutesConfig, features: RequestFeatures, deps: PlanDeps): RoutePlan {
  const steps: RouteStep[] = [];
  let current = name;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const route = routes[current];
    if (route === undefined) return { steps, model: current };
    if (route.policy === 'cascade') return { steps, cascade: { route: current, config: route } };
    steps.push(decide(current, route, features, deps));
    current = (steps[steps.length - 1] as RouteStep).target;
  }
  throw new SwitchyardError('config_invalid', `routes.${name}: more than ${MAX_DEPTH} nested routes (${steps.map((s) => s.route).join(' → ')}); is there a loop?`);
}

function decide(name: string, route: Exclude<RouteConfig, CascadeRoute>, features: RequestFeatures, deps: PlanDeps): RouteStep {
  switch (route.policy) {
    case 'static':
      return { route: name, policy: route.policy, target: route.target, reason: 'static route' };
    case 'conditional': {
      const d = decideConditional(route, features);
      return { route: name, policy: route.policy, target: d.target, reason: d.reason, ...(d.rule === undefined ? {} : { rule: d.rule }) };
    }
    case 'split': {
      const d = pickSplitArm(name, route, features, deps.random);
      return { route: name, policy: route.policy, target: d.target, reason: d.reason, arm: d.arm };
    }
    case 'learned': {
      const d = decideLearned(route, deps.routerFor?.(name), features);
      return { route: name, policy: route.policy, target: d.target, reason: d.reason, ...(d.score === undefined ? {} : { score: d.score, threshold: d.threshold }) };
    }
  }
}

/** Enough for four nested decisions with their reasons. */
export const MAX_ROUTE_HEADER = 1_000;

/**
 * The `x-switchyard-route` header value: each decision as `route>target (reason)`, outermost
 * first, printable ASCII and bounded.
 *
 * @example routeHeader(plan.steps) // 'support>small (rule 1: metadata.tier = "gold")'
 */
export function routeHeader(steps: readonly Pick<RouteStep, 'route' | 'target' | 'reason'>[]): string {
  return headerSafe(steps.map((s) => `${s.route}>${s.target} (${s.reason})`).join('; '), MAX_ROUTE_HEADER);
}

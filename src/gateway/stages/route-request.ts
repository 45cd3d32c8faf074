import type { Random } from '../../core/clock.js';
import type { ModelCatalog } from '../../routing/catalog.js';
import { type CascadeJudge, planRoute, type RefusedModel, type RouterScorer, type RouteStep, routeHeader } from '../../routing/policies/index.js';
import type { RoutesConfig } from '../../config/route-schema.js';
import type { OnBehalfOf } from '../call.js';
import { featuresOf } from '../call-features.js';
import type { Outcome } from '../outcome.js';
import type { Stage } from '../pipeline.js';
import { SwitchyardError } from '../../core/errors.js';
import { isContextOverflow } from '../context-window.js';
import { refusalsOf, refusedModel } from '../run-attempts.js';
import { runCascade } from './run-cascade.js';
import { isUnpricedRefusal, unpricedInRoute } from '../unpriced-policy.js';

/** A cascade judge's call: its score in [0, 1], and the trace and cost of the call that gave it. */
export interface JudgeCall {
  score: number;
  traceId: string;
  costUsd: number;
}

export interface RouteStageDeps {
  catalog: ModelCatalog;
  routes: RoutesConfig;
  random: Random;
  /** The loaded router of a learned route. */
  routerFor: (route: string) => RouterScorer | undefined;
  /**
   * Scores a cascade step's answer through the model client (traced, and paid by the client's key):
   * the score, and the judge call's trace and cost for the step's entry on the trace.
   */
  judge?: (request: Parameters<CascadeJudge>[0], answerText: string, spec: Parameters<CascadeJudge>[2], onBehalfOf: OnBehalfOf) => Promise<JudgeCall>;
}

/**
 * Turns a route name into the model that serves this request: conditional rules, weighted
 * sticky splits, learned routers, nested as configured; cascades run step by step. Every
 * decision and its reason go on the trace and, unless the route hides it, in the
 * `x-switchyard-route` header.
 */
export function routeRequest(deps: RouteStageDeps): Stage {
  return async (call, next) => {
    const name = call.routeName;
    if (name === null) return next();
    const features = featuresOf(call);
    let plan = planRoute(name, deps.routes, features, deps);
    let refused: Map<string, RefusedModel> | undefined;
    let outcome: Outcome;
    let steps: RouteStep[];
    for (;;) {
      steps = [...plan.steps];
      if (!('model' in plan)) {
        outcome = await runCascade(call, next, plan.cascade, steps, deps, features, refused);
        break;
      }
      call.plan = deps.catalog.resolve(plan.model);
      call.decide('route', { steps, model: plan.model });
      try {
        outcome = await next();
        break;
      } catch (error) {
        // Every target of the chosen model refused the request (Claude and `logprobs`): nothing was
        // sent, so the route picks again without it, as a fallback list passes a refusing target over.
        if (isUnpricedRefusal(error)) throw unpricedInRoute(error, steps);
        const refusals = refusalsOf(error);
        if (refusals) (refused ??= new Map()).set(plan.model, refusedModel(refusals));
        // Every target of the chosen model refused the prompt as too long (their 400s, nothing
        // answered): the route picks again without it, as it does when the estimate is clearly over.
        else if (error instanceof SwitchyardError && isContextOverflow(error)) {
          (refused ??= new Map()).set(plan.model, { param: 'messages', vendorCode: 'context_length_exceeded', reason: `its provider refused the prompt as too long (${error.message})` });
        } else throw error;
        plan = planRoute(name, deps.routes, features, { ...deps, refused, earlier: plan.steps });
      }
    }
    const skipped = localModelPassedBy(name, steps, deps.routes);
    if (skipped && !call.decisions?.local) call.decide('local', { answered: false, route: skipped.route, reason: skipped.reason });
    if (deps.routes[name]?.options.expose_header !== false) outcome.headers['x-switchyard-route'] = routeHeader(skipped ? withLocalStep(steps, skipped) : steps);
    return outcome;
  };
}

/** The steps with the local model's, as a local answer's header has it: before the route's own first step. */
function withLocalStep(steps: readonly RouteStep[], local: { route: string; reason: string }): Pick<RouteStep, 'route' | 'target' | 'reason'>[] {
  const at = steps.findIndex((s) => s.route === local.route);
  return [...steps.slice(0, at), { route: local.route, target: 'local', reason: local.reason }, ...steps.slice(at)];
}

/**
 * A route with a local task model (`options.task`) that the call reached through another route:
 * its local model answers, and learns from, only calls that name its route, so this one went to
 * its target without asking it. Said on the trace and in the header, which were silent on it.
 * Only the steps of this call are looked at (one or two on most calls).
 *
 * @example localModelPassedBy('front', [{ route: 'front', target: 'intent', … }, { route: 'intent', target: 'large', … }], routes)
 * // { route: 'intent', reason: 'not asked: reached through route front; a local model answers only calls that name its route' }
 */
export function localModelPassedBy(called: string, steps: readonly Pick<RouteStep, 'route'>[], routes: RoutesConfig): { route: string; reason: string } | undefined {
  if (steps.length < 2) return undefined;
  for (const step of steps) {
    if (step.route !== called && routes[step.route]?.options.task) return { route: step.route, reason: `not asked: reached through route ${called}; a local model answers only calls that name its route` };
  }
  return undefined;
}

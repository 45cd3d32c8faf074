import type { Random } from '../../core/clock.js';
import type { ModelCatalog } from '../../routing/catalog.js';
import { type CascadeJudge, planRoute, type RefusedModel, type RouterScorer, type RouteStep, routeHeader } from '../../routing/policies/index.js';
import type { RoutesConfig } from '../../config/route-schema.js';
import type { Call, OnBehalfOf } from '../call.js';
import { type AnsweredLocally, type LocalAnswerer, type LocalStep, localModelsAsked, type PassedOn } from './answer-locally.js';
import { featuresOf } from '../call-features.js';
import type { Outcome } from '../outcome.js';
import type { Stage } from '../pipeline.js';
import { SwitchyardError } from '../../core/errors.js';
import { isContextOverflow } from '../context-window.js';
import { refusalsOf, refusedModel } from '../run-attempts.js';
import { runCascade } from './run-cascade.js';
import type { LocalSteps } from './cascade-local-step.js';
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
  /** Routes' local task models, for a route with one reached through another route; none when no route has a task. */
  local?: LocalAnswerer;
}

/**
 * Turns a route name into the model that serves this request: conditional rules, weighted
 * sticky splits, learned routers, nested as configured; cascades run step by step. A route with a
 * local task model that the call reached through another route is asked here, once the routes
 * above it chose it (the route a call names is asked by the local-answer stage, before this one;
 * a cascade's step by `runCascade`, which checks its answer).
 * Every decision and its reason go on the trace and, unless the route hides it, in the
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
    // The local models of routes reached through this one, once asked (once a call, re-plans included).
    let local: NestedLocal | undefined;
    // The header entries of local models a cascade's steps asked.
    let cascadeLocal: LocalSteps | undefined;
    for (;;) {
      steps = [...plan.steps];
      local ??= deps.local && askNestedLocal(call, name, steps, deps.local, features.lastUserText);
      if (local?.answered) {
        // The routes above it decided; the local model answered in place of the route's own target.
        call.decide('route', { steps: steps.slice(0, local.answered.at), model: call.upstreamModel });
        outcome = local.answered.verdict.outcome;
        break;
      }
      if (!('model' in plan)) {
        cascadeLocal = deps.local && new Map();
        outcome = await runCascade(call, next, plan.cascade, steps, deps, features, refused, cascadeLocal);
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
    let shown: Pick<RouteStep, 'route' | 'target' | 'reason'>[] = steps;
    if (local) {
      if (local.answered) shown = steps.slice(0, local.answered.at);
      for (const passed of local.passed) {
        passed.escalated();
        shown = withLocalStep(shown, passed.step);
      }
      if (local.answered) shown.push(local.answered.verdict.step);
    }
    if (cascadeLocal !== undefined && cascadeLocal.size > 0) shown = withLocalSteps(shown, cascadeLocal);
    if (deps.routes[name]?.options.expose_header !== false) outcome.headers['x-switchyard-route'] = routeHeader(shown);
    return outcome;
  };
}

/**
 * The local models of routes this call reached through the route it named, as asked: those that
 * passed it on, outer first, and the one that answered, if one did (with the index in the plan's
 * steps of that route's own step).
 */
interface NestedLocal {
  passed: PassedOn[];
  answered?: { verdict: AnsweredLocally; at: number };
}

/**
 * Asks the local models of the routes with one that this call reached through the route it named
 * (`steps` after the first), outer first, until one answers: a classify route whose target is
 * another (or two on a path) passes the call on to the inner one, as a call naming the inner
 * route would be asked. A route whose model this call asked already (the named route's, by the
 * local-answer stage) is not asked again; nor does a call that may not ask one (a shadow check).
 * Most calls have one or two steps and no local route: one map lookup a step.
 *
 * @example askNestedLocal(call, 'front', [{ route: 'front', target: 'intent', … }, { route: 'intent', target: 'large', … }], answerer, features.lastUserText)
 * // { passed: [], answered: { verdict: { answered: true, … }, at: 1 } }
 */
function askNestedLocal(call: Call, called: string, steps: readonly RouteStep[], answerer: LocalAnswerer, text: string): NestedLocal | undefined {
  if (steps.length < 2) return undefined;
  let asked: NestedLocal | undefined;
  for (let at = 1; at < steps.length; at++) {
    const route = (steps[at] as RouteStep).route;
    if (route === called) continue;
    const model = answerer.modelFor(call, route);
    if (!model || localModelsAsked(call).includes(route)) continue;
    const verdict = answerer.ask(call, route, model, true, text);
    asked ??= { passed: [] };
    if (verdict.answered) {
      asked.answered = { verdict, at };
      break;
    }
    asked.passed.push(verdict);
  }
  return asked;
}

/** The steps with the local model's, as a local answer's header has it: before its route's own step (last when a re-plan left that route). */
function withLocalStep(steps: readonly Pick<RouteStep, 'route' | 'target' | 'reason'>[], local: LocalStep): Pick<RouteStep, 'route' | 'target' | 'reason'>[] {
  const at = steps.findIndex((s) => s.route === local.route);
  return at === -1 ? [...steps, local] : [...steps.slice(0, at), local, ...steps.slice(at)];
}

/** The steps with the local models' entries a cascade's steps recorded, each before the step it is keyed to (at the end when that step is gone). */
function withLocalSteps(steps: readonly Pick<RouteStep, 'route' | 'target' | 'reason'>[], local: LocalSteps): Pick<RouteStep, 'route' | 'target' | 'reason'>[] {
  const shown: Pick<RouteStep, 'route' | 'target' | 'reason'>[] = [];
  const placed = new Set<LocalStep>();
  for (const step of steps) {
    const before = local.get(step as RouteStep);
    if (before) {
      shown.push(before);
      placed.add(before);
    }
    shown.push(step);
  }
  for (const entry of local.values()) if (!placed.has(entry)) shown.push(entry);
  return shown;
}

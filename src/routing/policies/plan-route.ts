import type { Random } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import type { CascadeRoute, RouteConfig, RoutesConfig } from '../../config/route-schema.js';
import { conditionalChoices, decideConditional } from './conditional.js';
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
  /** Targets this route would have picked first but passed over: they cannot honour the request. */
  skipped?: SkippedTarget[];
}

/** A configured model that cannot honour this request: every one of its targets refused it. */
export interface RefusedModel {
  /** The request field it cannot honour (`logprobs`, `n`, a content part's path). */
  param?: string;
  reason: string;
  /** The provider's code for the refusal, kept for the client's error (`context_length_exceeded`). */
  vendorCode?: string;
}

/** A route target passed over because the model it leads to cannot honour the request. */
export interface SkippedTarget {
  target: string;
  param?: string;
}

/** Where a request goes: a configured model, or a cascade the gateway runs step by step. */
export type RoutePlan = { steps: RouteStep[]; model: string } | { steps: RouteStep[]; cascade: { route: string; config: CascadeRoute } };

export interface PlanDeps {
  /** Draws for splits without a sticky value. */
  random: Random;
  /** The loaded router model of a learned route, by route name. */
  routerFor?: (route: string) => RouterScorer | undefined;
  /**
   * Models found unable to honour this request, by name: conditional and learned routes pass them
   * over for their next acceptable target; a split refuses (see `planRoute`).
   */
  refused?: ReadonlyMap<string, RefusedModel>;
  /** The steps of an earlier plan for this request: a split keeps the arm it drew there. */
  earlier?: readonly RouteStep[];
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
  if (deps.refused !== undefined && deps.refused.size > 0) return planAround(name, routes, features, deps, deps.refused, 0);
  const steps: RouteStep[] = [];
  let current = name;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const route = routes[current];
    if (route === undefined) return { steps, model: current };
    if (route.policy === 'cascade') return { steps, cascade: { route: current, config: route } };
    steps.push(decide(current, route, features, deps));
    current = (steps[steps.length - 1] as RouteStep).target;
  }
  throw tooDeep(name, steps.map((s) => s.route).join(' → '));
}

function tooDeep(name: string, path: string): SwitchyardError {
  return new SwitchyardError('config_invalid', `routes.${name}: more than ${MAX_DEPTH} nested routes (${path}); is there a loop?`);
}

/**
 * Why no target of a route could take the request: each model reached and what it could not
 * honour. The route above may pass this route over in turn; the outermost one's becomes the 400.
 */
export class RouteRefusal extends SwitchyardError {
  constructor(
    message: string,
    readonly skipped: readonly SkippedTarget[],
    param: string | undefined,
    vendorCode?: string,
  ) {
    super('unsupported', message, { ...(param === undefined ? {} : { param }), ...(vendorCode === undefined ? {} : { vendorCode }) });
  }
}

/**
 * `planRoute` once some models are known to refuse the request. Each route tries its targets in
 * its own order of preference and passes over those that lead only to refusing models: a
 * conditional route its next matching rule, then its default; a learned route the other of cheap
 * and strong. A split never swaps the arm it drew (that would skew the comparison the split is
 * for): it refuses with a 400 naming the route, the arm's target and the field, which no route
 * above passes over. A static route has nothing else to try; the route above it may pass it over.
 */
function planAround(name: string, routes: RoutesConfig, features: RequestFeatures, deps: PlanDeps, refused: ReadonlyMap<string, RefusedModel>, depth: number): RoutePlan {
  if (depth > MAX_DEPTH) throw tooDeep(name, name);
  const route = routes[name];
  if (route === undefined) {
    const refusal = refused.get(name);
    if (refusal) throw new RouteRefusal(`model "${name}" cannot honour this request: ${refusal.reason}`, [{ target: name, ...(refusal.param === undefined ? {} : { param: refusal.param }) }], refusal.param, refusal.vendorCode);
    return { steps: [], model: name };
  }
  if (route.policy === 'cascade') return { steps: [], cascade: { route: name, config: route } };
  // Tried in order; those that lead only to refusing models are listed on the step that was taken.
  const skipped: SkippedTarget[] = [];
  let first: RouteRefusal | undefined;
  for (const choice of choicesOf(name, route, features, deps)) {
    let below: RoutePlan;
    try {
      below = planAround(choice.target, routes, features, deps, refused, depth + 1);
    } catch (error) {
      if (!(error instanceof RouteRefusal)) throw error;
      if (route.policy === 'split') throw splitRefusal(name, choice, error);
      first ??= error;
      skipped.push({ target: choice.target, ...(error.param === undefined ? {} : { param: error.param }) });
      continue;
    }
    const step: RouteStep = skipped.length === 0 ? choice : { ...choice, reason: headerSafe(`${choice.reason}; skipped ${skipped.map(skipText).join(', ')}`), skipped };
    return { ...below, steps: [step, ...below.steps] };
  }
  const refusal = first as RouteRefusal;
  const lead = route.policy === 'static' ? `route "${name}" sends every request to "${route.target}", which cannot` : `route "${name}": none of its targets (${skipped.map((s) => s.target).join(', ')}) can`;
  throw new RouteRefusal(`${lead} honour this request (${refusal.message})${refusalFix(refusal)}`, skipped, refusal.param, vendorCodeOf(refusal));
}

/**
 * What the client can do about a refusal: a prompt past every window is shortened, not sent
 * "without messages"; a field a model cannot honour is dropped, or another model called.
 *
 * @example refusalFix({ param: 'logprobs' }) // ': send the request without "logprobs", or call a model that supports it'
 */
export function refusalFix(refusal: { param?: string | undefined; vendorCode?: string | null | undefined }): string {
  if (refusal.vendorCode === 'context_length_exceeded') return ': shorten the prompt (fewer or summarised earlier turns, smaller documents), or call a model with a larger context window';
  return refusal.param === undefined ? '' : `: send the request without "${refusal.param}", or call a model that supports it`;
}

function vendorCodeOf(error: SwitchyardError): string | undefined {
  return error.vendorCode ?? undefined;
}

function skipText(s: SkippedTarget): string {
  return `${s.target} (cannot honour ${s.param ?? 'the request'})`;
}

/**
 * A 400 for a split whose drawn arm cannot honour the request, naming the route, the arm and the
 * field. Not a `RouteRefusal`: no route above passes the split over either, since dropping only the
 * requests one arm refuses would skew the comparison too.
 */
function splitRefusal(name: string, choice: RouteStep, below: RouteRefusal): SwitchyardError {
  const param = below.param;
  const vendorCode = vendorCodeOf(below);
  return new SwitchyardError(
    'unsupported',
    `route "${name}" put this request on arm ${(choice.arm ?? 0) + 1} ("${choice.target}"), which cannot honour it (${below.message}); a split never swaps the arm it drew, which would skew its comparison${refusalFix(below)}`,
    { ...(param === undefined ? {} : { param }), ...(vendorCode === undefined ? {} : { vendorCode }) },
  );
}

/** A route's acceptable targets for this request, most preferred first (a split and a static route have one). */
function* choicesOf(name: string, route: Exclude<RouteConfig, CascadeRoute>, features: RequestFeatures, deps: PlanDeps): Generator<RouteStep> {
  switch (route.policy) {
    case 'conditional':
      for (const d of conditionalChoices(route, features)) yield { route: name, policy: route.policy, target: d.target, reason: d.reason, ...(d.rule === undefined ? {} : { rule: d.rule }) };
      return;
    case 'split': {
      // A re-plan keeps the arm drawn before: a draw without a sticky value would differ.
      const drawn = deps.earlier?.find((s) => s.route === name && s.policy === 'split');
      yield drawn ? { ...drawn, skipped: undefined } : decide(name, route, features, deps);
      return;
    }
    case 'learned': {
      const chosen = decide(name, route, features, deps);
      yield chosen;
      const other = chosen.target === route.cheap ? route.strong : route.cheap;
      if (other !== chosen.target) yield { ...chosen, target: other, reason: `${chosen.reason}; ${other === route.cheap ? 'cheap' : 'strong'} target instead` };
      return;
    }
    case 'static':
      yield decide(name, route, features, deps);
  }
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

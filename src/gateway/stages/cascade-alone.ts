import { planRoute, type RequestFeatures } from '../../routing/policies/index.js';
import { estimateTokens } from '../../tokens/estimate-tokens.js';
import { computeCost } from '../../tokens/cost.js';
import { ZERO_USAGE, type Usage } from '../../tokens/usage.js';
import type { Call } from '../call.js';
import type { CascadeStep } from './run-cascade.js';
import type { RouteStageDeps } from './route-request.js';

/**
 * What a cascade call would have cost, and taken, sent to the cascade's last (strongest) target
 * alone: `decisions.route.alone`, which the rollups' `cascade` dimension sums per route so the
 * saving against "everything to the last target" is exact, not read off the branches' means.
 * `from: 'step'` when the last step ran (its own cost and latency, as the trail lists them);
 * `from: 'price'` when the call stopped earlier: the last target's price-table price at this
 * call's tokens (the delivered answer's; a local answer's prompt estimated and its label counted,
 * as a local answer's `savedUsd` is), and no latency (none was measured). `costUsd` is null when
 * the last target has no price (or cannot be planned for the request): the call is then left out
 * of the exact figure, and counted apart.
 */
export interface CascadeAlone {
  target: string;
  /** The model the last target is (the model a nested route in last place would have chosen). */
  model: string;
  costUsd: number | null;
  latencyMs: number | null;
  from: 'step' | 'price';
}

/**
 * `decisions.route.alone` for a settled cascade call: from the last step's figures when it ran (or
 * the last target's local model answered), else priced. Undefined when no step answered and the
 * last never ran (a call that failed before it): such a call has no comparison.
 *
 * @example cascadeAlone({ call, trail, lastTarget: 'large', deps, features }) // { target: 'large', model: 'gpt-5.4', costUsd: 0.00131, latencyMs: null, from: 'price' }
 */
export function cascadeAlone(at: { call: Call; trail: readonly CascadeStep[]; lastTarget: string; deps: Pick<RouteStageDeps, 'catalog' | 'routes' | 'random' | 'routerFor'>; features: RequestFeatures }): CascadeAlone | undefined {
  const { call, trail, lastTarget } = at;
  const final = trail.at(-1);
  // The last step ran, or its target's local model answered (`accept` there): observed.
  if (final && final.target === lastTarget && (final.action === 'final' || final.action === 'accept')) {
    return { target: lastTarget, model: final.model, costUsd: final.costUsd ?? 0, latencyMs: final.latencyMs, from: 'step' };
  }
  const delivered = trail.findLast((entry) => entry.action === 'accept' || entry.action === 'delivered');
  if (!delivered) return undefined;
  const priced = lastTargetPrice(lastTarget, at.deps, at.features);
  if (!priced) return { target: lastTarget, model: lastTarget, costUsd: null, latencyMs: null, from: 'price' };
  return { target: lastTarget, model: priced.model, costUsd: priced.price === undefined ? null : computeCost(priced.price, tokensOf(call, delivered, at.features)), latencyMs: null, from: 'price' };
}

/** The model the last target plans to for this request, and its price (undefined: unpriced); undefined when it cannot be planned. */
function lastTargetPrice(target: string, deps: Pick<RouteStageDeps, 'catalog' | 'routes' | 'random' | 'routerFor'>, features: RequestFeatures): { model: string; price: Parameters<typeof computeCost>[0] } | undefined {
  try {
    const planned = planRoute(target, deps.routes, features, deps);
    if (!('model' in planned)) return undefined;
    return { model: planned.model, price: deps.catalog.resolve(planned.model).targets[0]?.price };
  } catch {
    return undefined;
  }
}

/** The tokens the last target is priced at: the delivered model answer's usage, else (a local answer) the prompt estimated and the label counted. */
function tokensOf(call: Call, delivered: CascadeStep, features: RequestFeatures): Usage {
  if (call.usage && (delivered.inputTokens ?? 0) > 0) return { ...ZERO_USAGE, inputTokens: call.usage.inputTokens, outputTokens: call.usage.outputTokens, estimated: true };
  const label = (call.decisions?.local as { label?: unknown } | undefined)?.label;
  return { ...ZERO_USAGE, inputTokens: features.promptTokens, outputTokens: typeof label === 'string' ? estimateTokens(label) : 0, estimated: true };
}

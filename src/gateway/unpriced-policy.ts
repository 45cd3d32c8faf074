import { SwitchyardError } from '../core/errors.js';
import type { BudgetScope } from '../limits/limit-store.js';
import type { Target } from '../routing/catalog.js';
import type { RouteStep } from '../routing/policies/index.js';
import { targetId } from '../routing/order-targets.js';
import type { Call } from './call.js';

/**
 * What a key's dollar budgets do with a call to an upstream model that has no price
 * (`limits.unpriced`): `refuse` keeps budgeted keys off such models, since their calls would be
 * booked at $0 and no budget could stop them; `allow` lets them through, counted against the
 * request and token rate limits but not against any dollar budget.
 */
export type UnpricedPolicy = 'refuse' | 'allow';

/** The budget a call's unpriced targets are refused for, as `refuseUnpricedFor` names it on the call. */
export interface UnpricedRefusal {
  budget: BudgetScope;
}

/**
 * The targets a call may be sent to: all of them, unless its key has a dollar budget and
 * `limits.unpriced` is `refuse`; then only the priced ones, the others passed over on the trace
 * (`decisions.unpriced`). When no priced target is left, the call is refused with a 403 naming
 * the model, the budget and the fix, before anything is sent.
 *
 * @example pricedTargets(call, 'reasoner', order) // [gpt-5.4-mini] (my-vllm-model, unpriced, passed over)
 */
export function pricedTargets(call: Call, model: string, targets: readonly Target[]): readonly Target[] {
  const refusal = call.unpricedRefusal;
  if (!refusal || targets.every((target) => target.price)) return targets;
  const priced = targets.filter((target) => target.price);
  const unpriced = targets.filter((target) => !target.price);
  call.decide('unpriced', { policy: 'refuse', skipped: unpriced.map(targetId), budget: `${refusal.budget.kind}:${refusal.budget.name}` });
  if (priced.length === 0) throw unpricedRefused(model, unpriced[0] as Target, refusal.budget);
  return priced;
}

/**
 * The refusal of a budgeted key's call to a model with no price: 403 (waiting does not help, the
 * operator must act), in the client's own error shape at the HTTP edge.
 */
export function unpricedRefused(model: string, target: Target, budget: BudgetScope): SwitchyardError {
  const upstream = target.model;
  const served = model !== upstream ? `model "${model}" is served by "${upstream}", which has no price` : `model "${upstream}" has no price`;
  return new SwitchyardError(
    'forbidden',
    `${served}, so ${budget.kind} "${budget.name}"'s $${budget.budget.usd} ${budget.budget.period} budget cannot count its calls: ` +
      `add a price for "${upstream}" under models.${model}.price in switchyard.yaml ({ input_per_mtok, output_per_mtok }; 0 for a model that costs you nothing), ` +
      `or set limits.unpriced: allow to let budgeted keys call unpriced models uncounted`,
    { status: 403, vendorCode: 'unpriced_model' },
  );
}

/** True when `error` is that refusal: nothing was sent, so a cascade may pass the model over. */
export function isUnpricedRefusal(error: unknown): error is SwitchyardError {
  return error instanceof SwitchyardError && error.vendorCode === 'unpriced_model';
}

/**
 * The refusal of a model a route chose, naming each routing decision that led to it (a split's
 * arm, a conditional rule): the operator may fix the route rather than price the model. A route
 * whose choice is its policy (a split's arm, a rule's target, a learned router's pick) is not
 * overruled for a price, which would skew what the route is for; only a cascade passes an
 * unpriced step over (see runCascade).
 *
 * @example unpricedInRoute(error, steps).message // 'route "ab" (split, arm 2) chose "local": model "local" is served by …'
 */
export function unpricedInRoute(error: SwitchyardError, steps: readonly RouteStep[]): SwitchyardError {
  if (steps.length === 0) return error;
  const path = steps.map((s) => `route "${s.route}" (${s.policy}${branchOf(s)}) chose "${s.target}"`).join(', then ');
  return new SwitchyardError('forbidden', `${path}: ${error.message}`, { status: 403, vendorCode: 'unpriced_model' });
}

function branchOf(step: RouteStep): string {
  if (step.arm !== undefined) return `, arm ${step.arm + 1}`;
  if (step.rule !== undefined) return `, rule ${step.rule + 1}`;
  if (step.policy === 'cascade') return `, ${step.reason}`;
  return step.policy === 'conditional' ? ', default' : '';
}

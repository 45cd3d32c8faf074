import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletion } from '../../core/openai-wire.js';
import { cascadeNeedsLogprobs, checkCascade, planRoute, type RequestFeatures, type RouteStep } from '../../routing/policies/index.js';
import type { CascadeRoute } from '../../config/route-schema.js';
import { computeCost } from '../../tokens/cost.js';
import { answerWith } from '../answer-with.js';
import type { Call } from '../call.js';
import type { Outcome } from '../outcome.js';
import type { Next } from '../pipeline.js';
import { canonicalOf } from '../call-features.js';
import type { RouteStageDeps } from './route-request.js';

/**
 * Runs a cascade: each target but the last answers in full (buffered, canonically, so its answer
 * can be checked) and is accepted or escalated by `checkCascade`; the last target answers the
 * client directly, streamed if it asked. An accepted earlier answer is sent in the client's
 * format, as a stream if it asked for one. What rejected steps cost is added to the call's cost.
 */
export async function runCascade(
  call: Call,
  next: Next,
  cascade: { route: string; config: CascadeRoute },
  steps: RouteStep[],
  deps: RouteStageDeps,
  features: RequestFeatures,
): Promise<Outcome> {
  const { config } = cascade;
  const wantsStream = call.stream;
  const request = canonicalOf(call);
  const trail: { target: string; model: string; action: string; reason: string; costUsd: number }[] = [];
  for (let step = 0; step < config.targets.length; step++) {
    const target = config.targets[step] as string;
    // A cascade target may itself be a route: follow it to a model for this request.
    const plan = planRoute(target, deps.routes, features, deps);
    if (!('model' in plan)) throw new SwitchyardError('config_invalid', `routes.${cascade.route}.targets[${step}]: a cascade inside a cascade is not supported`);
    steps.push(...plan.steps);
    call.plan = deps.catalog.resolve(plan.model);
    const last = step === config.targets.length - 1;
    if (last) {
      steps.push({ route: cascade.route, policy: 'cascade', target, reason: step === 0 ? 'only target' : `step ${step + 1} (last)` });
      call.stream = wantsStream;
      call.forceCanonical = false;
      call.canonical = request;
      call.decide('route', { steps, cascade: trail, model: plan.model });
      return next();
    }
    call.stream = false;
    call.forceCanonical = true;
    call.canonical = cascadeNeedsLogprobs(config) ? { ...request, logprobs: true } : request;
    call.completion = undefined;
    const outcome = await next().catch((error: unknown) => ({ kind: 'error' as const, error: error as SwitchyardError, headers: {} }));
    const stepCost = call.usage ? computeCost(call.price, call.usage) : 0;
    // Set by the provider call during `next()` (the compiler cannot see that).
    const completion = call.completion as ChatCompletion | undefined;
    if (outcome.kind !== 'json' || !completion) {
      trail.push({ target, model: plan.model, action: 'escalate', reason: `step ${step + 1} failed: ${outcome.kind === 'error' ? outcome.error.message.slice(0, 200) : 'no answer'}`, costUsd: stepCost });
      steps.push({ route: cascade.route, policy: 'cascade', target, reason: `step ${step + 1} failed, escalated` });
      call.spentBeforeUsd += stepCost;
      continue;
    }
    const choice = completion.choices[0];
    const text = typeof choice?.message.content === 'string' ? choice.message.content : JSON.stringify(choice?.message.tool_calls ?? '');
    const verdict = await checkCascade(config, { step, answer: { text, logprobs: choice?.logprobs }, request }, deps.judge ? { judge: deps.judge } : {});
    trail.push({ target, model: plan.model, action: verdict.action, reason: verdict.reason, costUsd: stepCost });
    if (verdict.action === 'accept') {
      steps.push({ route: cascade.route, policy: 'cascade', target, reason: verdict.reason });
      call.forceCanonical = false;
      call.stream = wantsStream;
      call.decide('route', { steps, cascade: trail, model: plan.model });
      return wantsStream ? answerWith(call, completion) : outcome;
    }
    steps.push({ route: cascade.route, policy: 'cascade', target, reason: verdict.reason });
    call.spentBeforeUsd += stepCost;
    call.usage = undefined;
  }
  throw new SwitchyardError('internal', `routes.${cascade.route}: the cascade ended without an answer`);
}

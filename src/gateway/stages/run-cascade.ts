import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletion } from '../../core/openai-wire.js';
import { cascadeNeedsLogprobs, checkCascade, planRoute, type RefusedModel, refusalFix, type RequestFeatures, RouteRefusal, type RoutePlan, type RouteStep } from '../../routing/policies/index.js';
import type { CascadeRoute } from '../../config/route-schema.js';
import { computeCost } from '../../tokens/cost.js';
import { subtractUsage, type Usage } from '../../tokens/usage.js';
import { answerWith } from '../answer-with.js';
import { type BookedAnswer, bookUndelivered } from '../book-undelivered.js';
import { failedAttemptsBooked } from '../book-billed-attempts.js';
import type { Call } from '../call.js';
import type { Outcome } from '../outcome.js';
import type { Next } from '../pipeline.js';
import { canonicalOf } from '../call-features.js';
import { refusalsOf, refusedModel } from '../run-attempts.js';
import type { RouteStageDeps } from './route-request.js';
import { isUnpricedRefusal, unpricedInRoute } from '../unpriced-policy.js';
import { type ReaskAttempt, reaskedBooked } from '../guard/reask.js';
import type { PassedOn } from './answer-locally.js';
import { judgeRecorder, type JudgedStep } from './cascade-judge.js';
import { type CascadeAlone, cascadeAlone } from './cascade-alone.js';
import { askLocalStep, type LocalStepResult, type LocalSteps, localOnStep } from './cascade-local-step.js';

/**
 * One step of a cascade as `decisions.route.cascade` lists it: its verdict (`accept`, `escalate`,
 * `skip` for a target that cannot honour the request, `final` for the last target, or
 * `delivered` for an escalated answer sent after all because the last target cannot honour it) and what its model call used and cost (null: no answer).
 */
export interface CascadeStep {
  target: string;
  model: string;
  action: string;
  reason: string;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
  costUsd: number | null;
  /**
   * What the step's model calls took: the sum of its attempts' latencies (its re-asks' and failed
   * attempts' included), so the steps add up to the trace's attempts. Null when it called no model.
   */
  latencyMs: number | null;
  /**
   * The step's answers a JSON-schema re-ask sent back (`decisions.reask` of the step, each with
   * its tokens and cost), when the route's guardrail re-asked inside it: counted in the step's
   * figures, once, as the trace's totals count them.
   */
  reasks?: ReaskAttempt[];
  /**
   * The judge's call on the step's answer (`escalate_on.judge`): its score, the route's
   * `min_score` it was compared with (absent on traces before 2026-12-07, when the config may have
   * changed since), its own trace (the judge model's, `decisions.internal.for` this call's) and
   * what it cost. Billed to the same key, but not in the step's `costUsd`, the trace's totals or
   * `x-switchyard-cost-usd`: it is a call of its own, with its own trace and rollups.
   */
  judge?: JudgedStep;
}

/**
 * Runs a cascade: each target but the last answers in full (buffered, canonically, so its answer
 * can be checked) and is accepted or escalated by `checkCascade`; the last target answers the
 * client directly, streamed if it asked. An accepted earlier answer is sent in the client's
 * format, as a stream if it asked for one. Every step is a model call that counts: a rejected
 * step's tokens and cost are booked on the call (trace totals, rate limits, budgets), each step's
 * on the route decision; the client's `usage` is the delivered answer's.
 */
export async function runCascade(
  call: Call,
  next: Next,
  cascade: { route: string; config: CascadeRoute },
  steps: RouteStep[],
  deps: RouteStageDeps,
  features: RequestFeatures,
  /** Models the route stage already found unable to honour this request. */
  refusedBefore?: ReadonlyMap<string, RefusedModel>,
  /** Filled with the header entries of the local models the cascade's steps asked (`askLocalStep`). */
  localSteps?: LocalSteps,
): Promise<Outcome> {
  let refused = refusedBefore ? new Map(refusedBefore) : undefined;
  const { config } = cascade;
  const { judge } = deps;
  const wantsStream = call.stream;
  const request = canonicalOf(call);
  const trail: CascadeStep[] = [];
  // The decisions that led to this cascade, to name in a refusal of its last target.
  const leading = [...steps];
  // The latest answer a check rejected: delivered after all if the last target refuses the request.
  let rejected: RejectedAnswer | undefined;
  // Each step's attempts (`call.attempts` from, to; to undefined: to the end), for its failed ones' cost.
  const spans = new Map<CascadeStep, AttemptSpan>();
  // Each step's re-asks, which the output guard books on the call inside the step's model call.
  const reasks = new Map<CascadeStep, ReaskAttempt[]>();
  // Registered before any step runs, so it runs after the cost stage's hook (hooks run in reverse):
  // the delivered answer's usage is known then, a stream's or a locally counted one included, and
  // every failed attempt a provider bills has been booked.
  call.onSettled(() => {
    fillFigures(call, trail, spans, reasks);
    // What the call would have cost at the last target alone, for the rollups' exact saving.
    const route = call.decisions?.route as { cascade?: unknown; alone?: CascadeAlone } | undefined;
    const alone = route?.cascade === trail ? cascadeAlone({ call, trail, lastTarget: config.targets.at(-1) as string, deps, features }) : undefined;
    if (route && alone) route.alone = alone;
  });
  // Classify routes' local models that steps asked and that passed the call on: the answer the
  // cascade delivers from a later step (accepted, or the last) becomes their training example.
  const passedOn: PassedOn[] = [];
  for (let step = 0; step < config.targets.length; step++) {
    const target = config.targets[step] as string;
    const last = step === config.targets.length - 1;
    const from = call.attempts.length;
    let plan: { steps: RouteStep[]; model: string } | undefined;
    let outcome: Outcome | undefined;
    let skipped: RouteRefusal | undefined;
    // The step's model has no price and the key a dollar budget (limits.unpriced: refuse): nothing was sent.
    let unpriced = false;
    // A classify route's local model on the step's path passed the call on: to the next step.
    let passedByLocal = false;
    // A step is planned again when the model it reached refuses the request (nothing was sent):
    // a target that is itself a route may have another model that honours it.
    while (outcome === undefined) {
      let planned: RoutePlan;
      try {
        planned = planRoute(target, deps.routes, features, refused ? { ...deps, refused } : deps);
      } catch (error) {
        if (!(error instanceof RouteRefusal)) throw error;
        if (last && rejected) return deliverRejected(call, rejected, { route: cascade.route, target, step, refusal: { message: error.message, skip: `cannot honour ${error.param ?? 'the request'}`, lacks: 'cannot honour this request' }, steps, trail, wantsStream });
        if (last) throw lastRefusal(cascade.route, target, error);
        skipped = error;
        break;
      }
      // A cascade target may itself be a route: follow it to a model for this request.
      if (!('model' in planned)) throw new SwitchyardError('config_invalid', `routes.${cascade.route}.targets[${step}]: a cascade inside a cascade is not supported`);
      plan = planned;
      const found = deps.local && localOnStep(call, plan.steps, deps.local);
      if (found && deps.local) {
        const asked = await askLocalStep({ call, answerer: deps.local, cascade, step, found, planSteps: plan.steps, request, text: features.lastUserText, wantsStream, judge });
        if (asked.answered) return deliverLocal(call, asked, { route: cascade.route, target, steps, trail, localSteps });
        passedOn.push(asked.passedOn);
        if (!last) {
          passLocalOn(asked, { route: cascade.route, target, step, steps, trail, localSteps });
          passedByLocal = true;
          break;
        }
        // The last step: the classify route's own target answers (the cascade has nowhere else to go).
        localSteps?.set(plan.steps[asked.at] ?? 'end', asked.passedOn.step);
      }
      call.plan = deps.catalog.resolve(plan.model);
      if (last) {
        call.stream = wantsStream;
        call.forceCanonical = false;
        call.canonical = request;
        const reason = step === 0 ? 'only target' : `step ${step + 1} (last)`;
        const finalStep: RouteStep = { route: cascade.route, policy: 'cascade', target, reason };
        const stepCount = steps.push(...plan.steps, finalStep);
        spans.set(trail[trail.push({ target, model: plan.model, action: 'final', reason, ...NO_ANSWER }) - 1] as CascadeStep, { from });
        call.decide('route', { steps, cascade: trail, model: plan.model });
        try {
          const answered = await next();
          takeReasks(call, trail.at(-1) as CascadeStep, reasks, true);
          for (const passed of passedOn) passed.escalated();
          return answered;
        } catch (error) {
          if (isUnpricedRefusal(error)) {
            if (!rejected) throw unpricedInRoute(error, [...leading, ...plan.steps, finalStep]);
            // An earlier answer failed only its check: better than a 403 the client can do nothing about.
            steps.length = stepCount - plan.steps.length - 1;
            trail.pop();
            return deliverRejected(call, rejected, { route: cascade.route, target, step, refusal: { message: error.message, skip: 'has no price', lacks: 'has no price' }, steps, trail, wantsStream });
          }
          const refusals = refusalsOf(error);
          if (!refusals) throw error;
          // Planned again without the refusing model; its steps are not the route's.
          steps.length = stepCount - plan.steps.length - 1;
          trail.pop();
          (refused ??= new Map()).set(plan.model, refusedModel(refusals));
          continue;
        }
      }
      call.stream = false;
      call.forceCanonical = true;
      // Log-probs the gateway asks for only for its confidence check; a target that has none
      // (Claude) is asked again without them, and the check applies `when_missing`.
      const addsLogprobs = cascadeNeedsLogprobs(config) && request.logprobs !== true;
      call.canonical = addsLogprobs ? { ...request, logprobs: true } : request;
      let answer = await next().catch((error: unknown) => ({ kind: 'error' as const, error: error as SwitchyardError, headers: {} }));
      let refusals = answer.kind === 'error' ? refusalsOf(answer.error) : undefined;
      if (refusals && addsLogprobs && refusals.every((r) => r.param === 'logprobs')) {
        call.canonical = request;
        answer = await next().catch((error: unknown) => ({ kind: 'error' as const, error: error as SwitchyardError, headers: {} }));
        refusals = answer.kind === 'error' ? refusalsOf(answer.error) : undefined;
      }
      if (refusals) {
        (refused ??= new Map()).set(plan.model, refusedModel(refusals));
        continue;
      }
      if (answer.kind === 'error' && isUnpricedRefusal(answer.error)) {
        unpriced = true;
        break;
      }
      outcome = answer;
    }
    if (passedByLocal) continue;
    if (unpriced) {
      // A budgeted key's call to a model with no price: passed over, as a fallback list passes an unpriced target.
      const reason = `step ${step + 1} skipped: ${target} has no price, which this key's dollar budget needs`;
      trail.push({ target, model: plan?.model ?? target, action: 'skip', reason, ...NO_ANSWER });
      steps.push({ route: cascade.route, policy: 'cascade', target, reason });
      continue;
    }
    if (skipped || plan === undefined || outcome === undefined) {
      // Every model this step could reach refuses the request: pass it over, as a fallback list would.
      const reason = `step ${step + 1} skipped: ${target} cannot honour ${skipped?.param ?? 'the request'}`;
      trail.push({ target, model: target, action: 'skip', reason, ...NO_ANSWER });
      steps.push({ route: cascade.route, policy: 'cascade', target, reason });
      continue;
    }
    steps.push(...plan.steps);
    // Set by the provider call during `next()` (the compiler cannot see that).
    const completion = call.completion as ChatCompletion | undefined;
    if (outcome.kind !== 'json' || !completion) {
      const booked = await bookUndelivered(call);
      const entry: CascadeStep = { target, model: plan.model, action: 'escalate', reason: `step ${step + 1} failed: ${outcome.kind === 'error' ? outcome.error.message.slice(0, 200) : 'no answer'}`, ...stepFigures(booked.usage, booked.costUsd), latencyMs: null };
      spans.set(entry, { from, to: call.attempts.length });
      takeReasks(call, entry, reasks);
      trail.push(entry);
      // The status and code, short enough for the header: "failed, escalated" alone sent the reader to the trace for a 503 or a timeout.
      const why = outcome.kind === 'error' && outcome.error instanceof SwitchyardError ? ` (${outcome.error.status} ${outcome.error.code})` : outcome.kind === 'error' ? '' : ' (no answer)';
      steps.push({ route: cascade.route, policy: 'cascade', target, reason: `step ${step + 1} failed${why}, escalated` });
      continue;
    }
    const choice = completion.choices[0];
    const text = typeof choice?.message.content === 'string' ? choice.message.content : JSON.stringify(choice?.message.tool_calls ?? '');
    const recorder = judgeRecorder(judge, call, cascade.route);
    const verdict = await checkCascade(config, { step, answer: { text, logprobs: choice?.logprobs }, request }, recorder.scoreWith);
    const judged = recorder.judged();
    steps.push({ route: cascade.route, policy: 'cascade', target, reason: verdict.reason });
    if (verdict.action === 'accept') {
      // Its figures are filled in once settled, like the last step's.
      const entry: CascadeStep = { target, model: plan.model, action: 'accept', reason: verdict.reason, ...NO_ANSWER, ...(judged ? { judge: judged } : {}) };
      spans.set(entry, { from, to: call.attempts.length });
      // The delivered answer's re-asks stay the call's `decisions.reask` too.
      takeReasks(call, entry, reasks, true);
      trail.push(entry);
      call.forceCanonical = false;
      call.stream = wantsStream;
      call.decide('route', { steps, cascade: trail, model: plan.model });
      for (const passed of passedOn) passed.escalated();
      return wantsStream ? answerWith(call, completion) : outcome;
    }
    const kept = keptAnswer(call, completion, outcome, plan.model);
    const booked = await bookUndelivered(call);
    rejected = { ...kept, booked, trailIndex: trail.length };
    const entry: CascadeStep = { target, model: plan.model, action: verdict.action, reason: verdict.reason, ...stepFigures(booked.usage, booked.costUsd), latencyMs: null, ...(judged ? { judge: judged } : {}) };
    spans.set(entry, { from, to: call.attempts.length });
    takeReasks(call, entry, reasks);
    trail.push(entry);
  }
  throw new SwitchyardError('internal', `routes.${cascade.route}: the cascade ended without an answer`);
}

/** A local model's step spent nothing: no tokens, no cost, no model call. */
const LOCAL_FIGURES = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, latencyMs: null } as const;

/** Where a step's local model is recorded: the route steps and the trail, and the header's local entries. */
interface LocalStepRecord {
  route: string;
  target: string;
  steps: RouteStep[];
  trail: CascadeStep[];
  localSteps: LocalSteps | undefined;
}

/**
 * A local answer that passed the cascade's checks for its step: the call's answer. The step is
 * `accept` in `decisions.route.cascade` (model the local model's, cost 0), `decisions.route.model`
 * names the local model, and the header gives the local model's entry before the cascade's step.
 */
function deliverLocal(call: Call, asked: Extract<LocalStepResult, { answered: true }>, at: LocalStepRecord): Outcome {
  at.trail.push({ target: at.target, model: asked.model, action: 'accept', reason: asked.check.reason, ...LOCAL_FIGURES, ...(asked.judged ? { judge: asked.judged } : {}) });
  const entry: RouteStep = { route: at.route, policy: 'cascade', target: at.target, reason: asked.check.reason };
  at.steps.push(...asked.leading, entry);
  at.localSteps?.set(entry, asked.verdict.step);
  call.decide('route', { steps: at.steps, cascade: at.trail, model: asked.model });
  return asked.verdict.outcome;
}

/**
 * A step whose local model passed the call on (not confident, or its answer failed the step's
 * check): `escalate` in `decisions.route.cascade`, the cascade's next step next. The classify
 * route's own target is not called: see `askLocalStep`.
 */
function passLocalOn(asked: Extract<LocalStepResult, { answered: false }>, at: LocalStepRecord & { step: number }): void {
  const reason = asked.check?.reason ?? `step ${at.step + 1} escalated: its local model passed it on`;
  at.trail.push({ target: at.target, model: asked.model, action: 'escalate', reason, ...LOCAL_FIGURES, ...(asked.judged ? { judge: asked.judged } : {}) });
  const entry: RouteStep = { route: at.route, policy: 'cascade', target: at.target, reason };
  at.steps.push(...asked.leading, entry);
  at.localSteps?.set(entry, asked.passedOn.step);
}

/** An answer a step's check rejected, with what delivering it after all must restore on the call. */
interface RejectedAnswer {
  completion: ChatCompletion;
  outcome: Outcome;
  model: string;
  call: Pick<Call, 'usage' | 'response' | 'provider' | 'upstreamModel' | 'price' | 'plan'>;
  booked: BookedAnswer;
  /** Its entry in `decisions.route.cascade`. */
  trailIndex: number;
}

function keptAnswer(call: Call, completion: ChatCompletion, outcome: Outcome, model: string): Omit<RejectedAnswer, 'booked' | 'trailIndex'> {
  const { usage, response, provider, upstreamModel, price, plan } = call;
  return { completion, outcome, model, call: { usage, response, provider, upstreamModel, price, plan } };
}

/**
 * The last target cannot honour the request, but an earlier step answered and only failed its
 * check: that answer is better than a 400 the client could do nothing about (the cascade was
 * configured to escalate, not to need the last target). It is delivered as an accepted step's
 * would be, un-booked from the undelivered attempts, and the route decision says why: the step's
 * action is `delivered`, its reason names the check it failed and the refusal.
 */
function deliverRejected(
  call: Call,
  kept: RejectedAnswer,
  /** `refusal.skip` and `.lacks`: what the last target lacks, on its skipped step (`cannot honour logprobs`) and on the delivered one. */
  at: { route: string; target: string; step: number; refusal: { message: string; skip: string; lacks: string }; steps: RouteStep[]; trail: CascadeStep[]; wantsStream: boolean },
): Outcome {
  const { booked } = kept;
  if (booked.usage && call.usageBefore) call.usageBefore = subtractUsage(call.usageBefore, booked.usage);
  call.spentBeforeUsd = Math.max(0, call.spentBeforeUsd - booked.costUsd);
  Object.assign(call, kept.call);
  call.completion = kept.completion;
  const skip = `step ${at.step + 1} skipped: ${at.target} ${at.refusal.skip}`;
  at.trail.push({ target: at.target, model: at.target, action: 'skip', reason: skip, ...NO_ANSWER });
  at.steps.push({ route: at.route, policy: 'cascade', target: at.target, reason: skip });
  const entry = at.trail[kept.trailIndex] as CascadeStep;
  Object.assign(entry, { action: 'delivered', reason: `${entry.reason}; delivered all the same: the last target "${at.target}" ${at.refusal.lacks} (${at.refusal.message})`, ...NO_ANSWER });
  call.forceCanonical = false;
  call.stream = at.wantsStream;
  call.decide('route', { steps: at.steps, cascade: at.trail, model: kept.model });
  return at.wantsStream ? answerWith(call, kept.completion) : kept.outcome;
}

/** The cascade's last target cannot honour the request: a 400 naming the route, the target and the field. */
function lastRefusal(route: string, target: string, below: RouteRefusal): SwitchyardError {
  const vendorCode = below.vendorCode ?? undefined;
  return new SwitchyardError('unsupported', `route "${route}": its last target "${target}" cannot honour this request (${below.message})${refusalFix(below)}`, {
    ...(below.param === undefined ? {} : { param: below.param }),
    ...(vendorCode === undefined ? {} : { vendorCode }),
  });
}

const NO_ANSWER = { inputTokens: null, outputTokens: null, cachedTokens: null, costUsd: null, latencyMs: null } as const;

/**
 * Moves the re-asks the output guard made inside a step (`decisions.reask`) onto its entry, where
 * its figures count them. An escalated step's leave the call's decisions (the next step may
 * re-ask too, and the call's `decisions.reask` is then the delivered answer's alone); the
 * delivered step's (`keep`) stay there too.
 */
function takeReasks(call: Call, entry: CascadeStep, into: Map<CascadeStep, ReaskAttempt[]>, keep = false): void {
  const decided = call.decisions?.reask as { attempts?: ReaskAttempt[] } | undefined;
  if (!decided || !Array.isArray(decided.attempts)) return;
  into.set(entry, decided.attempts);
  entry.reasks = decided.attempts;
  if (!keep && call.decisions) delete call.decisions.reask;
}

function stepFigures(usage: Usage | undefined, costUsd: number): Pick<CascadeStep, 'inputTokens' | 'outputTokens' | 'cachedTokens' | 'costUsd'> {
  return usage ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedTokens: usage.cachedTokens, costUsd } : { inputTokens: null, outputTokens: null, cachedTokens: null, costUsd: null };
}

/** The attempts of one step: `call.attempts.slice(from, to)`. */
interface AttemptSpan {
  from: number;
  to?: number;
}

/**
 * Once settled: the delivered step (accepted, last, or delivered after all) gets the figures of
 * the answer the client received, and every step adds what its failed attempts were booked at
 * (a timeout, a cut body, a body not JSON, before its answer or in place of one) and the answers
 * its re-asks sent back, and takes its attempts' latency, so each model call is counted once, in
 * its step, and the steps sum to the call's totals.
 */
function fillFigures(call: Call, trail: CascadeStep[], spans: ReadonlyMap<CascadeStep, AttemptSpan>, reasks: ReadonlyMap<CascadeStep, ReaskAttempt[]>): void {
  const delivered = trail.findLast((entry) => entry.action === 'accept' || entry.action === 'final' || entry.action === 'delivered');
  if (delivered && call.usage) Object.assign(delivered, stepFigures(call.usage, computeCost(call.price, call.usage)));
  for (const [entry, { from, to }] of spans) {
    const attempts = call.attempts.slice(from, to);
    if (attempts.length > 0) entry.latencyMs = attempts.reduce((sum, a) => sum + a.latencyMs, 0);
    const failed = failedAttemptsBooked(attempts);
    const bookings = [failed && { ...failed, cachedTokens: 0 }, reaskedBooked(reasks.get(entry) ?? [])];
    for (const booked of bookings) {
      if (!booked) continue;
      entry.inputTokens = (entry.inputTokens ?? 0) + booked.inputTokens;
      entry.outputTokens = (entry.outputTokens ?? 0) + booked.outputTokens;
      entry.cachedTokens = (entry.cachedTokens ?? 0) + booked.cachedTokens;
      entry.costUsd = (entry.costUsd ?? 0) + booked.costUsd;
    }
  }
}

import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import type { CascadeRoute } from '../../config/route-schema.js';
import { type CascadeVerdict, checkCascade, type RouteStep } from '../../routing/policies/index.js';
import type { Call } from '../call.js';
import { type AnsweredLocally, type LocalAnswerer, type LocalStep, localModelsAsked, type PassedOn } from './answer-locally.js';
import type { RouteStageDeps } from './route-request.js';
import { judgeRecorder, type JudgedStep } from './cascade-judge.js';

/** What a classify route's local model made of a cascade's step. */
export type LocalStepResult =
  /** Its answer passed the cascade's checks for the step and is the call's answer. */
  | { answered: true; verdict: AnsweredLocally; check: CascadeVerdict; judged?: JudgedStep; model: string; leading: RouteStep[] }
  /**
   * It passed the call on: not confident (`check` undefined), or its answer failed the cascade's
   * check for the step. The cascade goes on to its next step (the last step: to the classify
   * route's own target); `passedOn.escalated()` makes the answer finally delivered a training example.
   */
  | { answered: false; passedOn: PassedOn; check?: CascadeVerdict; judged?: JudgedStep; model: string; leading: RouteStep[]; at: number };

/**
 * Where a classify route's local model sits on a cascade step's path: the first route in the step's
 * plan with one (the step's target itself, or a route it leads to) that this call has not asked
 * yet (a route's model is asked once a call: one above the cascade, or an earlier step's, that
 * passed the call on is not asked again). None when no route on the path has a model to ask.
 *
 * @example localOnStep(call, [{ route: 'support-intent', target: 'gpt-5.4', … }], answerer) // { route: 'support-intent', at: 0, model }
 */
export function localOnStep(call: Call, steps: readonly RouteStep[], answerer: LocalAnswerer): { route: string; at: number; model: ReturnType<LocalAnswerer['modelFor']> & object } | undefined {
  for (let at = 0; at < steps.length; at++) {
    const route = (steps[at] as RouteStep).route;
    const model = answerer.modelFor(call, route);
    if (model && !localModelsAsked(call).includes(route)) return { route, at, model };
  }
  return undefined;
}

/**
 * Asks the local model of a classify route that is a cascade's step (or that the step's target
 * leads to) before the step's model: a confident answer is checked by the cascade's own checks for
 * the step (validation, confidence, judge), as any step's answer is, with the model's calibrated
 * confidence standing for its log-prob (ln p, as a one-token answer's), and delivered when it
 * passes (cost what earlier steps spent, `model` naming the local model). An unconfident answer,
 * or one that fails the check, is passed on: the caller moves to the cascade's next step rather
 * than the classify route's own target, which would be a second paid call for the same call
 * (often the same strong model the next step names), its answer buffered to be checked.
 *
 * @example await askLocalStep({ call, answerer, cascade, step: 0, found, planSteps: plan.steps, request, text, wantsStream: false, judge }) // { answered: true, model: 'local:support-intent@v1', … }
 */
export async function askLocalStep(at: {
  call: Call;
  answerer: LocalAnswerer;
  cascade: { route: string; config: CascadeRoute };
  step: number;
  found: NonNullable<ReturnType<typeof localOnStep>>;
  planSteps: readonly RouteStep[];
  request: ChatCompletionRequest;
  text: string;
  wantsStream: boolean;
  judge: RouteStageDeps['judge'];
}): Promise<LocalStepResult> {
  const { call, cascade, found } = at;
  const leading = at.planSteps.slice(0, found.at);
  const candidate = at.answerer.consider(call, found.route, found.model, true, at.text);
  if (candidate.answered === false) return { answered: false, passedOn: candidate, model: candidate.model ?? `local:${found.route}`, leading, at: found.at };
  const recorder = judgeRecorder(at.judge, call, cascade.route);
  // The local model's probability for its label is what a one-token answer's log-prob says.
  const logprobs = { content: [{ token: candidate.content, logprob: Math.log(candidate.confidence) }] };
  const check = await checkCascade(cascade.config, { step: at.step, answer: { text: candidate.content, logprobs }, request: at.request }, recorder.scoreWith);
  const judged = recorder.judged();
  const judgedEntry = judged ? { judged } : {};
  if (check.action === 'accept') {
    call.forceCanonical = false;
    call.stream = at.wantsStream;
    return { answered: true, verdict: candidate.deliver(), check, ...judgedEntry, model: candidate.model, leading };
  }
  // The check's own words are on the cascade's step, next to this one.
  const passedOn = candidate.passOn(`cascade ${cascade.route}'s ${check.trigger ?? 'own'} check failed it`);
  return { answered: false, passedOn, check, ...judgedEntry, model: candidate.model, leading, at: found.at };
}

/** Each local model's entry in the `x-switchyard-route` header, shown just before the route step it is keyed to (at the end when that step is gone). */
export type LocalSteps = Map<RouteStep | 'end', LocalStep>;

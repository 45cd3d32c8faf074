import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import type { CascadeRoute } from '../../config/route-schema.js';
import { confidenceFailure, logprobStats, validationFailure } from './answer-checks.js';
import { headerSafe, type RouteDecision } from './decision.js';

export type JudgeSpec = NonNullable<CascadeRoute['escalate_on']['judge']>;

/**
 * Scores an answer in [0, 1]. Injected so the gateway can send the judge call through its own
 * model client (routed, budgeted, traced like any call); `spec` names the judge model and rubric.
 */
export type CascadeJudge = (request: ChatCompletionRequest, answerText: string, spec: JudgeSpec) => Promise<number>;

/** One answer of a cascade step. */
export interface CascadeAnswer {
  text: string;
  /** `choice.logprobs` as the provider returned it, or token entries collected from a stream. */
  logprobs?: unknown;
}

export interface CascadeCheckInput {
  /** Index into `route.targets` of the target that produced the answer. */
  step: number;
  answer: CascadeAnswer;
  /** The client's request, for the judge. */
  request: ChatCompletionRequest;
}

export type CascadeTrigger = 'validation' | 'confidence' | 'judge';

/**
 * What to do with a cascade step's answer. `accept`: return it (`target` is the step's own target).
 * `escalate`: call `target`, the next one. `exhausted`: the last target's answer failed a check too;
 * there is nowhere left to go, so it is returned as the best available, with the failure on the trace.
 */
export interface CascadeVerdict extends RouteDecision {
  action: 'accept' | 'escalate' | 'exhausted';
  trigger?: CascadeTrigger;
  /** The judge's score when the judge was called. */
  judgeScore?: number;
}

/**
 * Checks a cascade step's answer against the route's triggers, cheapest first: validation, then
 * confidence (token log-probs), then the judge, which is only called when the local checks pass and
 * a further target exists (judging the last answer could not change anything). A judge that
 * throws or returns something outside [0, 1] escalates: when quality cannot be confirmed, the
 * stronger target is the safe side.
 *
 * @example
 * await checkCascade(route, { step: 0, answer: { text: '{"intent":"refund"}' }, request }, { judge })
 * // { action: 'accept', target: 'small', reason: 'step 1 accepted: passed validation, judge 0.92 >= 0.7', judgeScore: 0.92 }
 */
export async function checkCascade(route: CascadeRoute, input: CascadeCheckInput, deps: { judge?: CascadeJudge } = {}): Promise<CascadeVerdict> {
  const { step, answer } = input;
  const current = route.targets[step];
  if (current === undefined) throw new RangeError(`cascade step ${step} is outside targets[0..${route.targets.length - 1}]`);
  const next = route.targets[step + 1];
  const { validation, confidence, judge } = route.escalate_on;
  const passed: string[] = [];
  const verdict = (trigger: CascadeTrigger, why: string, judgeScore?: number): CascadeVerdict => {
    const base = next === undefined ? { action: 'exhausted' as const, target: current, reason: `last target failed ${trigger}: ${why}` } : { action: 'escalate' as const, target: next, reason: `step ${step + 1} escalated on ${trigger}: ${why}` };
    return { ...base, reason: headerSafe(base.reason), trigger, ...(judgeScore === undefined ? {} : { judgeScore }) };
  };

  if (validation) {
    const failure = validationFailure(validation, answer.text);
    if (failure !== undefined) return verdict('validation', failure);
    passed.push('passed validation');
  }
  if (confidence) {
    const stats = logprobStats(answer.logprobs);
    const failure = confidenceFailure(confidence, stats);
    if (failure !== undefined) return verdict('confidence', failure);
    passed.push(stats ? `mean logprob ${stats.mean.toFixed(2)}` : 'no logprobs (accepted)');
  }
  let judgeScore: number | undefined;
  if (judge && next !== undefined) {
    if (!deps.judge) return verdict('judge', 'no judge function is wired for this route');
    try {
      judgeScore = await deps.judge(input.request, answer.text, judge);
    } catch (error) {
      return verdict('judge', `judge call failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof judgeScore !== 'number' || !(judgeScore >= 0 && judgeScore <= 1)) {
      return verdict('judge', `judge returned ${String(judgeScore)}, expected a score in [0, 1]`);
    }
    if (judgeScore < judge.min_score) return verdict('judge', `score ${judgeScore.toFixed(2)} < ${judge.min_score}`, judgeScore);
    passed.push(`judge ${judgeScore.toFixed(2)} >= ${judge.min_score}`);
  }
  const reason = headerSafe(`step ${step + 1} accepted: ${passed.join(', ') || 'no checks apply'}`);
  return { action: 'accept', target: current, reason, ...(judgeScore === undefined ? {} : { judgeScore }) };
}

/** True when a cascade reads token log-probs, so the gateway should ask the provider for them. */
export function cascadeNeedsLogprobs(route: CascadeRoute): boolean {
  return route.escalate_on.confidence !== undefined;
}

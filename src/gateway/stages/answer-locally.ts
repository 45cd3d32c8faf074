import { SHADOW_FEATURE } from '../../core/internal-caller.js';
import type { ChatCompletion, ChatCompletionRequest, ChatUsage, JsonObject } from '../../core/openai-wire.js';
import type { LocalAnswer, LocalRoute } from '../../local/serving/local-route.js';
import type { PriceEntry } from '../../tokens/price-table.js';
import { computeCost } from '../../tokens/cost.js';
import { answerText } from '../answer-text.js';
import { answerWith } from '../answer-with.js';
import { headerSafe, MAX_ROUTE_HEADER, routeHeader } from '../../routing/policies/index.js';
import { ownCompletion } from '../../providers/openai-usage-details.js';
import { canonicalOf, featuresOf } from '../call-features.js';
import { localAnswerMisfits, localCannotHonour } from '../local-cannot-honour.js';
import { estimateAnthropicPromptTokens } from '../client-formats/anthropic-prompt-estimate.js';
import { estimateTokens } from '../../tokens/estimate-tokens.js';
import { estimateUsage } from '../estimate-usage.js';
import { tokenCounter } from '../../tokens/count-tokens.js';
import { TokenEstimate } from '../../tokens/token-estimate.js';
import { ZERO_USAGE } from '../../tokens/usage.js';
import type { Stage } from '../pipeline.js';
import type { Outcome } from '../outcome.js';
import type { Call } from '../call.js';
import type { OwnAnswerCheck } from '../guard/guard-output.js';

export interface LocalAnswerDeps {
  /** The route's local model, if it has one. */
  localFor: (route: string) => LocalRoute | undefined;
  /** Sends a request to the route's own target, past its local model (for shadow checks), in the client call's session. */
  askTeacher: (route: string, request: ChatCompletionRequest, session: string | null) => Promise<string>;
  /** The price the teacher would have charged, for "money saved". */
  teacherPrice: (route: string) => PriceEntry | undefined;
  /**
   * The guardrails' output checks on a local answer (guard-output.ts `checkOwnAnswer`): the reason
   * it may not be delivered, or undefined. A local answer is given in the route slot, before the
   * guard-out stage, which would otherwise never see it.
   */
  checkAnswer?: OwnAnswerCheck;
}

/** Distinct local answers whose token counts are kept (labels; a JSON answer is one per label too). */
const MAX_COUNTED_ANSWERS = 10_000;

/** A local model's entry in the `x-switchyard-route` header: `route>local (reason)`. */
export interface LocalStep {
  route: string;
  target: 'local';
  reason: string;
}

/** A local model's answer, given: ready to deliver. */
export interface AnsweredLocally {
  answered: true;
  outcome: Outcome;
  step: LocalStep;
}

/**
 * A call a local model passed on (not confident, or its answer rejected by a check), with the hook
 * that turns the answer finally delivered into a training example once it has been (`escalated`,
 * called after a model answered).
 */
export interface PassedOn {
  answered: false;
  step: LocalStep;
  /** The local model that passed it on (`local:support-intent@v1`); undefined when the route has none live. */
  model: string | undefined;
  escalated: () => void;
}

/**
 * What a route's local model made of a call: a confident answer, ready to deliver; or the call
 * passed on to the route's target.
 */
export type LocalVerdict = AnsweredLocally | PassedOn;

/**
 * A local model's confident answer not given yet, for a caller that checks it first (a cascade's
 * step): `deliver` gives it (the call's answer from then on: no provider call, cost what was spent
 * before it, a shadow check sampled); `passOn` records that it was not and why.
 */
export interface LocalCandidate {
  answered: 'pending';
  /** The text the client would get: the label, or the route's JSON shape. */
  content: string;
  /** The model's calibrated confidence in its label, in (0, 1]. */
  confidence: number;
  /** The local model's name as `model` gives it: `local:support-intent@v1`. */
  model: string;
  deliver(): AnsweredLocally;
  passOn(reason: string): PassedOn;
}

/** Asks routes' local task models; shared by the stage for the route a call names and the route stage for routes reached through others. */
export interface LocalAnswerer {
  /** The route's local model, unless this call may not ask it (a shadow check, `overrides.local: false`) or the route has none. */
  modelFor(call: Call, route: string): LocalRoute | undefined;
  /**
   * Asks `local` about the call, and gives a confident answer at once. `nested`: the call named
   * another route, which sent it here; `decisions.local` then names this route (the trace page,
   * rollups and route reports read it). `text`: the last user message, when the caller has the
   * request's features already.
   */
  ask(call: Call, route: string, local: LocalRoute, nested: boolean, text?: string): LocalVerdict;
  /** As `ask`, but a confident answer waits for the caller's `deliver` or `passOn`. */
  consider(call: Call, route: string, local: LocalRoute, nested: boolean, text?: string): LocalCandidate | PassedOn;
}

/**
 * A route's local task model answers first: a confident answer is sent at once in the client's
 * format (no provider call, no token cost) and a sample of them is checked against the teacher
 * in the background; anything else escalates to the route's target, whose answer becomes a
 * training example once it has been delivered. This stage serves the route a call names; a
 * route reached through another route is asked by the route stage, with the same `LocalAnswerer`.
 */
export function answerLocally(answerer: LocalAnswerer, exposeHeader: (route: string) => boolean): Stage {
  return async (call, next) => {
    const route = call.routeName;
    const local = route === null ? undefined : answerer.modelFor(call, route);
    if (!local || route === null) return next();
    const verdict = answerer.ask(call, route, local, false);
    // Who answered, as a routed answer says it: without it a local answer had no route header at all.
    if (verdict.answered) {
      if (exposeHeader(route)) verdict.outcome.headers['x-switchyard-route'] = routeHeader([verdict.step]);
      return verdict.outcome;
    }
    const outcome = await next();
    // The route's own decision follows the local model's: why it passed the request on comes first.
    const routed = outcome.headers['x-switchyard-route'];
    if (routed !== undefined) outcome.headers['x-switchyard-route'] = headerSafe(`${routeHeader([verdict.step])}; ${routed}`, MAX_ROUTE_HEADER);
    verdict.escalated();
    return outcome;
  };
}

/**
 * The one `LocalAnswerer` of a route slot, holding the token counts its answers' savings reuse.
 *
 * @example const answerer = localAnswerer({ localFor, askTeacher, teacherPrice }); const verdict = answerer.ask(call, 'intent', model, true);
 */
export function localAnswerer(deps: LocalAnswerDeps): LocalAnswerer {
  // Tokens of each answer a local model gives (its labels, a few dozen per route), counted once.
  const answerTokens = new Map<string, number>();
  const tokensOf = async (content: string): Promise<number> => {
    let tokens = answerTokens.get(content);
    if (tokens === undefined) {
      tokens = await tokenCounter().text(content);
      if (answerTokens.size < MAX_COUNTED_ANSWERS) answerTokens.set(content, tokens);
    }
    return tokens;
  };
  // Prompt tokens per route: counted for a sample, read off a line by the user text's length for
  // the rest (the tokenizer was ~4% of a local answer's CPU, for a figure that is an estimate).
  const promptTokens = new Map<string, TokenEstimate>();
  const inputTokensOf = async (call: Call, route: string, text: string, completion: ChatCompletion, outputTokens: number): Promise<{ tokens: number; counted: boolean }> => {
    let estimate = promptTokens.get(route);
    if (estimate === undefined) promptTokens.set(route, (estimate = new TokenEstimate()));
    if (!estimate.shouldCount()) return { tokens: estimate.estimate(text.length), counted: false };
    // Counted exactly: these points draw the line the other requests are read off.
    const usage = await estimateUsage({ format: call.input.format, body: call.body, response: completion, knownOutputTokens: outputTokens, count: tokenCounter() });
    return { tokens: estimate.record(text.length, usage.inputTokens), counted: true };
  };
  const consider: LocalAnswerer['consider'] = (call, route, local, nested, text = featuresOf(call).lastUserText) => {
    // Reached through another route, the decision names the route whose model it is.
    const via = nested ? { route } : {};
    const started = performance.now();
    // Two choices, log-probs, a tool call, JSON from a label route, an image: the route's target answers.
    const request = canonicalOf(call);
    const unable = local.liveVersion === null ? undefined : localCannotHonour(request, local.task.answer);
    const answer = unable === undefined ? local.predict(text) : undefined;
    const content = answer && !answer.escalate ? (local.task.answer === 'json' ? JSON.stringify({ [local.task.json_field]: answer.label }) : answer.label) : undefined;
    // The request's own JSON Schema, then the route's output checks, hold for its local answers too: one they reject goes to the route's model.
    const rejected = content === undefined ? undefined : (localAnswerMisfits(request, content) ?? deps.checkAnswer?.(call, content));
    const passOn = (reason: string): PassedOn => {
      call.decide('local', afterEarlier(call, answer ? { answered: false, ...via, reason, label: answer.label, confidence: round(answer.confidence), version: answer.version } : { answered: false, ...via, reason }));
      return {
        answered: false,
        step: { route, target: 'local', reason: `${answer ? `v${answer.version} passed it on: ` : ''}${reason}` },
        model: answer && `local:${route}@v${answer.version}`,
        escalated: () =>
          call.onSettled(() => {
            // A model's answer only: another local model's (a classify route further on) is no teacher.
            if (call.error === null && call.delivery?.status === 200 && call.provider !== null && call.provider !== 'local') local.learn(text, answerText(call.response), call.traceId);
          }),
      };
    };
    if (!answer || content === undefined || rejected !== undefined) return passOn(unable !== undefined ? `not asked: ${unable}` : (answer ? (rejected ?? escalationReason(answer)) : (local.status().waiting ?? 'no live model')));
    const predictMs = performance.now() - started;
    const model = `local:${route}@v${answer.version}`;
    return {
      answered: 'pending',
      content,
      confidence: answer.confidence,
      model,
      passOn,
      deliver: () => {
        call.provider = 'local';
        call.upstreamModel = model;
        call.price = undefined;
        // What it cost, as a cache hit says it: nothing, or what a cascade's earlier steps spent
        // (the accounting stage, which sets it on a model's answer, is not reached for this one).
        call.costUsd = call.spentBeforeUsd;
        const completion = ownCompletion(model, content, { usage: clientUsage(call, content) });
        const outcome = answerWith(call, completion);
        outcome.headers['x-switchyard-cost-usd'] = call.costUsd.toFixed(8);
        call.onSettled(async () => {
          // What the same request would have cost at the teacher: its tokens at the teacher's price
          // (the local model itself used none, so the trace's own usage stays empty). Counted from
          // the completion in hand: the same text as the response kept for the trace, unparsed.
          const outputTokens = answerTokens.get(content) ?? (await tokensOf(content));
          const input = await inputTokensOf(call, route, text, completion, outputTokens);
          const wouldHaveUsed = { ...ZERO_USAGE, inputTokens: input.tokens, outputTokens, estimated: true };
          // savedTokens says how the prompt's tokens were had: counted, or read off the route's line.
          call.decide('local', afterEarlier(call, { answered: true, ...via, label: answer.label, confidence: round(answer.confidence), version: answer.version, predictMs: round(predictMs), savedUsd: computeCost(deps.teacherPrice(route), wouldHaveUsed), savedTokens: input.counted ? 'counted' : 'estimated' }));
        });
        local.shadow(text, answer.label, call.traceId, () => deps.askTeacher(route, call.canonical as ChatCompletionRequest, call.session));
        return { answered: true, outcome, step: { route, target: 'local', reason: `v${answer.version} answered at confidence ${round(answer.confidence)}` } };
      },
    };
  };
  return {
    modelFor: (call, route) => (call.input.internal?.feature === SHADOW_FEATURE || call.input.overrides?.local === false ? undefined : deps.localFor(route)),
    consider,
    ask: (call, route, local, nested, text) => {
      const verdict = consider(call, route, local, nested, text);
      return verdict.answered === 'pending' ? verdict.deliver() : verdict;
    },
  };
}

/** `decisions.local` as this stage writes it: `route` when the call named another route; `before`, the local models asked earlier on the call. */
interface LocalRecord {
  answered: boolean;
  route?: string;
  before?: LocalRecord[];
}

/**
 * The routes whose local models this call asked so far, outer first (`decisions.local` and its
 * `before`): a route's model is asked once a call, wherever the route comes up again.
 *
 * @example localModelsAsked(call) // ['support-intent', 'card-detail']
 */
export function localModelsAsked(call: Call): string[] {
  const record = call.decisions?.local as LocalRecord | undefined;
  if (record === undefined) return [];
  return [...(record.before ?? []), record].map((r) => r.route ?? call.routeName ?? '');
}

/**
 * A local model's decision, with those of the models asked before it on this call that passed it
 * on (a classify route whose target is another): `decisions.local` is the last one's, the one
 * whose verdict the call followed (reports and the trace page read it), and `before` lists the
 * earlier ones, outer first, each naming its route.
 */
function afterEarlier<T extends LocalRecord>(call: Call, record: T): T {
  const earlier = call.decisions?.local as LocalRecord | undefined;
  if (earlier === undefined) return record;
  const { before = [], ...last } = earlier;
  const route = last.route ?? call.routeName;
  return { ...record, before: [...before, route === null ? last : { ...last, route }] };
}

/**
 * The usage a local answer reports to its client, in every shape (OpenAI's `usage`, Anthropic's
 * required `usage`, a Response's, a stream's last chunk): what the request would read at a model.
 * Estimated with the tokenizer-free estimator Anthropic streams' `message_start` already uses
 * (`estimateAnthropicPromptTokens`, one pass over the prompt's strings with OpenAI's chat framing;
 * `estimateTokens` for the answer): the tokenizer runs on a thread and would cost a local answer a
 * hand-off, or its first one the tokenizer's load. The trace's own usage stays empty: the local
 * model spent no provider tokens, and its cost is 0 (`decisions.local.savedUsd` prices the teacher).
 */
function clientUsage(call: Call, content: string): ChatUsage {
  // An Anthropic body is read as message_start reads it, so both report the same prompt; other
  // clients' requests through their chat form (a Responses `input`, the system as a message).
  const prompt = estimateAnthropicPromptTokens(call.input.format === 'anthropic' ? call.body : (canonicalOf(call) as unknown as JsonObject));
  const completion = estimateTokens(content);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Why the local model did not answer, for the trace. */
function escalationReason(answer: LocalAnswer): string {
  if (answer.unfamiliar) return `unfamiliar request: ${Math.round(answer.unseenWordShare * 100)}% of its words and word pairs unseen in training`;
  if (answer.short) return 'short request: fewer words than any training text, too few to judge';
  if (answer.distant) return "distant request: further from its label's centre than the model's distance gate allows";
  return `confidence ${round(answer.confidence)} below the threshold`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}


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

/**
 * What a route's local model made of a call: a confident answer, ready to deliver; or the call
 * passed on to the route's target, with the hook that turns the target's answer into a training
 * example once it has been delivered (`escalated`, called after the target answered).
 */
export type LocalVerdict = { answered: true; outcome: Outcome; step: LocalStep } | { answered: false; step: LocalStep; escalated: () => void };

/** Asks routes' local task models; shared by the stage for the route a call names and the route stage for routes reached through others. */
export interface LocalAnswerer {
  /** The route's local model, unless this call may not ask it (a shadow check, `overrides.local: false`) or the route has none. */
  modelFor(call: Call, route: string): LocalRoute | undefined;
  /**
   * Asks `local` about the call. `nested`: the call named another route, which sent it here;
   * `decisions.local` then names this route (the trace page, rollups and route reports read it).
   * `text`: the last user message, when the caller has the request's features already.
   */
  ask(call: Call, route: string, local: LocalRoute, nested: boolean, text?: string): LocalVerdict;
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
  return {
    modelFor: (call, route) => (call.input.internal?.feature === SHADOW_FEATURE || call.input.overrides?.local === false ? undefined : deps.localFor(route)),
    ask: (call, route, local, nested, text = featuresOf(call).lastUserText) => {
      // Reached through another route, the decision names the route whose model it is.
      const via = nested ? { route } : {};
      const started = performance.now();
      const answer = local.predict(text);
      const content = answer && !answer.escalate ? (local.task.answer === 'json' ? JSON.stringify({ [local.task.json_field]: answer.label }) : answer.label) : undefined;
      // The route's output checks hold for its local answers too: one they reject goes to the route's model.
      const rejected = content === undefined ? undefined : deps.checkAnswer?.(call, content);
      if (answer && content !== undefined && rejected === undefined) {
        const model = `local:${route}@v${answer.version}`;
        call.provider = 'local';
        call.upstreamModel = model;
        call.price = undefined;
        const completion = ownCompletion(model, content, { usage: clientUsage(call, content) });
        const outcome = answerWith(call, completion);
        // What it cost, as a cache hit says it: nothing (the accounting stage, which sets it on a model's answer, is never reached).
        outcome.headers['x-switchyard-cost-usd'] = (0).toFixed(8);
        const predictMs = performance.now() - started;
        call.onSettled(async () => {
          // What the same request would have cost at the teacher: its tokens at the teacher's price
          // (the local model itself used none, so the trace's own usage stays empty). Counted from
          // the completion in hand: the same text as the response kept for the trace, unparsed.
          const outputTokens = answerTokens.get(content) ?? (await tokensOf(content));
          const input = await inputTokensOf(call, route, text, completion, outputTokens);
          const wouldHaveUsed = { ...ZERO_USAGE, inputTokens: input.tokens, outputTokens, estimated: true };
          // savedTokens says how the prompt's tokens were had: counted, or read off the route's line.
          call.decide('local', { answered: true, ...via, label: answer.label, confidence: round(answer.confidence), version: answer.version, predictMs: round(predictMs), savedUsd: computeCost(deps.teacherPrice(route), wouldHaveUsed), savedTokens: input.counted ? 'counted' : 'estimated' });
        });
        local.shadow(text, answer.label, call.traceId, () => deps.askTeacher(route, call.canonical as ChatCompletionRequest, call.session));
        return { answered: true, outcome, step: { route, target: 'local', reason: `v${answer.version} answered at confidence ${round(answer.confidence)}` } };
      }
      const reason = answer ? (rejected ?? escalationReason(answer)) : (local.status().waiting ?? 'no live model');
      call.decide('local', answer ? { answered: false, ...via, reason, label: answer.label, confidence: round(answer.confidence), version: answer.version } : { answered: false, ...via, reason });
      return {
        answered: false,
        step: { route, target: 'local', reason: `${answer ? `v${answer.version} passed it on: ` : ''}${reason}` },
        escalated: () =>
          call.onSettled(() => {
            if (call.error === null && call.delivery?.status === 200 && call.provider !== null) local.learn(text, answerText(call.response), call.traceId);
          }),
      };
    },
  };
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


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
import type { Call } from '../call.js';
import type { OwnAnswerCheck } from '../guard/guard-output.js';

export interface LocalAnswerDeps {
  /** The route's local model, if it has one. */
  localFor: (route: string) => LocalRoute | undefined;
  /** Sends a request to the route's own target, past its local model (for shadow checks), in the client call's session. */
  askTeacher: (route: string, request: ChatCompletionRequest, session: string | null) => Promise<string>;
  /** The price the teacher would have charged, for "money saved". */
  teacherPrice: (route: string) => PriceEntry | undefined;
  /** Whether the route sends the `x-switchyard-route` header (its `expose_header`; default true). */
  exposeHeader?: (route: string) => boolean;
  /**
   * The guardrails' output checks on a local answer (guard-output.ts `checkOwnAnswer`): the reason
   * it may not be delivered, or undefined. A local answer is given in the route slot, before the
   * guard-out stage, which would otherwise never see it.
   */
  checkAnswer?: OwnAnswerCheck;
}

/** Distinct local answers whose token counts are kept (labels; a JSON answer is one per label too). */
const MAX_COUNTED_ANSWERS = 10_000;

/**
 * A route's local task model answers first: a confident answer is sent at once in the client's
 * format (no provider call, no token cost) and a sample of them is checked against the teacher
 * in the background; anything else escalates to the route's target, whose answer becomes a
 * training example once it has been delivered.
 */
export function answerLocally(deps: LocalAnswerDeps): Stage {
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
  return async (call, next) => {
    const route = call.routeName;
    const local = route === null || call.input.internal?.feature === SHADOW_FEATURE || call.input.overrides?.local === false ? undefined : deps.localFor(route);
    if (!local || route === null) return next();
    const text = featuresOf(call).lastUserText;
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
      // Who answered, as a routed answer says it: without it a local answer had no route header at all.
      if (deps.exposeHeader?.(route) !== false) outcome.headers['x-switchyard-route'] = routeHeader([{ route, target: 'local', reason: `v${answer.version} answered at confidence ${round(answer.confidence)}` }]);
      const predictMs = performance.now() - started;
      call.onSettled(async () => {
        // What the same request would have cost at the teacher: its tokens at the teacher's price
        // (the local model itself used none, so the trace's own usage stays empty). Counted from
        // the completion in hand: the same text as the response kept for the trace, unparsed.
        const outputTokens = answerTokens.get(content) ?? (await tokensOf(content));
        const input = await inputTokensOf(call, route, text, completion, outputTokens);
        const wouldHaveUsed = { ...ZERO_USAGE, inputTokens: input.tokens, outputTokens, estimated: true };
        // savedTokens says how the prompt's tokens were had: counted, or read off the route's line.
        call.decide('local', { answered: true, label: answer.label, confidence: round(answer.confidence), version: answer.version, predictMs: round(predictMs), savedUsd: computeCost(deps.teacherPrice(route), wouldHaveUsed), savedTokens: input.counted ? 'counted' : 'estimated' });
      });
      local.shadow(text, answer.label, call.traceId, () => deps.askTeacher(route, call.canonical as ChatCompletionRequest, call.session));
      return outcome;
    }
    const passed = answer ? { answered: false, reason: rejected ?? escalationReason(answer), label: answer.label, confidence: round(answer.confidence), version: answer.version } : { answered: false, reason: local.status().waiting ?? 'no live model' };
    call.decide('local', passed);
    const outcome = await next();
    // The route's own decision follows the local model's: why it passed the request on comes first.
    const routed = outcome.headers['x-switchyard-route'];
    if (routed !== undefined) outcome.headers['x-switchyard-route'] = headerSafe(`${routeHeader([{ route, target: 'local', reason: `${answer ? `v${answer.version} passed it on: ` : ''}${passed.reason}` }])}; ${routed}`, MAX_ROUTE_HEADER);
    call.onSettled(() => {
      if (call.error === null && call.delivery?.status === 200 && call.provider !== null) local.learn(text, answerText(call.response), call.traceId);
    });
    return outcome;
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


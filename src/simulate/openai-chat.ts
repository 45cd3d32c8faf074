/**
 * `POST /v1/chat/completions`: generates each choice, accounts usage (with prompt caching and
 * reasoning tokens) and answers as one JSON object or as a chunk stream.
 */
import type { ChatUsage } from '../core/openai-wire.js';
import { fnvString } from '../core/fnv-hash.js';
import { type Exchange, generationDelay, sendJson, sendStream } from './exchange.js';
import { tokenLogprobs } from './logprobs.js';
import { type ChatPlan, parseChatRequest } from './openai-chat-request.js';
import { type ChatResult, finishReason, renderChatStream } from './openai-chat-stream.js';
import { makeReply, type Reply } from './reply.js';
import { fitReply, shareOutputCap } from './output-cap.js';
import { reasons } from './reasoning.js';
import type { ScriptRule } from './types.js';
import { openAIServedTier } from './served-tier.js';
import type { WireError } from './wire-errors.js';
import { contextOverflow } from './context-limit.js';


/**
 * Validates the request; returns the responder to run once faults have had their say.
 *
 * @example const respond = prepareChat(ex); if (typeof respond === 'function') respond();
 */
export function prepareChat(ex: Exchange): (() => void) | WireError {
  const plan = parseChatRequest(ex.body);
  if ('status' in plan) return plan;
  const overflow = contextOverflow('chat', plan.model, plan.promptTokens, ex.requestId, plan.reply.maxTokens);
  if (overflow) return overflow;
  return () => respondChat(ex, plan);
}

function respondChat(ex: Exchange, plan: ChatPlan): void {
  const { ids, scripts } = ex.state;
  const script = scripts.size > 0 ? scripts.find(plan.reply.lastUserText, plan.model) : undefined;
  const replies: Reply[] = [];
  const seeds: number[] = [];
  const toolCallIds: string[][] = [];
  // Each choice reasons first, inside max_completion_tokens; its answer gets what is left.
  const share = shareOutputCap(plan.reply.maxTokens, reasons(plan.model, ex.body) ? 32 + (plan.seed % 8) * 16 : 0);
  for (let i = 0; i < plan.n; i++) {
    // Choice 0 keeps the request's seed, so asking for more choices does not change the first.
    const seed = i === 0 ? plan.seed : fnvString(`choice ${i}`, plan.seed);
    const reply = fitReply(makeReply({ ...plan.reply, maxTokens: share.answerRoom, seed, script }), share.answerRoom);
    seeds.push(seed);
    replies.push(reply);
    toolCallIds.push(reply.kind === 'tools' ? reply.calls.map(() => ids.next('call_', 24)) : []);
  }
  const result: ChatResult = {
    id: ids.next('chatcmpl-', 29),
    created: Math.floor(Date.now() / 1000),
    model: plan.model,
    fingerprint: `fp_${fnvString(plan.model).toString(16).padStart(8, '0')}e1`,
    replies,
    seeds,
    toolCallIds,
    usage: chatUsage(ex, plan, replies, share.reasoning, script),
    plan,
    serviceTier: openAIServedTier(ex.body, script),
    thinking: script?.thinking,
  };
  const outputTokens = result.usage.completion_tokens;
  if (plan.stream) sendStream(ex, renderChatStream(result), result.usage.total_tokens);
  else sendJson(ex, renderChatCompletion(result), result.usage.total_tokens, generationDelay(ex, outputTokens));
}

function outputTokensOf(reply: Reply): number {
  return reply.kind === 'text' ? reply.pieces.length : reply.outputTokens;
}

/** Usage of all choices; `reasoning` is one choice's, each choice having reasoned alike. */
function chatUsage(ex: Exchange, plan: ChatPlan, replies: Reply[], reasoning: number, script: ScriptRule | undefined): ChatUsage {
  const { cache } = ex.state;
  const cached = Math.min(cache.longestSeen(plan.checkpoints), plan.promptTokens);
  cache.remember(plan.checkpoints);
  let visible = 0;
  for (const reply of replies) visible += outputTokensOf(reply);
  const override = script?.usage ?? {};
  const prompt = override.prompt_tokens ?? plan.promptTokens;
  const reasoningTokens = override.reasoning_tokens ?? replies.length * reasoning;
  const completion = override.completion_tokens ?? visible + reasoningTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: override.cached_tokens ?? Math.min(cached, prompt), audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function renderChatCompletion(result: ChatResult): string {
  const { plan } = result;
  const choices = result.replies.map((reply, index) => {
    const message =
      reply.kind === 'text'
        ? { role: 'assistant', content: reply.text, ...(result.thinking === undefined ? {} : { reasoning_content: result.thinking }), refusal: null, annotations: [] }
        : plan.legacyFunctions
          ? { role: 'assistant', content: null, function_call: { name: reply.calls[0]?.name, arguments: reply.calls[0]?.arguments }, refusal: null, annotations: [] }
          : {
            role: 'assistant',
            content: null,
            tool_calls: reply.calls.map((call, k) => ({
              id: result.toolCallIds[index]?.[k],
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
            refusal: null,
            annotations: [],
          };
    const logprobs =
      plan.topLogprobs === undefined
        ? null
        : { content: reply.kind === 'text' ? tokenLogprobs(reply.pieces, plan.topLogprobs, result.seeds[index] ?? 0) : null, refusal: null };
    return { index, message, logprobs, finish_reason: finishReason(reply, plan.forcedTool, plan.legacyFunctions) };
  });
  return JSON.stringify({
    id: result.id,
    object: 'chat.completion',
    created: result.created,
    model: result.model,
    choices,
    usage: result.usage,
    service_tier: result.serviceTier,
    system_fingerprint: result.fingerprint,
  });
}

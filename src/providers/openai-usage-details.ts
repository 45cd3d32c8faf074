/**
 * The usage details and envelope fields OpenAI's chat answers always carry, for answers the
 * gateway translates from another vendor: a client (or its types) reading
 * `usage.completion_tokens_details.reasoning_tokens`, `service_tier` or `message.annotations`
 * finds them as from api.openai.com.
 */
import { newChatCompletionId } from '../core/ids.js';
import type { ChatCompletion, ChatUsage } from '../core/openai-wire.js';

/**
 * `prompt_tokens_details` as OpenAI sends it; `extra` keeps the gateway's own counts beside it
 * (Claude's cache writes, see `toOpenAIUsage`).
 *
 * @example promptDetails(90) // { cached_tokens: 90, audio_tokens: 0 }
 */
export function promptDetails(cached: number, extra?: Record<string, number>): NonNullable<ChatUsage['prompt_tokens_details']> {
  return extra ? { cached_tokens: cached, audio_tokens: 0, ...extra } : { cached_tokens: cached, audio_tokens: 0 };
}

/**
 * `completion_tokens_details` as OpenAI sends it. `reasoning` is left out when the upstream did
 * not count it (Claude counts thinking inside its output tokens): a 0 there could be a wrong
 * number rather than a missing one.
 *
 * @example completionDetails(30) // { reasoning_tokens: 30, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 }
 */
export function completionDetails(reasoning: number | undefined): NonNullable<ChatUsage['completion_tokens_details']> {
  const rest = { audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 };
  return reasoning === undefined ? rest : { reasoning_tokens: reasoning, ...rest };
}

/**
 * OpenAI's `service_tier` for an answer served by another vendor: the tier it was actually served
 * on, as OpenAI reports it ("the processing mode actually used", not the one asked for). Claude's
 * "priority" is OpenAI's; any other tier, and a vendor that names none, is "default".
 *
 * @example openAIServiceTier('standard') // 'default'
 */
export function openAIServiceTier(upstreamTier: unknown): 'default' | 'priority' {
  return upstreamTier === 'priority' ? 'priority' : 'default';
}

/**
 * `usage` with both detail objects, as OpenAI's carry them: the counts it has kept, zeros for
 * audio and predictions; `reasoning_tokens` only where it was counted.
 *
 * @example withUsageDetails({ prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 }).prompt_tokens_details // { cached_tokens: 0, audio_tokens: 0 }
 */
export function withUsageDetails(usage: ChatUsage): ChatUsage {
  if (usage.prompt_tokens_details?.audio_tokens !== undefined && usage.completion_tokens_details?.['audio_tokens'] !== undefined) return usage;
  const { cached_tokens: cached, audio_tokens: _, ...extra } = usage.prompt_tokens_details ?? {};
  const extraCounts = Object.fromEntries(Object.entries(extra).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  return {
    ...usage,
    prompt_tokens_details: promptDetails(cached ?? 0, Object.keys(extraCounts).length > 0 ? extraCounts : undefined),
    completion_tokens_details: { ...usage.completion_tokens_details, ...completionDetails(usage.completion_tokens_details?.reasoning_tokens) },
  };
}

/**
 * An answer the gateway writes itself (a groundedness refusal, a local model's label) with the
 * fields of a translated one: `refusal: null` and `annotations: []` on the message,
 * `service_tier` and `system_fingerprint: null`, usage (when there is any: the tokens spent on
 * an answer that was then replaced) with both details. A client's types, or code reading
 * `message.annotations`, cannot tell it apart from a model's answer by its shape.
 *
 * @example ownCompletion('local:intent@v3', 'billing').choices[0].message // { role: 'assistant', content: 'billing', refusal: null, annotations: [] }
 */
export function ownCompletion(model: string, content: string, envelope: { id?: string; created?: number; usage?: ChatUsage | undefined; serviceTier?: unknown } = {}): ChatCompletion {
  const completion: ChatCompletion = {
    id: envelope.id ?? newChatCompletionId(),
    object: 'chat.completion',
    created: envelope.created ?? Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, finish_reason: 'stop', logprobs: null }],
  };
  if (envelope.usage) completion.usage = withUsageDetails(envelope.usage);
  completion.service_tier = envelope.serviceTier === 'priority' || envelope.serviceTier === 'flex' || envelope.serviceTier === 'scale' ? envelope.serviceTier : 'default';
  completion.system_fingerprint = null;
  return completion;
}

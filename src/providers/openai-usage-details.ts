/**
 * The usage details and envelope fields OpenAI's chat answers always carry, for answers the
 * gateway translates from another vendor: a client (or its types) reading
 * `usage.completion_tokens_details.reasoning_tokens`, `service_tier` or `message.annotations`
 * finds them as from api.openai.com.
 */
import type { ChatUsage } from '../core/openai-wire.js';

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

/**
 * Token usage in both directions. Anthropic reports fresh input, cache reads and cache writes as
 * three disjoint counts; OpenAI reports one `prompt_tokens` total with cache reads and cache
 * writes as subsets. Cache writes, priced apart, travel in OpenAI's
 * `prompt_tokens_details.cache_write_tokens` (only when non-zero), which the OpenAI SDK types and
 * the AI SDK reads as its `cacheWrite` usage, and come back.
 */
import type { AnthropicStreamEvent, AnthropicUsage } from '../../core/anthropic-wire.js';
import type { ChatUsage } from '../../core/openai-wire.js';
import { completionDetails, promptDetails } from '../openai-usage-details.js';

/** The counts a converter accumulates; the nullable shape of both message and delta usage. */
export type AnthropicUsageCounts = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number } | null;
};

/**
 * Anthropic usage → OpenAI usage, with both of OpenAI's detail objects. Claude counts thinking
 * inside `output_tokens`, with a count of its own only in `output_tokens_details`. Without one,
 * `reasoning_tokens` is 0 when the answer is known to hold no thinking (`thought: false`): OpenAI
 * always sends it, and clients type it as required (`@openrouter/ai-sdk-provider` refused every
 * non-streamed answer from Claude: "Invalid JSON response"). When Claude did think, or it is not
 * known (`thought` left out), it is left out (unknown, not 0), which also keeps the way back
 * (`toAnthropicUsage`) giving Claude's `output_tokens_details: null`.
 *
 * @example
 * toOpenAIUsage({ input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 5 })
 * // { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105,
 * //   prompt_tokens_details: { cached_tokens: 90, audio_tokens: 0 },
 * //   completion_tokens_details: { audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } }
 */
export function toOpenAIUsage(usage: AnthropicUsageCounts, thought?: boolean): ChatUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cacheRead + cacheCreation;
  const completion = usage.output_tokens ?? 0;
  const thinking = usage.output_tokens_details?.thinking_tokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: promptDetails(cacheRead, cacheCreation > 0 ? { cache_write_tokens: cacheCreation } : undefined),
    completion_tokens_details: completionDetails(typeof thinking === 'number' ? thinking : thought === false ? 0 : undefined),
  };
}

/**
 * OpenAI usage → Anthropic usage (the inverse of `toOpenAIUsage`), with every field Anthropic's
 * `Usage` always carries (the SDK types them required, some nullable): the cache counts and their
 * `cache_creation` split (all of it the default 5-minute TTL: OpenAI and Gemini do not say),
 * `service_tier`, and `inference_geo` as Anthropic sends it for a request that names no region
 * (`"not_available"`); `server_tool_use` and `speed` are null (no server tools ran, no fast mode)
 * and `output_tokens_details` is null when the upstream reports no reasoning tokens (or 0). A client
 * or its types reading `usage.service_tier` or `usage.cache_creation` gets them as from Claude.
 *
 * @example
 * toAnthropicUsage({ prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, prompt_tokens_details: { cached_tokens: 90 }, completion_tokens_details: { reasoning_tokens: 3 } })
 * // { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 90,
 * //   cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, output_tokens: 5,
 * //   output_tokens_details: { thinking_tokens: 3 }, server_tool_use: null, service_tier: 'standard', inference_geo: 'not_available', speed: null }
 */
export function toAnthropicUsage(usage: ChatUsage | null | undefined, serviceTier?: unknown): AnthropicFullUsage {
  const details = usage?.prompt_tokens_details;
  const cacheRead = numberOr0(details?.cached_tokens);
  const cacheCreation = numberOr0(details?.['cache_write_tokens']);
  // Reasoning tokens (OpenAI's reasoning models, Gemini's thoughts) are Anthropic's thinking
  // tokens: an Anthropic client sees what the answer spent thinking, as `toOpenAIUsage` shows
  // Claude's to an OpenAI client. None spent is null, as Claude sends an answer without thinking
  // (and as a Claude answer comes back after `toOpenAIUsage` gave it `reasoning_tokens: 0`).
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  return {
    // Never negative, even if an upstream reports cached tokens outside its prompt count.
    input_tokens: Math.max(0, numberOr0(usage?.prompt_tokens) - cacheRead - cacheCreation),
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: cacheCreation, ephemeral_1h_input_tokens: 0 },
    output_tokens: numberOr0(usage?.completion_tokens),
    output_tokens_details: typeof reasoning === 'number' && reasoning > 0 ? { thinking_tokens: reasoning } : null,
    server_tool_use: null,
    service_tier: anthropicServiceTier(serviceTier),
    inference_geo: 'not_available',
    speed: null,
  };
}

/** Anthropic's `Usage` as its API sends it: every field present, some null. */
export interface AnthropicFullUsage extends AnthropicUsage {
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens_details: { thinking_tokens: number } | null;
  /** Claude's searches (a translated answer's, see web-search-blocks.ts); null for none. */
  server_tool_use: { web_search_requests: number; web_fetch_requests: number } | null;
  service_tier: 'standard' | 'priority';
  inference_geo: string;
  speed: null;
}

/**
 * The `message_delta` usage of a translated stream: the cumulative counts Anthropic's
 * `MessageDeltaUsage` always carries. Without the upstream's usage (a stream that ended without
 * it) the input counts are null, which the SDK reads as "keep message_start's".
 */
export function toAnthropicDeltaUsage(usage: ChatUsage | undefined): Extract<AnthropicStreamEvent, { type: 'message_delta' }>['usage'] {
  if (!usage) return { input_tokens: null, cache_creation_input_tokens: null, cache_read_input_tokens: null, output_tokens: 0, output_tokens_details: null, server_tool_use: null };
  const full = toAnthropicUsage(usage);
  return {
    input_tokens: full.input_tokens,
    cache_creation_input_tokens: full.cache_creation_input_tokens,
    cache_read_input_tokens: full.cache_read_input_tokens,
    output_tokens: full.output_tokens,
    output_tokens_details: full.output_tokens_details,
    server_tool_use: null,
  };
}

/**
 * OpenAI's `service_tier` in Anthropic's terms: "priority" is priority on both; OpenAI's
 * "default", "flex", "scale" and none are Anthropic's "standard" (Anthropic has no flex tier).
 */
function anthropicServiceTier(tier: unknown): 'standard' | 'priority' {
  return tier === 'priority' ? 'priority' : 'standard';
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * Token usage in both directions. Anthropic reports fresh input, cache reads and cache writes as
 * three disjoint counts; OpenAI reports one `prompt_tokens` total with cache reads as a subset.
 * Cache writes have no OpenAI field but are priced differently, so they travel in the
 * non-standard `prompt_tokens_details.cache_creation_tokens` (only when non-zero) and come back.
 */
import type { AnthropicUsage } from '../../core/anthropic-wire.js';
import type { ChatUsage } from '../../core/openai-wire.js';

/** The counts a converter accumulates; the nullable shape of both message and delta usage. */
export type AnthropicUsageCounts = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number } | null;
};

/**
 * Anthropic usage → OpenAI usage.
 *
 * @example
 * toOpenAIUsage({ input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 5 })
 * // { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, prompt_tokens_details: { cached_tokens: 90 } }
 */
export function toOpenAIUsage(usage: AnthropicUsageCounts): ChatUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cacheRead + cacheCreation;
  const completion = usage.output_tokens ?? 0;
  const result: ChatUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details:
      cacheCreation > 0
        ? { cached_tokens: cacheRead, cache_creation_tokens: cacheCreation }
        : { cached_tokens: cacheRead },
  };
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') result.completion_tokens_details = { reasoning_tokens: thinking };
  return result;
}

/**
 * OpenAI usage → Anthropic usage (the inverse of `toOpenAIUsage`).
 *
 * @example
 * toAnthropicUsage({ prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, prompt_tokens_details: { cached_tokens: 90 }, completion_tokens_details: { reasoning_tokens: 3 } })
 * // { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 90, cache_creation_input_tokens: 0, output_tokens_details: { thinking_tokens: 3 } }
 */
export function toAnthropicUsage(usage: ChatUsage | null | undefined): AnthropicUsage {
  if (!usage) {
    return { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  }
  const details = usage.prompt_tokens_details;
  const cacheRead = numberOr0(details?.cached_tokens);
  const cacheCreation = numberOr0(details?.['cache_creation_tokens']);
  const result: AnthropicUsage = {
    // Never negative, even if an upstream reports cached tokens outside its prompt count.
    input_tokens: Math.max(0, numberOr0(usage.prompt_tokens) - cacheRead - cacheCreation),
    output_tokens: numberOr0(usage.completion_tokens),
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
  };
  // Reasoning tokens (OpenAI's reasoning models, Gemini's thoughts) are Anthropic's thinking
  // tokens: an Anthropic client sees what the answer spent thinking, as `toOpenAIUsage` shows
  // Claude's to an OpenAI client.
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') result.output_tokens_details = { thinking_tokens: reasoning };
  return result;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * Gemini `usageMetadata` → OpenAI usage. Gemini counts the prompt including its cached part, the
 * visible output without thoughts, and tool-use prompts (e.g. search results fed back) apart;
 * OpenAI has one prompt total with cached tokens as a subset, and one completion total with
 * reasoning tokens as a subset.
 */
import type { ChatUsage } from '../../core/openai-wire.js';
import { completionDetails, promptDetails } from '../openai-usage-details.js';
import type { GeminiUsageMetadata } from './gemini-wire.js';

/**
 * @example
 * usageFromGemini({ promptTokenCount: 120, cachedContentTokenCount: 100, candidatesTokenCount: 8, thoughtsTokenCount: 30, totalTokenCount: 158 })
 * // { prompt_tokens: 120, completion_tokens: 38, total_tokens: 158,
 * //   prompt_tokens_details: { cached_tokens: 100, audio_tokens: 0 },
 * //   completion_tokens_details: { reasoning_tokens: 30, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } }
 */
export function usageFromGemini(usage: GeminiUsageMetadata | undefined): ChatUsage {
  const prompt = total(usage?.promptTokenCount, usage?.toolUsePromptTokenCount);
  const thoughts = usage?.thoughtsTokenCount;
  const completion = total(usage?.candidatesTokenCount, thoughts);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    // Google's total when it sends one: it is what Google bills.
    total_tokens: typeof usage?.totalTokenCount === 'number' ? usage.totalTokenCount : isCount(prompt) && isCount(completion) ? prompt + completion : 0,
    prompt_tokens_details: promptDetails(total(usage?.cachedContentTokenCount)),
    // Google leaves thoughtsTokenCount out when the model did not think.
    completion_tokens_details: completionDetails(total(thoughts)),
  };
}

/**
 * Gemini's figures added up; an absent one is 0. A figure that is no count (negative, not a
 * number) is passed on as Google wrote it instead of the sum, as an OpenAI upstream's usage is:
 * read as 0 here, a prompt of -5 tokens was booked as a free one, where `usageFromOpenAI` marks
 * such usage unreadable and the gateway counts the call itself.
 */
function total(...values: unknown[]): number {
  let sum = 0;
  for (const value of values) {
    if (value === undefined || value === null) continue;
    // Typed as a number for the OpenAI shape; usageFromOpenAI reads it as the figure it is not.
    if (!isCount(value)) return value as number;
    sum += value;
  }
  return sum;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Gemini's limit on stop sequences: `generationConfig.stopSequences` takes at most 5 (the API
 * reference; OpenAI takes 4, Claude many). An Anthropic client's sixth and later, or an OpenAI
 * client's list past 5, would get Gemini's 400 about a field it never sent: the first 5 go, and
 * the gateway applies the rest itself (held-stops.ts), as it does past OpenAI's 4.
 */
import type { ChatCompletionRequest } from '../../core/openai-wire.js';

/** Gemini's most stop sequences per request (`generationConfig.stopSequences`). */
const GEMINI_MAX_STOP = 5;

/**
 * The request's `stop` split into what goes to Gemini (at most 5) and what the gateway applies.
 * Non-string entries are left in `sent`, where the request's conversion refuses them.
 *
 * @example splitGeminiStops(['a', 'b', 'c', 'd', 'e', 'f']) // { sent: ['a', 'b', 'c', 'd', 'e'], held: ['f'] }
 */
export function splitGeminiStops(stop: ChatCompletionRequest['stop']): { sent: ChatCompletionRequest['stop']; held: string[] } {
  if (!Array.isArray(stop) || stop.length <= GEMINI_MAX_STOP) return { sent: stop, held: [] };
  return { sent: stop.slice(0, GEMINI_MAX_STOP), held: stop.slice(GEMINI_MAX_STOP).filter((sequence) => typeof sequence === 'string' && sequence !== '') };
}

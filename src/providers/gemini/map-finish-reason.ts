/**
 * Gemini `finishReason` → OpenAI `finish_reason`. Gemini has many more reasons than OpenAI, so
 * the mapping is lossy; the Gemini reason stays available on the stream converter for traces.
 */
import type { ChatFinishReason } from '../../core/openai-wire.js';

/**
 * Reasons where Google withheld or cut the output for policy reasons: OpenAI's `content_filter`
 * (Claude's `refusal`). Besides the safety family: an escalation rule filtered the request
 * (`ESCALATION`), the account is limited or disabled for Prohibited Use Policy violations
 * (`PUP_LIMITED_DISABLED`), Model Armor blocked the answer on Vertex AI (`MODEL_ARMOR`).
 */
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'ESCALATION',
  'PUP_LIMITED_DISABLED',
  'MODEL_ARMOR',
]);

/**
 * Reasons where a token limit cut the answer: OpenAI's `length` (Claude's `max_tokens`).
 * `CONTINUATION` is the per-request token limit with the answer unfinished; Google resumes it from
 * a `continuation_token` of its Interactions API, which the gateway does not speak, so to a client
 * it is an answer cut short (Claude's `pause_turn` would ask for a resend that continues nothing).
 */
const CUT = new Set(['MAX_TOKENS', 'CONTINUATION']);

/**
 * Maps one candidate's finish reason. `hasToolCalls` turns a natural stop into `tool_calls`:
 * Gemini reports STOP on a turn that ends in function calls. Callers pass false when the client
 * forced one named function: OpenAI reports `stop` then (see `forcesNamedTool`).
 *
 * MAX_TOKENS and CONTINUATION are `length`; the policy blocks are `content_filter`; everything
 * else (STOP, LANGUAGE, OTHER, MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS,
 * MISSING_THOUGHT_SIGNATURE, MALFORMED_RESPONSE, IMAGE_OTHER, NO_IMAGE, reasons added later) ends
 * the turn for no reason OpenAI or Claude has a name for and is `stop`. Undefined means the
 * candidate is not finished yet.
 *
 * @example toOpenAIFinishReason('MAX_TOKENS', false) // 'length'
 * @example toOpenAIFinishReason('STOP', true)        // 'tool_calls'
 */
export function toOpenAIFinishReason(reason: string | undefined, hasToolCalls: boolean): ChatFinishReason | null {
  if (reason === undefined || reason === 'FINISH_REASON_UNSPECIFIED') return null;
  if (CUT.has(reason)) return 'length';
  if (FILTERED.has(reason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/**
 * The message an OpenAI client gets as `refusal` when Gemini blocked the whole prompt
 * (`promptFeedback.blockReason`), so the reason is not lost behind an empty answer.
 *
 * @example blockedPromptMessage('SAFETY') // 'Gemini blocked the prompt (blockReason SAFETY).'
 */
export function blockedPromptMessage(blockReason: string, detail?: string): string {
  return `Gemini blocked the prompt (blockReason ${blockReason})${detail ? `: ${detail}` : '.'}`;
}

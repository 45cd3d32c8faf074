/**
 * Gemini `finishReason` → OpenAI `finish_reason`. Gemini has many more reasons than OpenAI, so
 * the mapping is lossy; the Gemini reason stays available on the stream converter for traces.
 */
import type { ChatFinishReason } from '../../core/openai-wire.js';

/** Reasons where Google withheld or cut the output for policy reasons: OpenAI's `content_filter`. */
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Maps one candidate's finish reason. `hasToolCalls` turns a natural stop into `tool_calls`:
 * Gemini reports STOP on a turn that ends in function calls. Callers pass false when the client
 * forced one named function: OpenAI reports `stop` then (see `forcesNamedTool`).
 *
 * MAX_TOKENS is `length`; the safety family is `content_filter`; everything else (STOP, LANGUAGE,
 * OTHER, MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, reasons added
 * later) ends the turn and is `stop`. Undefined means the candidate is not finished yet.
 *
 * @example toOpenAIFinishReason('MAX_TOKENS', false) // 'length'
 * @example toOpenAIFinishReason('STOP', true)        // 'tool_calls'
 */
export function toOpenAIFinishReason(reason: string | undefined, hasToolCalls: boolean): ChatFinishReason | null {
  if (reason === undefined || reason === 'FINISH_REASON_UNSPECIFIED') return null;
  if (reason === 'MAX_TOKENS') return 'length';
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

/**
 * Stop reasons in both directions. Anthropic has more reasons than OpenAI, so the way back is
 * lossy: `pause_turn` and `stop_sequence` both become `stop` (OpenAI's API reference has no other
 * reason for a matched stop sequence), and `stop` becomes `end_turn` with `stop_sequence: null`,
 * because OpenAI does not say whether a stop sequence matched, nor which. Only a server that says
 * which (vLLM's `stop_reason`, see `reportedStopSequence`) gets `stop_sequence` and the string.
 */
import type { AnthropicStopReason } from '../../core/anthropic-wire.js';
import type { ChatFinishReason } from '../../core/openai-wire.js';

/**
 * Anthropic `stop_reason` → OpenAI `finish_reason`.
 *
 * `forcedTool` is true when the tool call was not the model's choice: every `tool_use` block was
 * the forced JSON-response tool (the client asked for JSON text), or the client forced one named
 * function, where OpenAI itself reports `stop`. Either way the turn ended normally.
 *
 * @example toOpenAIFinishReason('max_tokens') // 'length'
 */
export function toOpenAIFinishReason(
  reason: AnthropicStopReason | string | null | undefined,
  forcedTool = false,
): ChatFinishReason | null {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    // The server paused a long-running turn; to an OpenAI client the turn is over.
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return forcedTool ? 'stop' : 'tool_calls';
    case 'refusal':
      return 'content_filter';
    case null:
    case undefined:
      return null;
    default:
      // A reason added after this code was written: the turn ended, so say so.
      return 'stop';
  }
}

/**
 * OpenAI `finish_reason` → Anthropic `stop_reason`. `hasToolCalls` corrects servers (Ollama, some
 * vLLM builds) that report `stop` on a turn that ends in tool calls.
 *
 * @example toAnthropicStopReason('tool_calls', true) // 'tool_use'
 */
export function toAnthropicStopReason(
  reason: ChatFinishReason | string | null | undefined,
  hasToolCalls = false,
): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    default:
      return hasToolCalls ? 'tool_use' : 'end_turn';
  }
}

/**
 * The stop sequence an OpenAI-format answer ended on, when its server says which: vLLM (and
 * servers built on it) put the matched string in the choice's `stop_reason`. OpenAI and Gemini do
 * not, and then this is null: a gateway that cannot know reports `end_turn`, never a guess. Only a
 * string among those the client sent counts, so another server's field of that name is not taken
 * for one.
 *
 * @example reportedStopSequence('stop', '###', ['###', 'END']) // '###'
 * @example reportedStopSequence('stop', undefined, ['###']) // null (OpenAI: not known)
 */
export function reportedStopSequence(finishReason: unknown, reported: unknown, sent: unknown): string | null {
  if (finishReason !== 'stop' || typeof reported !== 'string' || !Array.isArray(sent)) return null;
  return sent.includes(reported) ? reported : null;
}

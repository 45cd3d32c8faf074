/**
 * Whether a chat request forces one named function. OpenAI ends such a turn with
 * `finish_reason: "stop"`, not `"tool_calls"` (the call was requested, not chosen by the model;
 * vLLM matches it), so translations from other vendors report the same.
 */
import type { ChatCompletionRequest } from '../core/openai-wire.js';

/**
 * @example forcesNamedTool({ model: 'm', messages: [], tool_choice: { type: 'function', function: { name: 'f' } } }) // true
 * @example forcesNamedTool({ model: 'm', messages: [], tool_choice: 'required' })                                    // false
 */
export function forcesNamedTool(request: Pick<ChatCompletionRequest, 'tool_choice'>): boolean {
  const choice = request.tool_choice;
  return typeof choice === 'object' && choice !== null && choice.type === 'function';
}

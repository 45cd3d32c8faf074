import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import type { ChatToolCall, JsonObject } from '../core/openai-wire.js';

/**
 * An OpenAI tool call's `arguments` string as the object that Anthropic's `input` and Gemini's
 * `args` carry. Anything but a JSON object string is the client's mistake, named by its path.
 *
 * @example toolCallArguments({ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }, 0, 0) // { a: 1 }
 */
export function toolCallArguments(call: ChatToolCall, i: number, j: number): JsonObject {
  const path = `messages[${i}].tool_calls[${j}].function.arguments`;
  const raw: unknown = call.function?.arguments;
  if (raw !== undefined && typeof raw !== 'string') throw new SwitchyardError('invalid_request', `${path} must be a JSON string`, { param: path });
  // Some clients send "" for a tool without parameters; that is an empty object, not an error.
  if (raw === undefined || raw === '') return {};
  let args: unknown;
  try {
    args = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SwitchyardError('invalid_request', `${path} is not valid JSON (${reason}): ${quoteClipped(raw, 120)}`, { param: path, cause: error });
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new SwitchyardError('invalid_request', `${path} must be a JSON object, got: ${quoteClipped(raw, 120)}`, { param: path });
  }
  return args as JsonObject;
}

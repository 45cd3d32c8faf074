/**
 * Chat Completions' deprecated function calling, which OpenAI still answers and the SDK still
 * types: `functions` (the definitions, without the `tools` wrapper) and `function_call` (`"auto"`,
 * `"none"` or `{ name }`). A call comes back as `message.function_call` (streamed as
 * `delta.function_call`), one per answer, `finish_reason: "function_call"`. This reads the request
 * as its `tools` form, so the rest of the simulator treats both alike.
 */
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';

/**
 * The `tools` / `tool_choice` / `parallel_tool_calls` a legacy request means, or undefined for a
 * request that declares no `functions` (or declares `tools`, which wins, as OpenAI reads them).
 *
 * @example asToolsRequest({ functions: [{ name: 'f' }], function_call: { name: 'f' } })
 * // { tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type: 'function', function: { name: 'f' } }, parallel_tool_calls: false }
 */
export function asToolsRequest(body: JsonObject): JsonObject | undefined {
  if (body.tools !== undefined && body.tools !== null) return undefined;
  if (!Array.isArray(body.functions)) return undefined;
  const choice = body.function_call;
  const toolChoice = isJsonObject(choice) ? { type: 'function', function: { name: choice.name } } : choice;
  return { tools: body.functions.map((fn) => ({ type: 'function', function: fn })), ...(toolChoice === undefined || toolChoice === null ? {} : { tool_choice: toolChoice }), parallel_tool_calls: false };
}

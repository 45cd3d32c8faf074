/**
 * The Responses API's custom tools (`{ type: "custom", name, description, format }`), whose calls
 * carry free text (`input`) rather than JSON arguments, for models reached through chat
 * completions, which only call functions: each goes on as a function of one string parameter,
 * `input`, its format (a Lark or regex grammar) told in that parameter's description, and a call
 * of it comes back as a `custom_tool_call` with that string as its `input`. The Codex CLI's code
 * mode sends its `exec` tool this way.
 */
import type { JsonObject } from '../../../core/openai-wire.js';

/**
 * A custom tool as a function tool of one string parameter, `input`.
 *
 * @example customAsFunction({ type: 'custom', name: 'exec', description: 'Run JavaScript', format: { type: 'text' } })
 * // { type: 'function', name: 'exec', description: 'Run JavaScript', parameters: { type: 'object', properties: { input: { type: 'string', description: 'Free-form text.' } }, required: ['input'], additionalProperties: false } }
 */
export function customAsFunction(tool: JsonObject): JsonObject {
  return {
    type: 'function',
    name: tool.name,
    ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
    parameters: { type: 'object', properties: { input: { type: 'string', description: formatHint(tool.format) } }, required: ['input'], additionalProperties: false },
  };
}

/** What the model is told of the text it writes: free-form, or the grammar it must match. */
function formatHint(format: unknown): string {
  const spec = format !== null && typeof format === 'object' ? (format as JsonObject) : {};
  if (spec.type === 'grammar' && typeof spec.definition === 'string') {
    return `Raw text (not JSON) that matches this ${String(spec.syntax ?? 'lark')} grammar:\n${spec.definition}`;
  }
  return 'Free-form text.';
}

/**
 * The text of a call of a custom tool made through its function form: the `input` argument, or
 * the arguments as they are when the model did not write that object.
 *
 * @example customInput('{"input":"console.log(1)"}') // 'console.log(1)'
 */
export function customInput(args: string): string {
  try {
    const parsed = JSON.parse(args) as unknown;
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as JsonObject).input === 'string') return (parsed as { input: string }).input;
  } catch {
    // Not JSON (a cut-off call): the text is all there is.
  }
  return args;
}

/**
 * A custom tool call's text as its function form's arguments, for a conversation sent back.
 *
 * @example customArguments('console.log(1)') // '{"input":"console.log(1)"}'
 */
export function customArguments(input: unknown): string {
  return JSON.stringify({ input: typeof input === 'string' ? input : '' });
}

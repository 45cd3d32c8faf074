/**
 * The tools of a chat request in the form vendors other than OpenAI understand: function tools
 * and a tool choice of none, auto, required or one named function.
 *
 * OpenAI's chat completions also take (GPT-5 era, typed in the `openai` SDK) `custom` tools,
 * `{ type: "custom", custom: { name } }` as a choice, and `{ type: "allowed_tools",
 * allowed_tools: { mode, tools } }`, which keeps every tool declared but lets the model call only
 * some. Claude and Gemini have neither kind of tool; the allowed set they can be given as a
 * narrower tool list, as the Responses translation does (`to-chat-request.ts`).
 */
import { SwitchyardError } from '../core/errors.js';
import { quoteClipped } from '../core/clip.js';
import type { ChatCompletionRequest, ChatTool } from '../core/openai-wire.js';
import { isJsonObject } from '../core/openai-wire.js';

/**
 * How a client whose chat request holds a custom tool can still call it: chat's function form is
 * what Claude and Gemini (and the gateway's bridge to the Responses API) carry, while the
 * gateway's /v1/responses offers a custom tool to a chat model as a function of its text
 * (`client-formats/responses/custom-tools.ts`) and hands a custom call back as one.
 */
const CUSTOM_FIX = 'declare it as a function tool (one string parameter for its text), or send the request to /v1/responses, where the gateway offers a custom tool as such a function and answers its call as a custom_tool_call';

/**
 * The request with function tools only and a choice every vendor has; the same object when it
 * already is. Throws a 400 naming the field for a custom tool or choice (the tool by name, and
 * `customFix`: how the client can still call it), and for an allowed set that names no declared
 * function.
 *
 * @example
 * portableTools({ model: 'm', messages: [], tools: [weather, time],
 *   tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'get_time' } }] } } }, 'Anthropic')
 * // { model: 'm', messages: [], tools: [time], tool_choice: 'required' }
 */
export function portableTools(req: ChatCompletionRequest, vendor: string, customFix = CUSTOM_FIX): ChatCompletionRequest {
  const tools: unknown = req.tools;
  if (Array.isArray(tools)) {
    for (const [i, tool] of tools.entries()) {
      const type = isJsonObject(tool) ? tool['type'] : undefined;
      const name = customName(tool);
      if (name !== undefined) {
        throw new SwitchyardError('unsupported', `tools[${i}]: custom tool ${quoteClipped(name)} cannot be sent to ${vendor}, which is given function tools only: ${customFix}`, { param: `tools[${i}].type` });
      }
      if (type !== 'function' || !isJsonObject(tool['function']) || typeof tool['function']['name'] !== 'string') {
        throw new SwitchyardError('unsupported', `tools[${i}]: only function tools can be sent to ${vendor}, got type ${quoteClipped(type)}`, {
          param: `tools[${i}].type`,
        });
      }
    }
  }
  const choice: unknown = req.tool_choice;
  if (!isJsonObject(choice) || choice['type'] === 'function') return req;
  const forced = customName(choice);
  if (forced !== undefined) {
    throw new SwitchyardError('unsupported', `tool_choice: custom tool ${quoteClipped(forced)} cannot be forced on ${vendor}, which is given function tools only: ${customFix}`, { param: 'tool_choice' });
  }
  if (choice['type'] !== 'allowed_tools') {
    throw new SwitchyardError('unsupported', `tool_choice of type ${quoteClipped(choice['type'])} cannot be sent to ${vendor}: only "none", "auto", "required", a named function or allowed_tools`, {
      param: 'tool_choice',
    });
  }
  return narrowToAllowed(req, choice['allowed_tools'], vendor);
}

/** The name of chat's custom tool, or of a choice forcing one (`{ type: "custom", custom: { name } }`); undefined for anything else. */
function customName(entry: unknown): string | undefined {
  if (!isJsonObject(entry) || entry['type'] !== 'custom' || !isJsonObject(entry['custom'])) return undefined;
  const name = entry['custom']['name'];
  return typeof name === 'string' ? name : undefined;
}

function narrowToAllowed(req: ChatCompletionRequest, spec: unknown, vendor: string): ChatCompletionRequest {
  const mode = isJsonObject(spec) ? spec['mode'] : undefined;
  const listed = isJsonObject(spec) ? spec['tools'] : undefined;
  if ((mode !== 'auto' && mode !== 'required') || !Array.isArray(listed)) {
    throw new SwitchyardError('invalid_request', 'tool_choice.allowed_tools must be { mode: "auto" | "required", tools: [{ type: "function", function: { name } }, …] }', {
      param: 'tool_choice.allowed_tools',
    });
  }
  const declared = req.tools ?? [];
  const allowed = new Set<string>();
  for (const [i, entry] of listed.entries()) {
    const fn = isJsonObject(entry) ? entry['function'] : undefined;
    const name = isJsonObject(fn) ? fn['name'] : undefined;
    if (typeof name !== 'string' || !declared.some((tool) => tool.function.name === name)) {
      throw new SwitchyardError('invalid_request', `tool_choice.allowed_tools.tools[${i}] must name a function in tools (${declared.map((tool) => tool.function.name).join(', ') || 'none declared'}), got ${JSON.stringify(entry)}`, {
        param: `tool_choice.allowed_tools.tools[${i}]`,
      });
    }
    allowed.add(name);
  }
  const narrowed: ChatTool[] = declared.filter((tool) => allowed.has(tool.function.name));
  if (narrowed.length === 0) {
    throw new SwitchyardError('invalid_request', `tool_choice.allowed_tools.tools is empty: name at least one function for ${vendor}, or send tool_choice "none"`, {
      param: 'tool_choice.allowed_tools.tools',
    });
  }
  return { ...req, tools: narrowed, tool_choice: mode };
}


import { invalidRequest, SwitchyardError, withRenamedPaths } from '../../../core/errors.js';
import type { ChatCompletionRequest, ChatContentPart, ChatMessage, ChatTool, ChatToolChoice, JsonObject } from '../../../core/openai-wire.js';
import { isJsonObject } from '../../../core/openai-wire.js';
import { clip, quoteClipped } from '../../../core/clip.js';
import { fileNameAt } from '../../../core/file-name.js';
import type { ResponsesContentPart, ResponsesInputItem, ResponsesRequest, ResponsesTextFormat } from '../../../core/responses-wire.js';
import { includableRefusal, unknownIncludable } from '../../../core/responses-includable.js';
import { decryptReasoning } from './encrypted-reasoning.js';
import { requestedSummary, SUMMARY_LEVELS } from './response-envelope.js';
import { logprobsRequest } from './responses-logprobs.js';
import { untranslated } from '../../../providers/dropped-params.js';
import { joinedName, namespaceFunctions } from './namespaced-tools.js';
import { isWebSearchTool, toWebSearch } from './web-search-tool.js';
import { ADDITIONAL_TOOLS, type OfferedTool, offeredTools } from './additional-tools.js';
import { customArguments, customAsFunction } from './custom-tools.js';
import { WEB_SEARCH } from '../../../core/web-search.js';
import { messageListNamed } from '../message-list-name.js';

function unsupported(param: string, message: string): SwitchyardError {
  return new SwitchyardError('unsupported', message, { param });
}

/** The Responses API's 400 for a tool_choice the tools do not allow: `param` tool_choice, no code. */
function invalidToolChoice(message: string): SwitchyardError {
  return new SwitchyardError('invalid_request', message, { param: 'tool_choice', vendorCode: null });
}

const NATIVE_ONLY = 'needs a provider that speaks the Responses API natively (an OpenAI provider with `responses: native`)';

/**
 * A Responses API request as the canonical chat request: `instructions` become the system
 * message, input items become messages (function calls and their outputs as tool calls and tool
 * messages), flattened function tools become chat tools (with those of `additional_tools` input
 * items, and custom tools as functions of their text: see additional-tools.ts, custom-tools.ts), `text.format` becomes
 * `response_format`. The built-in web search tool becomes the canonical `web_search` (Claude's
 * and Gemini's own search; dropped, and named, for other models: see core/web-search.ts); other
 * built-in tools, stored prompts and file ids cannot be translated and are refused naming the field. `store` and `previous_response_id` are the gateway's own business
 * (the conversation stage has already expanded the input) and are not sent on.
 *
 * @example
 * toChatRequest({ model: 'small', instructions: 'Be brief.', input: 'Hi' })
 * // { model: 'small', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] }
 */
export function toChatRequest(body: ResponsesRequest): ChatCompletionRequest {
  // As OpenAI refuses it: an include nobody honours is a mistake the client should hear about.
  const unknownInclude = Array.isArray(body.include) ? unknownIncludable(body.include) : undefined;
  if (unknownInclude) throw new SwitchyardError('invalid_request', includableRefusal(unknownInclude.value), { param: `include[${unknownInclude.index}]`, vendorCode: 'invalid_value' });
  if (body.prompt !== undefined && body.prompt !== null) throw unsupported('prompt', `"prompt" (a stored prompt template) ${NATIVE_ONLY}`);
  refuseUnknownSummary(body);
  const messages: ChatMessage[] = [];
  if (typeof body.instructions === 'string' && body.instructions !== '') messages.push(from({ role: 'system', content: body.instructions }, 'instructions'));
  if (typeof body.input === 'string') messages.push(from({ role: 'user', content: body.input }, 'input'));
  else if (Array.isArray(body.input)) {
    body.input.forEach((item, i) => addItem(messages, item, `input[${i}]`));
    // Thinking whose turn was not sent back (a reasoning item alone) has nothing to lead.
    for (let i = messages.length - 1; i >= 0; i--) if (onlyThinking(messages[i] as ChatMessage)) messages.splice(i, 1);
  }
  const request: ChatCompletionRequest = { model: body.model, messages };
  if (body.stream === true) request.stream = true;
  const offered = offeredTools(body);
  const tools = toChatTools(offered);
  // Codex sends the search tool on every request: found only when some tool is not a function.
  const search = offered.find(({ tool }) => tool.type !== 'function' && isWebSearchTool(tool))?.tool;
  const choice = toChatToolChoice(body.tool_choice, tools, search !== undefined);
  if (search) request[WEB_SEARCH] = { ...toWebSearch(search), ...(choice.search ? { forced: true } : {}) };
  if (choice.tools.length > 0) request.tools = choice.tools;
  if (choice.choice !== undefined) request.tool_choice = choice.choice;
  copySampling(body, request);
  const format = toResponseFormat(body.text?.format);
  if (format) request.response_format = format;
  return request;
}

/**
 * As OpenAI refuses it: a summary level nobody knows was taken as none, and the client never
 * heard that its summary would not come.
 */
function refuseUnknownSummary(body: ResponsesRequest): void {
  for (const field of ['summary', 'generate_summary'] as const) {
    const value = (body.reasoning as JsonObject | undefined | null)?.[field];
    if (value === undefined || value === null || (typeof value === 'string' && SUMMARY_LEVELS.has(value))) continue;
    throw new SwitchyardError('invalid_request', `Invalid value: ${quoteClipped(value)}. Supported values are: 'auto', 'concise', and 'detailed'.`, { param: `reasoning.${field}`, vendorCode: 'invalid_value' });
  }
}

/**
 * The Responses fields `toChatRequest` reads (`store`, `previous_response_id` and `include` are
 * the gateway's and the answer encoder's); any other (truncation, background, max_tool_calls,
 * conversation, a field of a newer API…) is dropped, named on the trace (`dropped_params`).
 */
const TO_CHAT: ReadonlySet<string> = new Set([
  'model', 'input', 'instructions', 'stream', 'tools', 'tool_choice', 'max_output_tokens', 'temperature', 'top_p', 'parallel_tool_calls',
  'reasoning', 'text', 'metadata', 'user', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'prompt_cache_options', 'service_tier', 'include',
  'top_logprobs', 'prompt', 'store', 'previous_response_id',
]);

/**
 * The part of a Responses request's `prompt_cache_options` that chat completions takes too: the
 * breakpoint `mode`, and a `ttl` of `30m`, the one request-wide lifetime chat offers (openai 7.60's
 * types: the Responses API's `12h` is chat's only on a breakpoint). Also the settings it leaves
 * behind, to be named as dropped: that `12h`, and `comparison_response_id` (a Response to diagnose
 * cache reuse against, which chat has no notion of).
 *
 * @example chatCacheOptions({ mode: 'explicit', ttl: '12h' }) // { options: { mode: 'explicit' }, dropped: ['prompt_cache_options.ttl'] }
 */
export function chatCacheOptions(asked: unknown): { options: JsonObject | undefined; dropped: string[] } {
  if (!isJsonObject(asked)) return { options: undefined, dropped: [] };
  const options: JsonObject = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(asked)) {
    if (key === 'mode' || (key === 'ttl' && value === '30m')) options[key] = value;
    else if (value !== undefined && value !== null) dropped.push(`prompt_cache_options.${key}`);
  }
  return { options: Object.keys(options).length > 0 ? options : undefined, dropped };
}

/**
 * The top-level fields of a Responses request that `toChatRequest` leaves behind.
 *
 * @example untranslatedResponsesFields({ model: 'm', input: 'Hi', truncation: 'auto' }) // ['truncation']
 */
export function untranslatedResponsesFields(body: JsonObject): string[] {
  return [...untranslated(body, TO_CHAT), ...chatCacheOptions(body.prompt_cache_options).dropped];
}

function copySampling(body: ResponsesRequest, request: ChatCompletionRequest): void {
  // max_tokens rather than max_completion_tokens: every chat server knows it, and the OpenAI
  // provider renames it for reasoning models (which count reasoning in it, as Responses does).
  if (typeof body.max_output_tokens === 'number') request.max_tokens = body.max_output_tokens;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.top_p = body.top_p;
  if (typeof body.parallel_tool_calls === 'boolean') request.parallel_tool_calls = body.parallel_tool_calls;
  if (typeof body.reasoning?.effort === 'string') request.reasoning_effort = body.reasoning.effort;
  // A client that reads summaries shows reasoning: ask for it by OpenRouter's name, as the
  // Anthropic codec does (Gemini then sends its thought summaries; OpenAI providers drop the field).
  if (requestedSummary(body) !== null) request.include_reasoning = true;
  if (typeof body.text?.verbosity === 'string') request.verbosity = body.text.verbosity;
  if (body.metadata && Object.keys(body.metadata).length > 0) request.metadata = { ...body.metadata };
  if (typeof body.user === 'string') request.user = body.user;
  // Chat completions takes the same cache settings (`prompt_cache_retention: "24h"` keeps the prefix a day).
  for (const field of ['safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'service_tier'] as const) {
    if (typeof body[field] === 'string') request[field] = body[field];
  }
  // As are its breakpoint settings (an `explicit` mode keeps OpenAI from writing a breakpoint of its own).
  const cacheOptions = chatCacheOptions(body.prompt_cache_options).options;
  if (cacheOptions) request['prompt_cache_options'] = cacheOptions;
  Object.assign(request, logprobsRequest(body));
}

function addItem(messages: ChatMessage[], item: ResponsesInputItem, path: string): void {
  const type = (item as { type?: string }).type ?? 'message';
  switch (type) {
    case 'message': {
      const message = toChatMessage(item as JsonObject, path);
      const last = messages[messages.length - 1];
      if (message.role === 'assistant' && last && onlyThinking(last)) from(last, path).content = message.content;
      else messages.push(from(message, path));
      return;
    }
    case 'function_call':
    case 'custom_tool_call': {
      const call = item as { call_id: string; name: string; arguments?: string; input?: string; namespace?: string };
      // A custom tool goes to the model as a function of one argument, its text (custom-tools.ts).
      const args = type === 'custom_tool_call' ? customArguments(call.input) : String(call.arguments ?? '');
      const toolCall = { id: call.call_id, type: 'function' as const, function: { name: joinedName(call.namespace, call.name), arguments: args } };
      // Parallel calls belong to one assistant turn: chat wants them on a single message.
      const last = messages[messages.length - 1];
      if (last?.role === 'assistant') (last.tool_calls ??= []).push(toolCall);
      else messages.push(from({ role: 'assistant', content: null, tool_calls: [toolCall] }, path));
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const output = (item as { call_id: string; output: string | ResponsesContentPart[] }).output;
      const content = typeof output === 'string' ? output : toChatParts(output, `${path}.output`);
      messages.push(from({ role: 'tool', tool_call_id: (item as { call_id: string }).call_id, content }, path));
      return;
    }
    // Reasoning is the provider's own state (often encrypted): another model cannot use it. What
    // the gateway put in `encrypted_content` is Claude's signed thinking, which Claude needs back
    // at the head of the turn it began (see encrypted-reasoning.ts); the turn's text and calls follow.
    case 'reasoning': {
      const thinking = decryptReasoning((item as JsonObject).encrypted_content);
      if (thinking) messages.push(from({ role: 'assistant', content: null, thinking_blocks: thinking }, path));
      return;
    }
    // Its tools joined the request's (offeredTools).
    case ADDITIONAL_TOOLS:
    // Settings the Codex CLI writes into the conversation when it sends it whole again after a
    // reconnect (`{ type: "configuration_update", reasoning: { effort } }`): the request's own
    // fields carry them too, and the model has no such item.
    case 'configuration_update':
      return;
    case 'item_reference':
      // The id is what the client can look for (one of many references in a long conversation).
      throw unsupported(`${path}.type`, `${path}: an item_reference (${quoteClipped((item as { id?: unknown }).id)}) points at an item stored by OpenAI, found in no answer stored here for this key; ${NATIVE_ONLY}, or send the item itself`);
    default:
      // A built-in tool's call (web_search_call, file_search_call…) records work OpenAI did itself;
      // what it found is in the answer that followed, so a conversation carried over to another
      // model can go on without it. Anything else would lose data the model needs.
      if (type.endsWith('_call')) return;
      throw unsupported(`${path}.type`, `${path}: input items of type ${quoteClipped(type)} ${NATIVE_ONLY}`);
  }
}

/**
 * Where each chat message came from in the client's request (`input[3]`, `instructions`), so an
 * error about `messages[i]` (a translated request Claude cannot take) names the field the client
 * sent (`clientPathError`). Keyed by the message object: a stage that rewrites the message
 * (redaction, a re-ask) makes a new one, and the error keeps the chat path rather than a wrong one.
 */
const SOURCES = new WeakMap<ChatMessage, string>();

function from(message: ChatMessage, path: string): ChatMessage {
  SOURCES.set(message, path);
  return message;
}

const MESSAGE_PATH = /\bmessages\[(\d+)\](\.tool_calls(?![\w[]))?/g;

/**
 * `error` with every `messages[i]` in its message and param named as the client sent it
 * (`input[i]`), when every one of them maps to an input item, and the list as a whole
 * (`messages`) named `input`; `error` itself otherwise. An assistant turn's calls as a list
 * (`messages[i].tool_calls`, which OpenAI holds to 128) are `function_call` items from the one it
 * began with on: `input[1].tool_calls` named a field no item has.
 *
 * @example clientPathError(new SwitchyardError('unsupported', 'messages[1] is blank', { param: 'messages[1].content' }), request) // 'input[0] is blank', param 'input[0].content'
 */
export function clientPathError(error: SwitchyardError, request: ChatCompletionRequest): SwitchyardError {
  if (error.param === 'messages') return messageListNamed(error, 'input');
  const named = `${error.message}\n${error.param ?? ''}`;
  const paths = new Map<string, string>();
  const params = new Map<string, string>();
  for (const match of named.matchAll(MESSAGE_PATH)) {
    const message = request.messages[Number(match[1])];
    const path = message === undefined ? undefined : SOURCES.get(message);
    if (path === undefined) return error;
    paths.set(match[0], match[2] === undefined ? path : `${path} and the function_call items after it (one assistant turn)`);
    params.set(match[0], path);
  }
  if (paths.size === 0) return error;
  return withRenamedPaths(error, (text) => text.replace(MESSAGE_PATH, (found) => paths.get(found) ?? found), (param) => param.replace(MESSAGE_PATH, (found) => params.get(found) ?? found));
}

/** An assistant turn holding Claude's signed thinking and nothing yet. */
function onlyThinking(message: ChatMessage): boolean {
  return message.role === 'assistant' && message.thinking_blocks !== undefined && message.content === null && !message.tool_calls?.length;
}

function toChatMessage(item: JsonObject, path: string): ChatMessage {
  const role = item.role as ChatMessage['role'];
  const content = item.content as string | ResponsesContentPart[];
  if (typeof content === 'string') return { role, content };
  const parts = toChatParts(content, `${path}.content`);
  // An assistant turn read back from history is text; chat servers expect a string there.
  if (role === 'assistant') return { role, content: parts.map((part) => (part as { text?: string }).text ?? '').join('') };
  return { role, content: parts };
}

function toChatParts(parts: ResponsesContentPart[], path: string): ChatContentPart[] {
  return parts.map((part, i) => toChatPart(part, `${path}[${i}]`));
}

function toChatPart(part: ResponsesContentPart, path: string): ChatContentPart {
  const chat = toChatPartOnly(part, path);
  // An explicit prompt-cache breakpoint goes with its part: an OpenAI chat upstream takes it as is, Claude as cache_control.
  const breakpoint = (part as JsonObject).prompt_cache_breakpoint;
  return breakpoint === undefined ? chat : { ...chat, prompt_cache_breakpoint: breakpoint };
}

function toChatPartOnly(part: ResponsesContentPart, path: string): ChatContentPart {
  const record = part as JsonObject;
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: String(record.text ?? '') };
    case 'refusal':
      return { type: 'text', text: String(record.refusal ?? '') };
    case 'input_image': {
      if (typeof record.image_url !== 'string') throw unsupported(`${path}.file_id`, `${path}: an image by file_id ${NATIVE_ONLY}; send it as image_url (an https or data: URL)`);
      const detail = record.detail === 'low' || record.detail === 'high' ? record.detail : 'auto';
      return { type: 'image_url', image_url: { url: record.image_url, detail } };
    }
    case 'input_file': {
      if (typeof record.file_data !== 'string') throw unsupported(`${path}.file_data`, `${path}: a file by file_id or file_url ${NATIVE_ONLY}; send its content as file_data`);
      // The file's name goes on as chat's file.filename, Claude's document title, Gemini's displayName: a number was dropped without a word.
      const filename = fileNameAt(record.filename, `${path}.filename`);
      return { type: 'file', file: { file_data: record.file_data, ...(filename === undefined ? {} : { filename }) } };
    }
    default:
      throw unsupported(`${path}.type`, `${path}: content of type ${quoteClipped(part.type)} cannot be translated for this model`);
  }
}

function toChatTools(offered: OfferedTool[]): ChatTool[] {
  return offered.flatMap(({ tool, path }) => {
    if (tool.type === 'namespace') {
      if (typeof tool.name !== 'string' || tool.name === '' || !Array.isArray(tool.tools)) {
        throw new SwitchyardError('invalid_request', `${path}: a namespace needs a "name" (a string) and "tools" (an array of function tools)`, { param: path, vendorCode: 'invalid_value' });
      }
      return namespaceFunctions(tool).map((fn, j) => {
        if (fn.type === 'custom') return toChatTool(customAsFunction(fn));
        if (fn.type !== 'function') throw unsupported(`${path}.tools[${j}].type`, `${path}.tools[${j}]: the built-in tool ${quoteClipped(fn.type)} ${NATIVE_ONLY}`);
        return toChatTool(fn);
      });
    }
    if (tool.type === 'custom') return [toChatTool(customAsFunction(tool))];
    if (tool.type !== 'function' && isWebSearchTool(tool)) return [];
    if (tool.type !== 'function') throw unsupported(`${path}.type`, `${path}: the built-in tool ${quoteClipped(tool.type)} ${NATIVE_ONLY}`);
    return [toChatTool(tool)];
  });
}

function toChatTool(tool: JsonObject): ChatTool {
  const fn: ChatTool['function'] = { name: String(tool.name) };
  if (typeof tool.description === 'string') fn.description = tool.description;
  if (tool.parameters && typeof tool.parameters === 'object') fn.parameters = tool.parameters as JsonObject;
  if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

/**
 * `allowed_tools` narrows the tool list itself, which every provider understands. Without tools,
 * the Responses API takes "auto" and "none" (dropped here: chat refuses any tool_choice without
 * tools) and refuses "required" or a named function, in its own words. A choice naming the web
 * search tool (`{"type": "web_search_preview"}`, any of its names) forces the search (`search`),
 * which the canonical `web_search` carries as `forced`, the chat choice staying unset.
 */
function toChatToolChoice(choice: ResponsesRequest['tool_choice'], tools: ChatTool[], searchOffered: boolean): { choice: ChatToolChoice | undefined; tools: ChatTool[]; search?: true } {
  if (choice === undefined || choice === null) return { choice: undefined, tools };
  if (typeof choice === 'string') {
    if (tools.length > 0) return { choice, tools };
    if (choice === 'required') throw invalidToolChoice("Tool choice 'required' must be specified with 'tools' parameter.");
    return { choice: undefined, tools };
  }
  if (choice.type === 'function' && typeof choice.name === 'string') {
    const namespace = (choice as { namespace?: unknown }).namespace;
    const name = joinedName(typeof namespace === 'string' ? namespace : undefined, choice.name);
    if (!tools.some((tool) => tool.function.name === name)) throw invalidToolChoice(`Tool choice '${choice.name}' not found in 'tools' parameter.`);
    return { choice: { type: 'function', function: { name } }, tools };
  }
  if (choice.type === 'allowed_tools' && Array.isArray(choice.tools)) return allowedTools(choice.tools, choice.mode === 'required', tools, searchOffered);
  if (typeof choice.type === 'string' && isWebSearchTool(choice as { type: string })) {
    if (!searchOffered) throw invalidToolChoice(`Tool choice '${choice.type}' not found in 'tools' parameter.`);
    return { choice: undefined, tools, search: true };
  }
  throw unsupported('tool_choice', `tool_choice of type ${quoteClipped(choice.type)} (a built-in tool) ${NATIVE_ONLY}`);
}

/**
 * The tools an `allowed_tools` choice leaves callable, each entry a declared function (or the web
 * search offered): an unknown name narrowed the list to nothing, answered without tools on Claude
 * and Gemini and met chat's 400 about a tool_choice without tools on GPT. An empty set leaves no
 * tool to call: fine in mode auto, a 400 in mode required.
 */
function allowedTools(entries: readonly unknown[], required: boolean, tools: ChatTool[], searchOffered: boolean): { choice: ChatToolChoice | undefined; tools: ChatTool[] } {
  const allowed = new Set<string>();
  entries.forEach((entry, i) => {
    const { type, name, namespace } = (isJsonObject(entry) ? entry : {}) as { type?: unknown; name?: unknown; namespace?: unknown };
    if (searchOffered && typeof type === 'string' && isWebSearchTool({ type })) return;
    const chatName = typeof name === 'string' ? joinedName(typeof namespace === 'string' ? namespace : undefined, name) : undefined;
    if (chatName === undefined || !tools.some((tool) => tool.function.name === chatName)) {
      const declared = clip(tools.map((tool) => tool.function.name).join(', ') || 'none declared', 200);
      throw invalidRequest(`tool_choice.tools[${i}]`, `tool_choice.tools[${i}] must name a function in tools (${declared}), got ${clip(JSON.stringify(entry) ?? String(entry), 120)}`, null);
    }
    allowed.add(chatName);
  });
  const narrowed = tools.filter((tool) => allowed.has(tool.function.name));
  if (narrowed.length > 0) return { choice: required ? 'required' : 'auto', tools: narrowed };
  if (required) throw invalidRequest('tool_choice.tools', "tool_choice.tools names no function, and mode 'required' needs one to call: name at least one, or send mode 'auto'", null);
  return { choice: undefined, tools: narrowed };
}

function toResponseFormat(format: ResponsesTextFormat | undefined): ChatCompletionRequest['response_format'] {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  const spec: JsonObject = { name: format.name, schema: format.schema };
  if (typeof format.strict === 'boolean') spec.strict = format.strict;
  if (typeof format.description === 'string') spec.description = format.description;
  return { type: 'json_schema', json_schema: spec };
}

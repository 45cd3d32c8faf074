/**
 * A chat body, as the OpenAI provider made it for the model (efforts, caps, tool names and
 * sampling already fitted), rewritten as a Responses API request for a model only `/responses`
 * serves (core/openai-responses-only.ts). Messages become input items in order (a tool call and
 * its result as `function_call` / `function_call_output` items), function tools lose their
 * `function` wrapper, `response_format` becomes `text.format`, the cap `max_output_tokens` and the
 * effort `reasoning.effort`. Nothing is stored at OpenAI (`store: false`) unless the client asked,
 * as chat completions stores nothing by default. Chat fields the Responses API has no place for
 * are left out and named on the trace (`noteDropped`); one whose loss would change the answer (`n`
 * above 1, audio input) is refused naming the field, so a route's fallbacks can take the call.
 * A web search the client asked for (any format's, see core/web-search.ts) becomes the Responses
 * API's own `web_search` tool, which these models have and chat completions does not.
 */
import { quoteClipped } from '../../../core/clip.js';
import { SwitchyardError } from '../../../core/errors.js';
import type { ClientFormat } from '../../../core/formats.js';
import { type ChatContentPart, type ChatMessage, isJsonObject, type JsonObject } from '../../../core/openai-wire.js';
import type { ResponsesContentPart, ResponsesInputItem, ResponsesRequest } from '../../../core/responses-wire.js';
import type { WebSearchRequest } from '../../../core/web-search.js';
import { noteDropped } from '../../dropped-params.js';
import type { DecisionSink } from '../../spec.js';

/** Chat fields copied as they are: the Responses API takes them under the same name and meaning. */
const SAME_NAME = ['temperature', 'top_p', 'parallel_tool_calls', 'metadata', 'user', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'prompt_cache_options', 'service_tier', 'store', 'stream'] as const;

/**
 * The least `max_output_tokens` the Responses API takes (a 400 `integer_below_min_value` below it);
 * chat completions takes 1, which pings and quota checks (Claude Code's) send.
 */
const LEAST_OUTPUT_CAP = 16;

/** The field a client of each format asks for several answers in (chat's `n` for the rest), for a refusal in its own terms. */
const COUNT_FIELD: Partial<Record<ClientFormat, string>> = { gemini: 'generationConfig.candidateCount' };

/** Chat fields this translation reads (or, for the stream's usage, needs no counterpart of). */
const READ = new Set<string>([...SAME_NAME, 'model', 'messages', 'tools', 'tool_choice', 'max_tokens', 'max_completion_tokens', 'reasoning_effort', 'response_format', 'verbosity', 'n', 'stream_options', 'web_search_options']);

/** What the translation needs beside the chat body. */
export interface ResponsesRequestOptions {
  /** The client reads reasoning (a thinking-on Anthropic client, `include_reasoning`): ask for summaries. */
  summaries?: boolean;
  /** The web search the client asked for (`webSearchOf` of the canonical request). */
  search?: WebSearchRequest | undefined;
  decisions?: DecisionSink | undefined;
  /** The client's format, for a refusal in its own terms. */
  clientFormat?: ClientFormat | undefined;
}

/**
 * @example toResponsesRequest({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }], max_completion_tokens: 50 })
 * // { model: 'o3-pro', input: [{ role: 'user', content: 'Hi' }], max_output_tokens: 50, store: false }
 */
export function toResponsesRequest(chat: JsonObject, options: ResponsesRequestOptions = {}): ResponsesRequest {
  const { summaries = false, search, decisions, clientFormat } = options;
  if (typeof chat.n === 'number' && chat.n > 1) {
    const field = (clientFormat === undefined ? undefined : COUNT_FIELD[clientFormat]) ?? 'n';
    throw new SwitchyardError('unsupported', `${field} is ${chat.n}, but ${String(chat.model)} is served only by OpenAI's Responses API, which gives one answer per request: send ${field}: 1 (or leave it out) and make ${chat.n} requests`, { param: field });
  }
  const request: ResponsesRequest = { model: String(chat.model), input: inputItems(chat.messages as ChatMessage[]) };
  for (const field of SAME_NAME) if (chat[field] !== undefined && chat[field] !== null) (request as JsonObject)[field] = chat[field];
  request.store ??= false;
  const cap = chat.max_completion_tokens ?? chat.max_tokens;
  if (typeof cap === 'number') request.max_output_tokens = atLeastTheFloor(cap, request.model, decisions);
  if (Array.isArray(chat.tools)) request.tools = chat.tools.map(flatTool);
  const choice = toolChoice(chat.tool_choice);
  if (choice !== undefined) request.tool_choice = choice;
  if (search) addSearchTool(request, search, decisions);
  const reasoning: JsonObject = {};
  if (typeof chat.reasoning_effort === 'string') reasoning.effort = chat.reasoning_effort;
  // The summary is what a Responses model shows of its reasoning; asked for only when the client
  // reads reasoning (a thinking-on Anthropic client, `include_reasoning`).
  if (summaries) reasoning.summary = 'auto';
  if (Object.keys(reasoning).length > 0) request.reasoning = reasoning;
  const text = textSettings(chat);
  if (text) request.text = text;
  noteDropped(
    decisions,
    'responses',
    Object.keys(chat).filter((field) => !READ.has(field) && chat[field] !== undefined && chat[field] !== null),
  );
  return request;
}

/**
 * The client's web search as the Responses API's `web_search` tool: the context size, the place
 * (approximate) and allowed domains carry over; blocked domains and a most-uses count have no
 * place there and are named on the trace. A forced search is `tool_choice: "required"` when it is
 * the only tool (the model must call one), else named as left out.
 */
function addSearchTool(request: ResponsesRequest, search: WebSearchRequest, decisions: DecisionSink | undefined): void {
  const tool: { type: string } & JsonObject = { type: 'web_search' };
  if (search.search_context_size) tool.search_context_size = search.search_context_size;
  if (search.user_location) tool.user_location = { type: 'approximate', ...search.user_location };
  if (search.allowed_domains?.length) tool.filters = { allowed_domains: search.allowed_domains };
  const dropped: string[] = [];
  if (search.blocked_domains?.length) dropped.push('web_search.blocked_domains');
  if (search.max_uses !== undefined) dropped.push('web_search.max_uses');
  const alone = (request.tools ?? []).length === 0;
  if (search.forced && alone) request.tool_choice = 'required';
  else if (search.forced) dropped.push('web_search.forced');
  request.tools = [...(request.tools ?? []), tool];
  noteDropped(decisions, 'responses', dropped);
}

function inputItems(messages: readonly ChatMessage[]): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  messages.forEach((message, i) => {
    const path = `messages[${i}]`;
    switch (message.role) {
      case 'tool':
        items.push({ type: 'function_call_output', call_id: toolCallId(message, path), output: toolOutput(message.content, `${path}.content`) });
        return;
      case 'assistant': {
        const said = assistantText(message.content);
        if (said !== '') items.push({ role: 'assistant', content: said });
        (message.tool_calls ?? []).forEach((call, j) => items.push({ type: 'function_call', call_id: pastCallId(call.id, `${path}.tool_calls[${j}].id`), name: call.function.name, arguments: call.function.arguments }));
        return;
      }
      default:
        items.push({ role: message.role === 'developer' ? 'developer' : message.role === 'system' ? 'system' : 'user', content: inputContent(message.content, `${path}.content`) });
    }
  });
  return items;
}

/**
 * A cap below the Responses API's floor, raised to it and said on the trace: the answer may run to
 * 16 tokens where the client asked for fewer, rather than fail on a field the client never wrote.
 */
function atLeastTheFloor(cap: number, model: string, decisions?: DecisionSink): number {
  if (cap >= LEAST_OUTPUT_CAP) return cap;
  decisions?.decide('output_cap', { requested: cap, sent: LEAST_OUTPUT_CAP, model, reason: `OpenAI's Responses API, the only one serving ${model}, takes max_output_tokens of ${LEAST_OUTPUT_CAP} or more` });
  return LEAST_OUTPUT_CAP;
}

/** The call a tool message answers: chat requires its id, and a `function_call_output` without one matches no call. */
function toolCallId(message: ChatMessage, path: string): string {
  if (typeof message.tool_call_id === 'string' && message.tool_call_id !== '') return message.tool_call_id;
  throw new SwitchyardError('invalid_request', `${path}.tool_call_id is required: a tool message answers the assistant's tool call of that id (got ${message.tool_call_id === undefined ? 'none' : quoteClipped(message.tool_call_id)})`, { param: `${path}.tool_call_id` });
}

/**
 * A past tool call's id, which its `function_call_output` names: chat lets a client leave it out,
 * the Responses API does not (its 400 named input[i].call_id, a field the client never wrote).
 */
function pastCallId(id: unknown, path: string): string {
  if (typeof id === 'string' && id !== '') return id;
  throw new SwitchyardError('invalid_request', `${path} is required: the tool message answering this call names it (got ${id === undefined ? 'none' : quoteClipped(id)})`, { param: path });
}

function inputContent(content: ChatMessage['content'], path: string): string | ResponsesContentPart[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part, j) => inputPart(part, `${path}[${j}]`));
}

/** A tool's result: its text, or its parts (text, images, files) as the Responses API takes them. */
function toolOutput(content: ChatMessage['content'], path: string): string | ResponsesContentPart[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  if (content.every((part) => part.type === 'text')) return content.map((part) => String((part as JsonObject).text ?? '')).join('');
  return content.map((part, j) => inputPart(part, `${path}[${j}]`));
}

function inputPart(part: ChatContentPart, path: string): ResponsesContentPart {
  const record = part as JsonObject;
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: String(record.text ?? '') };
    case 'image_url': {
      const image = record.image_url as { url?: unknown; detail?: unknown } | undefined;
      return { type: 'input_image', image_url: String(image?.url ?? ''), detail: image?.detail === 'low' || image?.detail === 'high' ? image.detail : 'auto' };
    }
    case 'file': {
      const file = isJsonObject(record.file) ? record.file : {};
      const out: ResponsesContentPart = { type: 'input_file' };
      if (typeof file.file_data === 'string') out.file_data = file.file_data;
      if (typeof file.file_id === 'string') out.file_id = file.file_id;
      if (typeof file.filename === 'string') out.filename = file.filename;
      return out;
    }
    default:
      throw new SwitchyardError('unsupported', `${path}: content of type ${quoteClipped(part.type)} cannot go to a model served only by OpenAI's Responses API, which takes text, images and files; send it to another model`, { param: path });
  }
}

/** An assistant turn's words: its text parts joined (a refusal is what it said too). */
function assistantText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part.type === 'text' ? String(part.text ?? '') : part.type === 'refusal' ? String(part.refusal ?? '') : '')).join('');
}

function flatTool(tool: unknown): { type: string } & JsonObject {
  if (!isJsonObject(tool) || tool.type !== 'function' || !isJsonObject(tool.function)) return tool as { type: string } & JsonObject;
  const { name, description, parameters, strict } = tool.function;
  const flat: { type: string } & JsonObject = { type: 'function', name };
  if (description !== undefined) flat.description = description;
  // The Responses API requires parameters (chat defaults them to an empty object).
  flat.parameters = parameters ?? { type: 'object', properties: {} };
  // Strict is on by default there and off in chat: a chat tool keeps chat's meaning.
  flat.strict = strict === true;
  return flat;
}

function toolChoice(choice: unknown): ResponsesRequest['tool_choice'] | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') return choice as ResponsesRequest['tool_choice'];
  if (isJsonObject(choice) && choice.type === 'function' && isJsonObject(choice.function)) return { type: 'function', name: String(choice.function.name) };
  return choice as ResponsesRequest['tool_choice'];
}

function textSettings(chat: JsonObject): ResponsesRequest['text'] | undefined {
  const text: JsonObject = {};
  const format = chat.response_format;
  if (isJsonObject(format)) {
    if (format.type === 'json_object') text.format = { type: 'json_object' };
    // The type last: a `type` inside the client's json_schema object (chat has none there) made the
    // format `text`, and the answer came back free text.
    else if (format.type === 'json_schema' && isJsonObject(format.json_schema)) text.format = { ...format.json_schema, type: 'json_schema' };
  }
  if (typeof chat.verbosity === 'string') text.verbosity = chat.verbosity;
  return Object.keys(text).length > 0 ? (text as ResponsesRequest['text']) : undefined;
}

/**
 * Anthropic Messages request → OpenAI Chat Completions request (client speaks Anthropic on
 * `POST /v1/messages`, upstream speaks OpenAI). `thinking` becomes `reasoning_effort`, its budget
 * riding along as the gateway's own `anthropic_thinking_budget` and `top_k` as `anthropic_top_k`
 * (Gemini's `thinkingBudget` and `topK`; OpenAI providers drop both);
 * other fields without an OpenAI meaning (`cache_control`, `service_tier`, …) are dropped, and the
 * top-level ones named on the trace (`untranslatedAnthropicFields`).
 */
import { appendAll } from '../../core/append-all.js';
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicMessagesRequest,
  AnthropicTextBlock,
  AnthropicTool,
  AnthropicToolReferenceBlock,
  AnthropicToolResultBlock,
} from '../../core/anthropic-wire.js';
import { clip, quoteClipped, textOf } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { fileNameAt } from '../../core/file-name.js';
import { effortForBudget } from '../reasoning-effort.js';
import { untranslated } from '../dropped-params.js';
import { clientToolAsFunction } from './client-tools.js';
import { isHiddenDeferredTool, referencedToolNames, toolReferenceText } from '../../core/anthropic-deferred-tools.js';
import { isAnthropicWebSearchType, searchLocation, WEB_SEARCH, type WebSearchRequest } from '../../core/web-search.js';
import type {
  ChatCompletionRequest,
  ChatContentPart,
  ChatMessage,
  ChatTool,
  ChatToolCall,
  ChatToolChoice,
  JsonObject,
} from '../../core/openai-wire.js';
import { isJsonObject } from '../../core/openai-wire.js';
import { inlineRefSiblings } from '../../core/ref-siblings.js';

/**
 * Converts an Anthropic request for an OpenAI-compatible upstream. The model name is kept; the
 * router decides what it means. Streams ask for usage (`stream_options.include_usage`) because
 * Anthropic clients always get token counts, and accounting needs them.
 *
 * @example
 * fromAnthropicRequest({ model: 'claude', max_tokens: 512, system: 'Be brief.',
 *   messages: [{ role: 'user', content: 'Hi' }], top_k: 5 })
 * // { model: 'claude', max_tokens: 512,
 * //   messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], anthropic_top_k: 5 }
 */
export function fromAnthropicRequest(req: AnthropicMessagesRequest): ChatCompletionRequest {
  refuseMcpServers(req as unknown as JsonObject);
  const messages: ChatMessage[] = [];
  const system = systemMessage(req.system);
  if (system) messages.push(system);
  const declared = new Set((req.tools ?? []).map((tool) => tool.name));
  for (let i = 0; i < req.messages.length; i++) {
    const message = req.messages[i]!;
    // Left out, an empty turn would change the conversation (one ending on the assistant's turn is
    // continued, not answered), and OpenAI's 400 for none left names a `messages` field of its
    // own: Claude's rule and words instead, as the client would meet them on Claude.
    if (Array.isArray(message.content) && message.content.length === 0 && !(message.role === 'assistant' && i === req.messages.length - 1)) {
      throw new SwitchyardError('invalid_request', `messages.${i}: all messages must have non-empty content except for the optional final assistant message`, { param: `messages[${i}].content` });
    }
    refuseBlankText(message, i);
    convertMessage(message, i, messages, declared);
  }
  const out: ChatCompletionRequest = { model: req.model, messages, max_tokens: req.max_tokens };
  if (req.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (typeof req.temperature === 'number') out.temperature = req.temperature;
  if (typeof req.top_p === 'number') out.top_p = req.top_p;
  // Not `top_k`: an OpenAI client's own `top_k` passes to OpenAI-compatible servers (vLLM takes
  // it), while this one was asked of Claude and OpenAI would refuse it.
  if (typeof req.top_k === 'number') out.anthropic_top_k = req.top_k;
  if (req.stop_sequences && req.stop_sequences.length > 0) out.stop = req.stop_sequences;
  // Thinking asked for by budget goes on as the effort nearest that budget (Gemini and OpenAI's
  // reasoning models think at that level), and as `include_reasoning` (OpenRouter's name): the
  // client shows thinking blocks, so upstreams that only show thoughts on request (Gemini) do.
  // The budget itself rides along too: Gemini 2.5 takes budgets, and the nearest effort's
  // (1,024 for 2,048) was all it got. So does `disabled` (0): Gemini 2.5 Flash thinks unless told not to.
  const thinking = req.thinking;
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number') {
    out.reasoning_effort = effortForBudget(thinking.budget_tokens);
    out.anthropic_thinking_budget = thinking.budget_tokens;
    out.include_reasoning = true;
  } else if (thinking?.type === 'disabled') {
    out.anthropic_thinking_budget = 0;
  } else {
    // Adaptive thinking leaves the budget to the model; `output_config.effort` is how hard it
    // tries, OpenAI's effort of the same name (`xhigh` and `max` are beyond what most models take:
    // each goes as the nearest the model takes, `high` where the effort table does not know it,
    // effort-not-taken.ts; before 2026-12-07 both always went as `high`).
    const effort = req.output_config?.effort;
    if (effort === 'low' || effort === 'medium' || effort === 'high' || effort === 'xhigh' || effort === 'max') out.reasoning_effort = effort;
    if (thinking?.type === 'adaptive' && thinking['display'] !== 'omitted') out.include_reasoning = true;
  }
  const user = req.metadata?.user_id;
  if (typeof user === 'string' && user.length > 0) out.user = user;
  // `output_format` is the structured-outputs beta's name for what is now `output_config.format`.
  const format = req.output_config?.format ?? (req['output_format'] as { type?: string; schema?: JsonObject } | null | undefined);
  if (format && format.type === 'json_schema' && format.schema) {
    // Claude takes a description beside a `$ref` (the SDK sends one since 1.17); OpenAI's strict
    // mode refuses it, so the definition is written out under it there.
    out.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: inlineRefSiblings(format.schema, req.output_config?.format ? 'output_config.format.schema' : 'output_format.schema'), strict: true } };
  }
  // Claude's web search server tool: the canonical `web_search`, Google Search on Gemini (see core/web-search.ts).
  const search = req.tools?.find(isWebSearchServerTool);
  const choice = req.tool_choice;
  // A choice naming the search tool forces the search (see core/web-search.ts), not a function.
  const searchForced = search !== undefined && choice?.type === 'tool' && choice.name === search.name;
  if (search) out[WEB_SEARCH] = { ...fromAnthropicWebSearch(search), ...(searchForced ? { forced: true } : {}) };
  // Errors name a tool by its place in the client's list, the search tool counted. Deferred tools
  // no tool result has loaded stay out of sight, as Claude does not see them (deferred-tools.ts).
  const referenced = referencedToolNames(req.messages);
  const tools = (req.tools ?? []).flatMap((tool, i) => (isWebSearchServerTool(tool) || isHiddenDeferredTool(tool, referenced) ? [] : [toChatTool(tool, i)]));
  if (tools.length > 0) out.tools = tools;
  if (choice && !searchForced) {
    const converted = toChatToolChoice(choice);
    // OpenAI refuses any tool_choice without tools, in its own words, where Claude's and the
    // Gemini translation's answer is a plain reply: the choice is dropped, as no tools mean none.
    if (out.tools) out.tool_choice = converted;
    if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true && out.tools) {
      out.parallel_tool_calls = false;
    }
  }
  return out;
}

/**
 * The Messages fields `fromAnthropicRequest` reads; any other (container, mcp_servers,
 * context_management, service_tier, a field of a newer API…) has no chat meaning and is dropped,
 * named on the trace (`dropped_params`).
 */
const FROM_ANTHROPIC: ReadonlySet<string> = new Set([
  'model', 'messages', 'max_tokens', 'system', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'thinking', 'output_config',
  'output_format', 'metadata', 'tools', 'tool_choice',
]);

/**
 * The top-level fields of an Anthropic request that `fromAnthropicRequest` leaves behind.
 *
 * @example untranslatedAnthropicFields({ model: 'claude', max_tokens: 9, messages: [], container: 'c1' }) // ['container']
 */
export function untranslatedAnthropicFields(body: JsonObject): string[] {
  return untranslated(body, FROM_ANTHROPIC);
}

function systemMessage(system: AnthropicMessagesRequest['system']): ChatMessage | undefined {
  if (typeof system === 'string') return system.length > 0 ? { role: 'system', content: system } : undefined;
  if (!system || system.length === 0) return undefined;
  // One block stays a plain string, which every OpenAI-compatible server accepts.
  if (system.length === 1) return { role: 'system', content: system[0]!.text };
  return { role: 'system', content: system.map((block) => ({ type: 'text', text: block.text })) };
}

function convertMessage(message: AnthropicMessage, i: number, out: ChatMessage[], declared: ReadonlySet<string>): void {
  const content = message.content;
  if (typeof content === 'string') {
    out.push({ role: message.role, content });
    return;
  }
  if (message.role === 'assistant') {
    out.push(assistantMessage(content, i));
    return;
  }
  if (message.role === 'system') {
    out.push(systemTurn(content, i));
    return;
  }
  // Tool results answer the previous assistant turn, so OpenAI needs them first, as tool messages.
  const parts: ChatContentPart[] = [];
  for (let j = 0; j < content.length; j++) {
    const block = content[j]!;
    if (block.type === 'tool_result') out.push(toolMessage(block as AnthropicToolResultBlock, `messages[${i}].content[${j}]`, parts, declared));
    else appendAll(parts, toParts(block, `messages[${i}].content[${j}]`));
  }
  if (parts.length === 0) return;
  const onlyText = parts.length === 1 && parts[0]!.type === 'text';
  out.push({ role: 'user', content: onlyText ? (parts[0] as { text: string }).text : parts });
}

const DROPPED_ASSISTANT_BLOCKS: ReadonlySet<string> = new Set(['thinking', 'redacted_thinking', 'server_tool_use', 'web_search_tool_result']);

function assistantMessage(content: AnthropicContentBlock[], i: number): ChatMessage {
  let text = '';
  const calls: ChatToolCall[] = [];
  for (let j = 0; j < content.length; j++) {
    const block = content[j]!;
    if (block.type === 'text') text += (block as AnthropicTextBlock).text;
    else if (block.type === 'tool_use') {
      const use = block as { id: string; name: string; input: unknown };
      calls.push({ id: use.id, type: 'function', function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) } });
    } else if (!DROPPED_ASSISTANT_BLOCKS.has(block.type)) {
      // Thinking is dropped: its signature only means something to Anthropic. So are the web
      // searches the model ran (server_tool_use, web_search_tool_result): they ran on the
      // provider's side, and the text that follows them carries what they found.
      throw unsupportedBlock(block.type, `messages[${i}].content[${j}]`);
    }
  }
  const message: ChatMessage = { role: 'assistant', content: text.length > 0 || calls.length === 0 ? text : null };
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

/**
 * A mid-conversation system message stays a system message at its place: chat completions take
 * them anywhere (Gemini's translation folds them into `systemInstruction`). Claude allows text
 * blocks only there, so anything else is refused by name as elsewhere.
 */
function systemTurn(content: AnthropicContentBlock[], i: number): ChatMessage {
  const texts: string[] = [];
  for (let j = 0; j < content.length; j++) {
    const block = content[j]!;
    if (block.type !== 'text') throw unsupportedBlock(block.type, `messages[${i}].content[${j}]`);
    texts.push((block as AnthropicTextBlock).text);
  }
  if (texts.length === 1) return { role: 'system', content: texts[0]! };
  return { role: 'system', content: texts.map((text) => ({ type: 'text', text })) };
}

/**
 * One tool message per result. OpenAI tool messages hold text only, so images and documents in a
 * result move to the user message that follows, where the model still sees them.
 */
function toolMessage(block: AnthropicToolResultBlock, path: string, userParts: ChatContentPart[], declared: ReadonlySet<string>): ChatMessage {
  const message = toolMessageContent(block, path, userParts, declared);
  // is_error has no OpenAI field: the gateway's marker carries it to each upstream (tool-result-error.ts).
  if (block.is_error === true) message['is_error'] = true;
  return message;
}

function toolMessageContent(block: AnthropicToolResultBlock, path: string, userParts: ChatContentPart[], declared: ReadonlySet<string>): ChatMessage {
  const content = block.content;
  if (content === undefined || typeof content === 'string') {
    return { role: 'tool', tool_call_id: block.tool_use_id, content: content ?? '' };
  }
  let text = '';
  for (let k = 0; k < content.length; k++) {
    const inner = content[k]!;
    if (inner.type === 'text') text += (text.length > 0 ? '\n' : '') + (inner as AnthropicTextBlock).text;
    else if (inner.type === 'tool_reference') text += (text.length > 0 ? '\n' : '') + toolReference(inner, declared, `${path}.content[${k}]`);
    else {
      // What reads as text (a search result a search tool returned, a text document) stays in
      // the tool message; images and files move to the user message.
      for (const part of toParts(inner, `${path}.content[${k}]`)) {
        if (part.type === 'text') text += (text.length > 0 ? '\n' : '') + part.text;
        else userParts.push(part);
      }
    }
  }
  return { role: 'tool', tool_call_id: block.tool_use_id, content: text };
}

/** A reference loads a tool the request declares; any other name is the client's mistake, named. */
function toolReference(block: AnthropicToolReferenceBlock, declared: ReadonlySet<string>, path: string): string {
  if (typeof block.tool_name !== 'string' || !declared.has(block.tool_name)) {
    const name: unknown = block.tool_name;
    const got = typeof name === 'string' ? `${quoteClipped(name, 64)} is not a tool this request declares` : name === undefined ? 'missing' : `expected a string, got ${clip(textOf(name), 64)}`;
    throw new SwitchyardError('invalid_request', `${path}.tool_name: ${got}; a tool_reference names one of the request's tools (tools[].name)`, {
      param: `${path}.tool_name`,
      // Anthropic's code for it, by which its SDK throws ToolReferenceUnresolvedError.
      errorDetails: { error_code: 'tool_reference_unresolved' },
    });
  }
  return toolReferenceText(block);
}

/**
 * The chat parts an Anthropic content block becomes. Documents and search results are text the
 * model reads, so their title, context and source go in front of it; their citations cannot be
 * asked of another provider, so the answer comes back without them.
 */
function toParts(block: AnthropicContentBlock, path: string): ChatContentPart[] {
  const record = block as JsonObject;
  const source = record['source'];
  const sourceObject = isJsonObject(source) ? source : undefined;
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: (block as AnthropicTextBlock).text }];
    case 'image':
      if (sourceObject?.['type'] === 'base64') {
        return [{ type: 'image_url', image_url: { url: `data:${String(sourceObject['media_type'])};base64,${String(sourceObject['data'])}` } }];
      }
      if (sourceObject?.['type'] === 'url') return [{ type: 'image_url', image_url: { url: String(sourceObject['url']) } }];
      break;
    case 'document':
      if (sourceObject?.['type'] === 'base64') {
        // OpenAI refuses inline file_data without a filename (a 400 naming file.file_id); the
        // document's title is the name it has (any length and control characters went on as
        // sent), else one from its media type.
        const mediaType = String(sourceObject['media_type']);
        const filename = fileNameAt(record['title'], `${path}.title`) ?? `document.${mediaType.split('/')[1] ?? 'bin'}`;
        return [{ type: 'file', file: { filename, file_data: `data:${mediaType};base64,${String(sourceObject['data'])}` } }];
      }
      if (sourceObject?.['type'] === 'text') return [{ type: 'text', text: withLead(record, ['title', 'context'], String(sourceObject['data'])) }];
      if (sourceObject?.['type'] === 'content') return customDocumentParts(record, sourceObject['content'], path);
      break;
    case 'search_result':
      return [{ type: 'text', text: withLead(record, ['title', 'source'], innerTexts(record['content'], `${path}.content`).join('\n\n')) }];
    default:
      break;
  }
  throw unsupportedBlock(sourceObject ? `${textOf(block.type)} (source ${textOf(sourceObject['type'])})` : block.type, path);
}

/** A block's text behind the fields the model reads first (a document's title and context). */
function withLead(record: JsonObject, keys: readonly string[], text: string): string {
  const lead = keys.map((key) => record[key]).filter((v): v is string => typeof v === 'string' && v !== '');
  return [...lead, text].join('\n\n');
}

/** A custom-content document (`source.type: "content"`): its text and images, the title in front. */
function customDocumentParts(record: JsonObject, content: unknown, path: string): ChatContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: withLead(record, ['title', 'context'], content) }];
  if (!Array.isArray(content)) throw new SwitchyardError('invalid_request', `${path}.source.content: expected a string or an array of text and image blocks, got ${clip(textOf(content), 64)}`, { param: `${path}.source.content` });
  const parts = content.flatMap((inner, k) => toParts(inner as AnthropicContentBlock, `${path}.source.content[${k}]`));
  const lead = withLead(record, ['title', 'context'], '');
  return lead === '' ? parts : [{ type: 'text', text: lead.trimEnd() }, ...parts];
}

/** The text blocks of a search result's content, which Anthropic allows nothing else in. */
function innerTexts(content: unknown, path: string): string[] {
  if (!Array.isArray(content)) throw new SwitchyardError('invalid_request', `${path}: expected an array of text blocks, got ${clip(textOf(content), 64)}`, { param: path });
  return content.map((inner, k) => {
    if (isJsonObject(inner) && inner['type'] === 'text' && typeof inner['text'] === 'string') return inner['text'];
    throw new SwitchyardError('invalid_request', `${path}[${k}]: a search result holds text blocks only, got ${clip(textOf(isJsonObject(inner) ? inner['type'] : inner), 64)}`, { param: `${path}[${k}]` });
  });
}

/**
 * The client's block type is named, not carried: cut to 100 characters (a 200,000-character type
 * came back whole in the error). A tool_reference outside a tool result is the client's mistake
 * on Claude too, so it says where one goes.
 */
function unsupportedBlock(type: unknown, path: string): SwitchyardError {
  if (type === 'tool_reference') {
    return new SwitchyardError('invalid_request', `${path}: a tool_reference block goes in a tool_result's content (the result of the tool search that loaded the tool), not in a message's`, { param: path });
  }
  return new SwitchyardError('unsupported', `${path}: content block type ${quoteClipped(type)} cannot be translated for an OpenAI or Gemini model (text, image, document and search_result blocks can)`, {
    param: path,
  });
}

/** `web_search_20250305` and later versions of Anthropic's web search tool. */
export function isWebSearchServerTool(tool: AnthropicTool): boolean {
  return isAnthropicWebSearchType(tool['type']);
}

/** Anthropic's web search tool's settings in the canonical `web_search`. */
function fromAnthropicWebSearch(tool: AnthropicTool): WebSearchRequest {
  const search: WebSearchRequest = {};
  if (typeof tool['max_uses'] === 'number') search.max_uses = tool['max_uses'];
  for (const field of ['allowed_domains', 'blocked_domains'] as const) {
    const domains = tool[field];
    if (Array.isArray(domains) && domains.length > 0) search[field] = domains.filter((d): d is string => typeof d === 'string');
  }
  const location = tool['user_location'];
  const place = location && typeof location === 'object' ? searchLocation(location as JsonObject) : undefined;
  if (place) search.user_location = place;
  return search;
}

/**
 * A text block with no text, or only spaces: Claude refuses it (in these words), and another model
 * would answer a turn Claude would not take, so an Anthropic client meets Claude's rule everywhere,
 * as for an empty content list.
 */
function refuseBlankText(message: AnthropicMessage, i: number): void {
  if (!Array.isArray(message.content)) return;
  for (const [j, block] of message.content.entries()) {
    if (block.type !== 'text' || typeof block.text !== 'string' || block.text.trim() !== '') continue;
    const rule = block.text === '' ? 'text content blocks must be non-empty' : 'text content blocks must contain non-whitespace text';
    throw new SwitchyardError('invalid_request', `messages: ${rule}`, { param: `messages[${i}].content[${j}].text` });
  }
}

/**
 * The MCP connector's servers, which Anthropic calls on the model's behalf: dropped, they would
 * leave the model without the tools the client offered it, as a server tool in `tools` would
 * (refused the same way); an empty list offers nothing and is dropped, named on the trace.
 */
function refuseMcpServers(req: JsonObject): void {
  const servers = req['mcp_servers'];
  if (!Array.isArray(servers) || servers.length === 0) return;
  throw new SwitchyardError('unsupported', "mcp_servers: Anthropic's MCP connector (Anthropic calls the servers for the model) is not available on this model; call the MCP server's tools from your application and offer them as tools, or use a Claude model", {
    param: 'mcp_servers',
  });
}

/** Anthropic's server tools other than web search: they run on Anthropic's side, answering in blocks of their own. */
const SERVER_TOOL = /^(?:web_fetch|code_execution|advisor|tool_search_tool_regex|tool_search_tool_bm25)_\d{8}$|^mcp_toolset$/;

function toChatTool(tool: AnthropicTool, i: number): ChatTool {
  const type = tool['type'];
  if (type !== undefined && type !== null && type !== 'custom') {
    // Anthropic-defined client tools (bash, text editor, computer, memory): the client runs them.
    const client = clientToolAsFunction(tool);
    if (client) return client;
    const message = typeof type === 'string' && SERVER_TOOL.test(type)
      ? `Anthropic server tool "${type}" is not available on this model`
      : `tool type ${quoteClipped(type)} is not an Anthropic tool the gateway can translate`;
    throw new SwitchyardError('unsupported', `tools[${i}]: ${message}`, { param: `tools[${i}]` });
  }
  const fn: ChatTool['function'] = { name: tool.name, parameters: tool.input_schema };
  if (tool.description !== undefined) fn.description = tool.description;
  return { type: 'function', function: fn };
}

function toChatToolChoice(choice: NonNullable<AnthropicMessagesRequest['tool_choice']>): ChatToolChoice {
  switch (choice.type) {
    case 'any':
      return 'required';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    case 'none':
      return 'none';
    default:
      return 'auto';
  }
}

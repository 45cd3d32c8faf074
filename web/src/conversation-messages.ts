/**
 * The messages of a traced request and the answer of its response, as plain text, for every API
 * the gateway serves: chat completions, Anthropic Messages and the Responses API (whose input
 * items and output items an agent such as the Codex CLI sends and gets). Tool calls name their
 * tool, so an agent's turn reads as what it did. Everything here is untrusted model and user
 * content: the dashboard renders it only as text.
 */
import { plural } from './format.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const pretty = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

export interface Message {
  role: string;
  text: string;
}

/** A function or tool name, with its Responses API namespace when it has one (`multi_agent_v1.spawn_agent`). */
function toolName(part: Json): string {
  const name = typeof part.name === 'string' ? part.name : '?';
  return typeof part.namespace === 'string' ? `${part.namespace}.${name}` : name;
}

/** Arguments sent as a JSON string (chat, Responses) shown as the JSON they hold. */
function args(value: unknown): string {
  if (typeof value !== 'string') return pretty(value ?? {});
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

function partText(part: unknown): string {
  if (!isObject(part)) return String(part);
  if (typeof part.text === 'string') return part.text;
  switch (part.type) {
    case 'tool_use':
      return `[tool_use ${toolName(part)}] ${pretty(part.input ?? {})}`;
    case 'tool_result':
      return `[tool_result${part.is_error === true ? ' error' : ''}] ${textOf(part.content)}`;
    case 'thinking':
      return `[thinking] ${String(part.thinking ?? '')}`;
    case 'redacted_thinking':
      return '[redacted thinking]';
    case 'refusal':
      return `[refusal] ${String(part.refusal ?? '')}`;
    case 'image_url':
    case 'image':
    case 'input_image':
      return '[image]';
    case 'input_file':
    case 'file':
    case 'document':
      return '[file]';
    default:
      return JSON.stringify(part);
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : pretty(content);
  return content.map(partText).join('\n');
}

/** A chat message's text, then each of its tool calls by name. */
function chatText(message: Json): string {
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const lines = calls.map((call) => (isObject(call) && isObject(call.function) ? `[tool_call ${toolName(call.function)}] ${args(call.function.arguments)}` : pretty(call)));
  return [textOf(message.content), ...lines].filter((line) => line !== '').join('\n');
}

/** One Responses API item (input or output) as a message; reasoning shows its summary, never its encrypted content. */
function responsesItem(item: unknown): Message {
  if (typeof item === 'string') return { role: 'user', text: item };
  if (!isObject(item)) return { role: '?', text: pretty(item) };
  switch (item.type ?? 'message') {
    case 'message':
      return { role: String(item.role ?? '?'), text: textOf(item.content) };
    case 'function_call':
      return { role: 'assistant', text: `[function_call ${toolName(item)}] ${args(item.arguments)}` };
    case 'function_call_output':
      return { role: 'tool', text: `[function_call_output] ${textOf(item.output)}` };
    case 'reasoning': {
      const summary = Array.isArray(item.summary) ? item.summary.map(partText).join('\n') : '';
      const content = Array.isArray(item.content) ? item.content.map(partText).join('\n') : '';
      return { role: 'reasoning', text: summary || content || (item.encrypted_content ? '[encrypted]' : '') };
    }
    default:
      return { role: String(item.type), text: pretty(item) };
  }
}

/**
 * The conversation a request sent: its system prompt (`system`, or `instructions`) first, then
 * each message or input item.
 *
 * @example requestMessages({ instructions: 'Be brief.', input: 'Hi' }) // [{ role: 'system', text: 'Be brief.' }, { role: 'user', text: 'Hi' }]
 */
export function requestMessages(request: unknown): Message[] {
  if (!isObject(request)) return [];
  const out: Message[] = [];
  if (request.system !== undefined) out.push({ role: 'system', text: textOf(request.system) });
  if (typeof request.instructions === 'string' && request.instructions !== '') out.push({ role: 'system', text: request.instructions });
  if (Array.isArray(request.messages)) {
    for (const m of request.messages) {
      if (!isObject(m)) continue;
      out.push({ role: String(m.role ?? '?'), text: chatText(m) });
    }
  } else if (typeof request.input === 'string') out.push({ role: 'user', text: request.input });
  else if (Array.isArray(request.input)) for (const item of request.input) out.push(responsesItem(item));
  else if (request.input !== undefined) out.push({ role: 'input', text: pretty(request.input) });
  return out;
}

/**
 * The answer a response gave: a chat choice's message, an Anthropic message's content, or a
 * Response's output items, each tool call naming its tool.
 *
 * @example responseMessage({ content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'a' } }] }) // { role: 'assistant', text: '[tool_use Read] {…}' }
 */
export function responseMessage(response: unknown): Message | null {
  if (!isObject(response)) return null;
  const choice = Array.isArray(response.choices) ? response.choices[0] : undefined;
  if (isObject(choice) && isObject(choice.message)) return { role: 'assistant', text: chatText(choice.message) };
  if (Array.isArray(response.content)) return { role: 'assistant', text: textOf(response.content) };
  if (response.object === 'response' && Array.isArray(response.output)) {
    return { role: 'assistant', text: response.output.map((item) => { const m = responsesItem(item); return m.role === 'reasoning' ? `[reasoning] ${m.text}` : m.text; }).join('\n') };
  }
  if (Array.isArray(response.data)) return { role: 'embeddings', text: plural(response.data.length, 'vector') };
  return null;
}

import type { AnthropicMessageResponse } from '../../core/anthropic-wire.js';
import type { ClientFormat } from '../../core/formats.js';
import { jsonValueOf } from '../../core/json-text.js';
import { type ChatCompletion, type ChatCompletionRequest, type ChatContentPart, type ChatMessage, isJsonObject, type JsonObject } from '../../core/openai-wire.js';
import { codecFor } from '../../gateway/client-formats/index.js';
import { fromAnthropicResponse } from '../../providers/anthropic/convert-from-anthropic-response.js';
import { fromGeminiResponse } from '../../providers/gemini/convert-from-gemini-response.js';

/**
 * One part of a message in the GenAI conventions' message schema (gen-ai-input-messages.json,
 * gen-ai-output-messages.json): `text`, `tool_call`, `tool_call_response`, `reasoning`, `blob`,
 * `uri`, or a provider's own part kept as it came (the schema's GenericPart).
 */
export type GenAiPart = { type: string; [field: string]: unknown };

export interface GenAiMessage {
  role: string;
  parts: GenAiPart[];
  /** Output messages only: why the model stopped this choice. */
  finish_reason?: string;
}

/** What `gen_ai.system_instructions` and `gen_ai.input.messages` hold for one request. */
export interface GenAiInput {
  /** Instructions the API takes apart from the chat history (Anthropic's `system`, the Responses API's `instructions`, Gemini's `systemInstruction`). */
  system?: GenAiPart[];
  messages: GenAiMessage[];
}

/**
 * A request's messages in the conventions' schema, from the body as the client sent it in any
 * client format (read through its codec's canonical form). OpenAI chat's system messages are
 * part of its history and stay in the messages; the other APIs' separate instructions become
 * `system`. Undefined for a body that is not a chat request (embeddings) or does not convert.
 *
 * @example genAiInput({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, 'openai') // { messages: [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }] }
 */
export function genAiInput(body: JsonObject, format: ClientFormat): GenAiInput | undefined {
  let request: ChatCompletionRequest;
  try {
    request = format === 'openai' ? (body as ChatCompletionRequest) : codecFor(format).toCanonical(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(request.messages)) return undefined;
  let history = request.messages;
  const input: GenAiInput = { messages: [] };
  if (format !== 'openai') {
    // The codecs put the API's separate instructions first, as system messages.
    let lead = 0;
    while (lead < history.length && (history[lead]?.role === 'system' || history[lead]?.role === 'developer')) lead++;
    if (lead > 0) input.system = history.slice(0, lead).flatMap((m) => contentParts(m.content));
    history = history.slice(lead);
  }
  input.messages = history.filter(isJsonObject).map(messageOf);
  return input;
}

/**
 * The answer's choices as output messages, each with its finish reason, from the canonical
 * completion when the call went that way, else from the answer as the client got it (OpenAI
 * chat, Anthropic Messages or Gemini; kept JSON text, or a stream as its rebuilt whole). `reasons` are the
 * span's `gen_ai.response.finish_reasons`, so both say the provider's own word.
 *
 * @example genAiOutput(anthropicAnswer, ['end_turn']) // [{ role: 'assistant', parts: [{ type: 'text', content: '…' }], finish_reason: 'end_turn' }]
 */
export function genAiOutput(answer: unknown, reasons: readonly string[]): GenAiMessage[] | undefined {
  const whole = completionOf(answer);
  if (!whole || !Array.isArray(whole.choices)) return undefined;
  return whole.choices.map((choice, i) => ({ ...messageOf(choice.message ?? { role: 'assistant' }), finish_reason: reasons[i] ?? choice.finish_reason ?? 'unknown' }));
}

/** A client-format answer as a canonical completion, or undefined when it is none of the chat APIs'. */
function completionOf(answer: unknown): ChatCompletion | undefined {
  let value: unknown;
  try {
    value = jsonValueOf(answer);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  try {
    if (Array.isArray(value.choices)) return value as unknown as ChatCompletion;
    if (value.type === 'message' && Array.isArray(value.content)) return fromAnthropicResponse(value as unknown as AnthropicMessageResponse);
    if (Array.isArray(value.candidates)) return fromGeminiResponse(value as unknown as Parameters<typeof fromGeminiResponse>[0]);
  } catch {
    return undefined;
  }
  return undefined;
}

function messageOf(message: ChatMessage): GenAiMessage {
  const role = typeof message.role === 'string' ? message.role : 'user';
  if (role === 'tool') return { role, parts: [{ type: 'tool_call_response', id: message.tool_call_id ?? null, response: textOf(message.content) }] };
  const parts: GenAiPart[] = [];
  const reasoning = message['reasoning_content'];
  if (typeof reasoning === 'string' && reasoning !== '') parts.push({ type: 'reasoning', content: reasoning });
  parts.push(...contentParts(message.content));
  if (typeof message.refusal === 'string' && message.refusal !== '') parts.push({ type: 'text', content: message.refusal });
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    parts.push({ type: 'tool_call', id: call.id ?? null, name: call.function?.name ?? '', arguments: argumentsOf(call.function?.arguments) });
  }
  return { role, parts };
}

function contentParts(content: ChatMessage['content']): GenAiPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  return content.filter(isJsonObject).map(partOf);
}

function partOf(part: ChatContentPart): GenAiPart {
  if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', content: part.text };
  if (part.type === 'image_url') {
    const url = String((part.image_url as { url?: unknown } | undefined)?.url ?? '');
    // An inline image is a blob (base64 content) in the schema; a link is a uri.
    const inline = /^data:([^;,]+);base64,/.exec(url);
    if (inline) return { type: 'blob', modality: 'image', mime_type: inline[1], content: url.slice(inline[0].length) };
    return { type: 'uri', modality: 'image', uri: url };
  }
  // Audio, files and providers' own parts: kept whole, as the schema's GenericPart allows.
  return { ...part, type: String(part.type) };
}

/** Tool arguments as the object they encode; text that is not JSON stays text. */
function argumentsOf(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
}

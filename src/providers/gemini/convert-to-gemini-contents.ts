/**
 * OpenAI chat messages → Gemini `systemInstruction` plus `contents`. Split from the request
 * converter because message conversion is where almost all the rules live.
 */
import { appendAll } from '../../core/append-all.js';
import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatContentPart, ChatMessage, ChatToolCall, JsonObject } from '../../core/openai-wire.js';
import type { GeminiContent, GeminiPart, GeminiRole } from './gemini-wire.js';
import { toolCallArguments } from '../tool-call-arguments.js';
import { isToolError } from '../tool-result-error.js';
import { blankLastTurn } from '../blank-turn.js';
import { decodeToolCallId } from './tool-call-id.js';

export interface ConvertedContents {
  systemInstruction: GeminiContent | undefined;
  contents: GeminiContent[];
}

export interface ContentsOptions {
  /**
   * Put on the first function call of an assistant turn that has no signature of its own (history
   * from another model or from a client that made up its ids). Gemini 3 rejects such turns
   * otherwise; Google documents `skip_thought_signature_validator` for exactly this case.
   */
  signatureFallback?: string | undefined;
}

/**
 * Converts the conversation. System and developer messages, wherever they appear, become parts
 * of `systemInstruction` in order. Tool results become `functionResponse` parts named after the
 * call they answer, found by `tool_call_id` in the earlier assistant messages (Gemini matches
 * by name, not id). Consecutive messages of one Gemini role are merged, so the results of one
 * parallel call turn arrive together, as Gemini requires.
 *
 * @example
 * toGeminiContents([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }])
 * // { systemInstruction: { parts: [{ text: 'Be brief.' }] },
 * //   contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }
 */
export function toGeminiContents(messages: readonly ChatMessage[], options: ContentsOptions = {}): ConvertedContents {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const calls = new Map<string, { name: string; geminiId: string | undefined }>();
  let blankUser: number | undefined;
  if (!Array.isArray(messages)) throw new SwitchyardError('invalid_request', 'messages must be an array of message objects', { param: 'messages' });
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      throw new SwitchyardError('invalid_request', `messages[${i}] must be an object with a role`, { param: `messages[${i}]` });
    }
    if (message.role === 'system' || message.role === 'developer') {
      appendAll(system, textParts(message.content, `messages[${i}].content`));
      continue;
    }
    let role: GeminiRole;
    let parts: GeminiPart[];
    switch (message.role as string) {
      case 'user':
        role = 'user';
        parts = contentParts(message.content, `messages[${i}].content`);
        break;
      case 'assistant':
        role = 'model';
        parts = assistantParts(message, i, calls, options);
        break;
      case 'tool':
      case 'function':
        role = 'user';
        parts = [functionResponsePart(message, i, calls)];
        break;
      default:
        throw new SwitchyardError('invalid_request', `messages[${i}].role "${String(message.role)}" is not supported`, {
          param: `messages[${i}].role`,
        });
    }
    // Gemini rejects turns without parts; an empty message carries nothing, unless leaving it
    // out ends the conversation on the model's turn (blank-turn.ts).
    if (parts.length === 0) {
      if (message.role === 'user') blankUser = i;
      continue;
    }
    blankUser = undefined;
    const previous = contents[contents.length - 1];
    if (previous && previous.role === role) appendAll(previous.parts, parts);
    else contents.push({ role, parts });
  }
  if (blankUser !== undefined && contents.at(-1)?.role === 'model') throw blankLastTurn(blankUser, 'Gemini');
  return { systemInstruction: system.length > 0 ? { parts: system } : undefined, contents };
}

function assistantParts(
  message: ChatMessage,
  i: number,
  calls: Map<string, { name: string; geminiId: string | undefined }>,
  options: ContentsOptions,
): GeminiPart[] {
  const parts = contentParts(message.content, `messages[${i}].content`);
  if (parts.length === 0 && typeof message.refusal === 'string' && message.refusal.length > 0) parts.push({ text: message.refusal });
  const toolCalls = message.tool_calls ?? [];
  if (!Array.isArray(toolCalls)) throw new SwitchyardError('invalid_request', `messages[${i}].tool_calls must be an array`, { param: `messages[${i}].tool_calls` });
  for (let j = 0; j < toolCalls.length; j++) {
    const call = toolCalls[j]!;
    const fn: unknown = (call as Partial<ChatToolCall> | null)?.function;
    if (typeof fn !== 'object' || fn === null || typeof (fn as { name?: unknown }).name !== 'string') {
      const param = `messages[${i}].tool_calls[${j}].function.name`;
      throw new SwitchyardError('invalid_request', `${param} must be a string`, { param });
    }
    if (call.id !== undefined && typeof call.id !== 'string') {
      throw new SwitchyardError('invalid_request', `messages[${i}].tool_calls[${j}].id must be a string`, { param: `messages[${i}].tool_calls[${j}].id` });
    }
    const { geminiId, signature } = decodeToolCallId(call.id ?? '');
    const part: GeminiPart = { functionCall: { name: call.function?.name ?? '', args: toolCallArguments(call, i, j) } };
    if (geminiId !== undefined) part.functionCall!.id = geminiId;
    const thoughtSignature = signature ?? (j === 0 ? options.signatureFallback : undefined);
    if (thoughtSignature !== undefined) part.thoughtSignature = thoughtSignature;
    parts.push(part);
    if (typeof call.id === 'string') calls.set(call.id, { name: call.function?.name ?? '', geminiId });
  }
  return parts;
}

function functionResponsePart(message: ChatMessage, i: number, calls: Map<string, { name: string; geminiId: string | undefined }>): GeminiPart {
  const id = message.tool_call_id;
  const call = typeof id === 'string' ? calls.get(id) : undefined;
  // The legacy `function` role names the function itself; `tool` messages must point at a call.
  const name = call?.name ?? ((message.role as string) === 'function' && typeof message.name === 'string' ? message.name : undefined);
  if (name === undefined) {
    const param = `messages[${i}].tool_call_id`;
    const why = typeof id === 'string' && id.length > 0 ? `${quoteClipped(id, 80)} does not match a tool call of an earlier assistant message` : 'is required on a tool message';
    throw new SwitchyardError('invalid_request', `${param} ${why} (Gemini matches tool results to calls by function name)`, { param });
  }
  const part: GeminiPart = { functionResponse: { name, response: responseObject(message.content, isToolError(message)) } };
  if (call?.geminiId !== undefined) part.functionResponse!.id = call.geminiId;
  return part;
}

/**
 * Gemini wants a JSON object: a JSON object result is used as is, anything else goes under
 * `output`. A failed tool call's result goes under `error`, the key Google documents for it.
 */
function responseObject(content: ChatMessage['content'], failed: boolean): JsonObject {
  let text = typeof content === 'string' ? content : '';
  if (Array.isArray(content)) {
    for (const part of content as unknown[]) {
      const record = typeof part === 'object' && part !== null ? (part as JsonObject) : {};
      if (record['type'] === 'text' && typeof record['text'] === 'string') text += record['text'];
    }
  }
  if (text.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return failed ? { error: value as JsonObject } : (value as JsonObject);
    } catch {
      // Not JSON after all: it is text, and text goes under `output`.
    }
  }
  return failed ? { error: text } : { output: text };
}

/** Text only: what system and developer messages may contain. */
function textParts(content: ChatMessage['content'], path: string): GeminiPart[] {
  const parts = contentParts(content, path);
  parts.forEach((part, k) => {
    if (part.text === undefined) {
      throw new SwitchyardError('unsupported', `${path}[${k}]: only text is supported in system messages`, { param: `${path}[${k}]` });
    }
  });
  return parts;
}

function contentParts(content: ChatMessage['content'], path: string): GeminiPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content.length > 0 ? [{ text: content }] : [];
  if (!Array.isArray(content)) {
    throw new SwitchyardError('invalid_request', `${path} must be a string or an array of content parts`, { param: path });
  }
  const parts: GeminiPart[] = [];
  for (let k = 0; k < content.length; k++) {
    const item: unknown = content[k];
    if (typeof item !== 'object' || item === null || typeof (item as { type?: unknown }).type !== 'string') {
      throw new SwitchyardError('invalid_request', `${path}[${k}] must be a content part object with a type`, { param: `${path}[${k}]` });
    }
    const part = toPart(item as ChatContentPart, `${path}[${k}]`);
    if (part) parts.push(part);
  }
  return parts;
}

function toPart(part: ChatContentPart, path: string): GeminiPart | undefined {
  const record = part as JsonObject;
  switch (part.type) {
    case 'text':
    case 'refusal': {
      const text = record[part.type];
      return typeof text === 'string' && text.length > 0 ? { text } : undefined;
    }
    case 'image_url': {
      const image = record['image_url'] as { url?: unknown } | undefined;
      return urlPart(typeof image?.url === 'string' ? image.url : '', `${path}.image_url.url`);
    }
    case 'input_audio': {
      const audio = record['input_audio'] as { data?: unknown; format?: unknown } | undefined;
      if (typeof audio?.data !== 'string' || typeof audio.format !== 'string') {
        throw new SwitchyardError('invalid_request', `${path}.input_audio needs data (base64) and format`, { param: `${path}.input_audio` });
      }
      return { inlineData: { mimeType: `audio/${audio.format}`, data: audio.data } };
    }
    case 'file': {
      const file = record['file'] as JsonObject | undefined;
      const data = file?.['file_data'];
      if (typeof data !== 'string') {
        // An OpenAI `file_id` points into OpenAI's file store, which Gemini cannot read.
        throw new SwitchyardError('unsupported', `${path}.file: only inline file_data (a data: URL) is supported`, { param: `${path}.file` });
      }
      return urlPart(data, `${path}.file.file_data`);
    }
    default:
      throw new SwitchyardError('unsupported', `${path}: content part type ${quoteClipped(part.type)} has no Gemini equivalent`, { param: path });
  }
}

/** A data: URL becomes inline bytes; an http(s) URL a `fileData` reference Gemini fetches itself. */
function urlPart(url: string, path: string): GeminiPart {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const header = comma === -1 ? '' : url.slice(5, comma);
    if (!header.endsWith(';base64')) {
      throw new SwitchyardError('invalid_request', `${path} must be a base64 data: URL (data:<media type>;base64,<data>)`, { param: path });
    }
    const semicolon = header.indexOf(';');
    return { inlineData: { mimeType: header.slice(0, semicolon), data: url.slice(comma + 1) } };
  }
  if (url.startsWith('https://') || url.startsWith('http://')) {
    const mimeType = mimeTypeOf(url);
    return { fileData: mimeType === undefined ? { fileUri: url } : { mimeType, fileUri: url } };
  }
  throw new SwitchyardError('invalid_request', `${path} must be a data: URL or an http(s) URL`, { param: path });
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', heic: 'image/heic',
  heif: 'image/heif', pdf: 'application/pdf', mp3: 'audio/mp3', wav: 'audio/wav', mp4: 'video/mp4', txt: 'text/plain',
};

/** Gemini wants a media type with a URL; the extension is the only hint a URL gives. */
function mimeTypeOf(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : MIME_BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}


/**
 * A failed tool result across vendors. Anthropic's `tool_result` says `is_error: true`; the
 * canonical (OpenAI) tool message carries the same name as the gateway's own marker, and each
 * upstream gets it its own way:
 * - Anthropic: `tool_result.is_error` again;
 * - Gemini: `functionResponse.response.error`, the key Google documents for error details;
 * - OpenAI wire: tool messages have no flag and OpenAI refuses unknown fields, so the marker goes
 *   and the text says it instead ("Error: …", as OpenAI's Agents SDK words a failed tool).
 */
import type { ChatMessage } from '../core/openai-wire.js';

/** Whether a canonical tool message reports a failed tool call. */
export function isToolError(message: ChatMessage): boolean {
  return message['is_error'] === true;
}

const SAYS_ERROR = /^\s*error\b/i;

/**
 * Messages for an OpenAI-wire upstream: error markers removed, their text starting "Error: "
 * unless it already says so. Returns the same array when no message carries the marker.
 *
 * @example errorsAsText([{ role: 'tool', tool_call_id: 'c1', content: 'city not found', is_error: true }])
 * // [{ role: 'tool', tool_call_id: 'c1', content: 'Error: city not found' }]
 */
export function errorsAsText(messages: ChatMessage[]): ChatMessage[] {
  if (!messages.some((m) => 'is_error' in m)) return messages;
  return messages.map((message) => {
    if (!('is_error' in message)) return message;
    const { is_error: _marker, ...rest } = message;
    if (!isToolError(message)) return rest;
    return { ...rest, content: sayError(message.content) };
  });
}

function sayError(content: ChatMessage['content']): ChatMessage['content'] {
  if (typeof content === 'string' || content === null || content === undefined) {
    const text = content ?? '';
    return SAYS_ERROR.test(text) ? text : text.length > 0 ? `Error: ${text}` : 'Error';
  }
  const first = content[0];
  if (first?.type === 'text' && typeof first['text'] === 'string' && SAYS_ERROR.test(first['text'])) return content;
  return [{ type: 'text', text: 'Error: ' }, ...content];
}

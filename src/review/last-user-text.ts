import { jsonValueOf } from '../core/json-text.js';

/**
 * Text of the last user message of a stored request body: an OpenAI chat or Anthropic messages
 * request (string content, or the text parts of a content array), or a Responses API `input`
 * string; '' when there is none. Queue previews show it, and the sampler collapses requests
 * that ask the same thing by it.
 *
 * @example lastUserText({ messages: [{ role: 'user', content: 'my card has not arrived' }] }) // 'my card has not arrived'
 */
export function lastUserText(request: unknown): string {
  const body = jsonValueOf(request) as { messages?: unknown; input?: unknown } | null;
  if (body === null || typeof body !== 'object') return '';
  if (typeof body.input === 'string') return body.input;
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : Array.isArray(body.input) ? (body.input as { role?: unknown; content?: unknown }[]) : [];
  const user = [...messages].reverse().find((m) => m !== null && typeof m === 'object' && m.role === 'user');
  const content = user?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof (part as { text?: unknown })?.text === 'string' ? (part as { text: string }).text : '')).join(' ');
}

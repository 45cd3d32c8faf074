import { jsonValueOf } from '../core/json-text.js';

/**
 * The last user turn of a stored request body: an OpenAI chat or Anthropic messages request, or
 * Responses API `input` (a string is the turn itself); undefined when there is none.
 *
 * @example lastUserTurn({ input: 'hi' }) // 'hi'
 */
export function lastUserTurn(request: unknown): { content?: unknown } | string | undefined {
  const body = jsonValueOf(request) as { messages?: unknown; input?: unknown } | null;
  if (body === null || typeof body !== 'object') return undefined;
  if (typeof body.input === 'string') return body.input;
  const turns: unknown[] = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (turn !== null && typeof turn === 'object' && (turn as { role?: unknown }).role === 'user') return turn as { content?: unknown };
  }
  return undefined;
}

/**
 * Text of the last user message of a stored request body (string content, or the text parts of
 * a content array); '' when there is none. Queue previews show it, and the sampler collapses
 * requests that ask the same thing by it.
 *
 * @example lastUserText({ messages: [{ role: 'user', content: 'my card has not arrived' }] }) // 'my card has not arrived'
 */
export function lastUserText(request: unknown): string {
  const user = lastUserTurn(request);
  if (typeof user === 'string') return user;
  const content = user?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof (part as { text?: unknown })?.text === 'string' ? (part as { text: string }).text : '')).join(' ');
}

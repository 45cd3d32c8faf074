import { jsonValueOf } from '../../core/json-text.js';

/**
 * The message text of a traced request in any client format (OpenAI messages, Anthropic
 * messages and system, Responses input and instructions), joined by new lines.
 *
 * @example traceText({ messages: [{ role: 'user', content: 'hi' }] }) // 'hi'
 */
export function traceText(request: unknown): string {
  const body = jsonValueOf(request);
  const parts: string[] = [];
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (key === 'content' || key === 'text' || key === 'input' || key === 'instructions' || key === 'system' || key === 'arguments' || key === 'output') parts.push(value);
    } else if (Array.isArray(value)) for (const v of value) visit(v, key);
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  if (body && typeof body === 'object') for (const key of ['system', 'instructions', 'messages', 'input']) visit((body as Record<string, unknown>)[key], key);
  return parts.join('\n');
}

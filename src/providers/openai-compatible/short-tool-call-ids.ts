/**
 * OpenAI refuses a conversation whose tool call ids are long (400 "Invalid
 * 'messages[2].tool_calls[0].id': string too long. Expected a string with maximum length 40").
 * Ids the gateway made for Gemini carry the call's thought signature (`gemini/tool-call-id.ts`)
 * and run to hundreds of characters, so a tool loop that moves from Gemini to an OpenAI model (a
 * fallback, a balanced split, a route) would fail there. Each long id is replaced by a short one
 * derived from it, the same in the assistant's `tool_calls` and in the `tool` message that
 * answers it, so the pairs still match; OpenAI's answer carries its own ids, and nothing maps
 * back. Ids of 40 characters or fewer (OpenAI's, Anthropic's, most servers') are left alone.
 */
import { sha256 } from '../../core/sha256.js';
import type { JsonObject } from '../../core/openai-wire.js';

/** OpenAI's longest tool call id. */
export const OPENAI_MAX_TOOL_CALL_ID = 40;

/**
 * The body with every tool call id over 40 characters shortened; the same object when there is
 * none, so a client's body can still be sent as received.
 *
 * @example shortToolCallIds({ messages: [{ role: 'tool', tool_call_id: 'call_' + 'x'.repeat(90), content: 'ok' }] })
 * // { messages: [{ role: 'tool', tool_call_id: 'call_…' (29 characters), content: 'ok' }] }
 */
export function shortToolCallIds(body: JsonObject): JsonObject {
  const messages = body['messages'];
  if (!Array.isArray(messages) || !messages.some(hasLongId)) return body;
  return { ...body, messages: messages.map((message) => (hasLongId(message) ? withShortIds(message as JsonObject) : message)) };
}

function hasLongId(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { tool_call_id: answered, tool_calls: calls } = message as JsonObject;
  if (isLong(answered)) return true;
  return Array.isArray(calls) && calls.some((call) => typeof call === 'object' && call !== null && isLong((call as JsonObject)['id']));
}

function withShortIds(message: JsonObject): JsonObject {
  const out: JsonObject = { ...message };
  if (isLong(message['tool_call_id'])) out['tool_call_id'] = shortId(message['tool_call_id']);
  const calls = message['tool_calls'];
  if (Array.isArray(calls)) {
    out['tool_calls'] = calls.map((call) => {
      const id = typeof call === 'object' && call !== null ? (call as JsonObject)['id'] : undefined;
      return isLong(id) ? { ...(call as JsonObject), id: shortId(id) } : call;
    });
  }
  return out;
}

function isLong(id: unknown): id is string {
  return typeof id === 'string' && id.length > OPENAI_MAX_TOOL_CALL_ID;
}

/** `call_` and 24 base64url characters (144 bits) of the id's SHA-256: no two ids of one conversation meet. */
function shortId(id: string): string {
  return `call_${sha256(id, 'base64url').slice(0, 24)}`;
}

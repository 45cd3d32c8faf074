/**
 * A conversation stored here, sent to a provider that speaks the Responses API itself (OpenAI). It
 * may have begun on Claude or Gemini: its reasoning items carry the gateway's `encrypted_content`
 * (Claude's signed thinking) or none, and its items ids the gateway named (`item-ids.ts`). OpenAI
 * takes a reasoning item only on its own `encrypted_content` or on the id of a reasoning item it
 * stored: it refuses the gateway's content with a 400 (`invalid_encrypted_content`) and the
 * gateway's ids with a 404 ("Item with id … not found."), failing the whole turn; it looks a
 * message up by its id too (the same 404). Such reasoning means nothing to another model anyway
 * (Anthropic too lets another vendor's reasoning go), so it is left out; messages and function
 * calls stay, without the gateway's ids (an input item needs none; a call pairs with its output
 * by `call_id`), as `historyOf` puts earlier turns in. Clients that send earlier turns back whole
 * keep each item's id: the OpenAI Agents SDK and LangChain's `ChatOpenAI` on the Responses API.
 */
import type { JsonObject } from '../../../core/openai-wire.js';
import { isGatewayReasoning } from './encrypted-reasoning.js';
import { responseIdOfItem } from './item-ids.js';

/**
 * The request without the gateway's reasoning items (how many were left out: `dropped`) and
 * without the ids the gateway gave messages and function calls; the same body (and 0) when it
 * has neither.
 *
 * @example forNativeResponses({ model: 'm', input: [{ type: 'reasoning', id: 'rs_0mx4k5_0', summary: [] }, { type: 'message', id: 'msg_0mx4k5_1', role: 'assistant', content: 'Hi' }] })
 * // { body: { model: 'm', input: [{ type: 'message', role: 'assistant', content: 'Hi' }] }, dropped: 1 }
 */
export function forNativeResponses(body: JsonObject): { body: JsonObject; dropped: number } {
  const input = body.input;
  if (!Array.isArray(input) || !input.some((item) => isGatewayReasoningItem(item) || hasGatewayId(item))) return { body, dropped: 0 };
  const kept = input.filter((item) => !isGatewayReasoningItem(item));
  return { body: { ...body, input: kept.map((item) => (hasGatewayId(item) ? withoutId(item as JsonObject) : item)) }, dropped: input.length - kept.length };
}

function isGatewayReasoningItem(item: unknown): boolean {
  const reasoning = item as JsonObject | null;
  if (reasoning === null || typeof reasoning !== 'object' || reasoning.type !== 'reasoning') return false;
  return isGatewayReasoning(reasoning.encrypted_content) || (typeof reasoning.id === 'string' && responseIdOfItem(reasoning.id) !== undefined);
}

/** A message (typed or not) or function call under an id the gateway named. */
function hasGatewayId(item: unknown): boolean {
  const kept = item as JsonObject | null;
  if (kept === null || typeof kept !== 'object' || typeof kept.id !== 'string') return false;
  const type = kept.type ?? 'message';
  return (type === 'message' || type === 'function_call') && responseIdOfItem(kept.id) !== undefined;
}

function withoutId(item: JsonObject): JsonObject {
  const { id: _id, ...rest } = item;
  return rest;
}

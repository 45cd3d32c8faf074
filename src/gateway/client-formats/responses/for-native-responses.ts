/**
 * Reasoning the gateway made, sent to a provider that speaks the Responses API itself (OpenAI). A
 * conversation stored here may have begun on Claude or Gemini: its reasoning items carry the
 * gateway's `encrypted_content` (Claude's signed thinking) or none, under ids the gateway named
 * (`item-ids.ts`). OpenAI takes a reasoning item only on its own `encrypted_content` or on the id
 * of a reasoning item it stored: it refuses the gateway's content with a 400
 * (`invalid_encrypted_content`) and the gateway's ids with a 404 ("Item with id … not found."),
 * failing the whole turn. Such reasoning means nothing to another model anyway (Anthropic too
 * lets another vendor's reasoning go), so it is left out; messages and function calls stay.
 */
import type { JsonObject } from '../../../core/openai-wire.js';
import { isGatewayReasoning } from './encrypted-reasoning.js';
import { responseIdOfItem } from './item-ids.js';

/**
 * The request without the gateway's reasoning items, and how many were left out; the same body
 * (and 0) when it has none.
 *
 * @example forNativeResponses({ model: 'm', input: [{ type: 'reasoning', id: 'rs_0mx4k5_0', summary: [] }, { role: 'user', content: 'Hi' }] })
 * // { body: { model: 'm', input: [{ role: 'user', content: 'Hi' }] }, dropped: 1 }
 */
export function forNativeResponses(body: JsonObject): { body: JsonObject; dropped: number } {
  const input = body.input;
  if (!Array.isArray(input) || !input.some(isGatewayReasoningItem)) return { body, dropped: 0 };
  const kept = input.filter((item) => !isGatewayReasoningItem(item));
  return { body: { ...body, input: kept }, dropped: input.length - kept.length };
}

function isGatewayReasoningItem(item: unknown): boolean {
  const reasoning = item as JsonObject | null;
  if (reasoning === null || typeof reasoning !== 'object' || reasoning.type !== 'reasoning') return false;
  return isGatewayReasoning(reasoning.encrypted_content) || (typeof reasoning.id === 'string' && responseIdOfItem(reasoning.id) !== undefined);
}

/**
 * A stored response as `GET /v1/responses/{id}` shows it: what `include` names, and only that.
 * OpenAI's retrieve takes the same `include` values as create ("additional fields to include in
 * the response"), so a client that kept no reasoning can fetch it for a stateless next turn.
 */
import type { JsonObject } from '../../core/openai-wire.js';
import type { ResponsesIncludable } from '../../core/responses-includable.js';
import type { StoredResponse } from './response-store.js';

/**
 * The response with each reasoning item's `encrypted_content` (Claude's signed thinking, whether
 * the client was given it or the gateway kept it server-side) when `include` names
 * `reasoning.encrypted_content`, and without it otherwise; with each output text's token log
 * probabilities, as far as they were asked for when it was made, when it names
 * `message.output_text.logprobs`, and an empty list otherwise. The other values concern built-in
 * tools, whose items come only from OpenAI itself and are kept as it sent them.
 *
 * @example retrievedResponse(stored, ['reasoning.encrypted_content']).output[0].encrypted_content // 'swy-thinking.v1.W3si…'
 */
export function retrievedResponse(stored: StoredResponse, include: ReadonlySet<ResponsesIncludable>): JsonObject {
  const response = stored.response;
  if (!Array.isArray(response.output)) return response;
  const encrypted = include.has('reasoning.encrypted_content');
  const logprobs = include.has('message.output_text.logprobs');
  let changed = false;
  const output = (response.output as JsonObject[]).map((item) => {
    const shown = item.type === 'reasoning' ? reasoningItem(item, encrypted, stored.serverReasoning) : item.type === 'message' && !logprobs ? withoutLogprobs(item) : item;
    if (shown !== item) changed = true;
    return shown;
  });
  return changed ? { ...response, output } : response;
}

function reasoningItem(item: JsonObject, encrypted: boolean, kept: StoredResponse['serverReasoning']): JsonObject {
  if (!encrypted) {
    if (item.encrypted_content === undefined) return item;
    const { encrypted_content: _, ...rest } = item;
    return rest;
  }
  if (typeof item.encrypted_content === 'string' || typeof item.id !== 'string' || !kept || !Object.hasOwn(kept, item.id)) return item;
  return { ...item, encrypted_content: kept[item.id] };
}

function withoutLogprobs(item: JsonObject): JsonObject {
  const content = item.content;
  if (!Array.isArray(content) || !content.some(hasLogprobs)) return item;
  return { ...item, content: content.map((part: JsonObject) => (hasLogprobs(part) ? { ...part, logprobs: [] } : part)) };
}

function hasLogprobs(part: JsonObject): boolean {
  return part?.type === 'output_text' && Array.isArray(part.logprobs) && part.logprobs.length > 0;
}

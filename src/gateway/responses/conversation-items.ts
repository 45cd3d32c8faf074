import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { ResponseStore, StoredResponse } from './response-store.js';

/**
 * A request's `input` as a list of items: a string is one user message.
 *
 * @example inputItems('Hi') // [{ type: 'message', role: 'user', content: 'Hi' }]
 */
export function inputItems(input: unknown): JsonObject[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? (input as JsonObject[]) : [];
}

/**
 * The conversation up to and including a stored response, as input items for the next turn: its
 * input, then its output. Ids of messages and function calls are dropped (another provider, or a
 * store-less request, cannot resolve them; `call_id` is what links a call to its output); ids of
 * reasoning items stay, as OpenAI needs them to find its own reasoning.
 *
 * @example historyOf(stored) // [{ role: 'user', … }, { type: 'message', role: 'assistant', … }, { type: 'function_call', call_id: 'call_1', … }]
 */
export function historyOf(stored: StoredResponse): JsonObject[] {
  const output = Array.isArray(stored.response.output) ? (stored.response.output as JsonObject[]) : [];
  return [...stored.input, ...output.map(asInput)];
}

function asInput(item: JsonObject): JsonObject {
  if (item.type !== 'message' && item.type !== 'function_call') return item;
  const { id: _id, ...rest } = item;
  return rest;
}

/**
 * A stored response the caller may use: it exists, is within retention and belongs to the
 * caller's key. Another key's response is "not found" too, so ids cannot be probed.
 *
 * @example const previous = await ownResponse(store, 'support', 'resp_123', 'previous_response_id');
 */
export async function ownResponse(store: ResponseStore, owner: string | null, id: string, param?: string): Promise<StoredResponse> {
  const stored = await store.get(id);
  if (stored && stored.owner === owner) return stored;
  const shown = quoteClipped(id);
  if (param) {
    throw new SwitchyardError('invalid_request', `previous response ${shown} not found: it was not created through this gateway with this key, was deleted, was created with "store": false, or is past retention`, { param });
  }
  throw new SwitchyardError('not_found', `response ${shown} not found: it was not created through this gateway with this key, was deleted, or is past retention`);
}

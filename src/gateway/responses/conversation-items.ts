import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { responseIdOfItem } from '../client-formats/responses/item-ids.js';
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
  return [...stored.input, ...outputOf(stored).map(asInput)];
}

/**
 * Input items with each `item_reference` to an output item of a response this gateway stored
 * replaced by that item (as `historyOf` carries it over). Clients that keep conversations on the
 * server send earlier answers this way (the Vercel AI SDK does for every stored turn); only
 * OpenAI could resolve them otherwise. `foreign`: also look up references the gateway did not
 * name (OpenAI's own ids, of a native model's answer it stored as it passed through), for a
 * request that may reach a translated model; a native one resolves them at OpenAI, so its
 * requests skip the search. A reference found nowhere is left as it is.
 * `serverReasoning`: what the referenced responses keep of their reasoning items server-side.
 *
 * @example (await resolveItemReferences(store, 'bot', [{ type: 'item_reference', id: 'msg_0mx4k5_0' }])).items // [{ type: 'message', role: 'assistant', … }]
 */
export async function resolveItemReferences(store: ResponseStore, owner: string | null, input: JsonObject[], foreign = false): Promise<{ items: JsonObject[]; serverReasoning: Record<string, string> }> {
  // One look-up per response, however many of its items are referenced (in turn, so none twice).
  const responses = new Map<string, StoredResponse | undefined>();
  const resolved: JsonObject[] = [];
  const serverReasoning: Record<string, string> = {};
  // After one foreign reference is found nowhere, the rest are left as they are: a translated
  // model refuses the request at that one whatever follows, and OpenAI resolves them all for a
  // native one. Each look-up is a store query: 20,000 unknown ids in one body were 20,000
  // PostgreSQL round trips (4.4 s) before the 400.
  let missed = false;
  for (const [i, item] of input.entries()) {
    const itemId = item?.type === 'item_reference' && typeof item.id === 'string' ? item.id : undefined;
    const responseId = itemId === undefined ? undefined : responseIdOfItem(itemId);
    if (itemId !== undefined && responseId === undefined && foreign) {
      const found = missed ? undefined : await foreignItem(store, owner, itemId, responses);
      if (found) Object.assign(serverReasoning, found.serverReasoning);
      else missed = true;
      resolved.push(found ? asInput(found.item) : item);
      continue;
    }
    if (itemId === undefined || responseId === undefined) {
      resolved.push(item);
      continue;
    }
    if (!responses.has(responseId)) {
      const stored = await store.get(responseId);
      responses.set(responseId, stored && stored.owner === owner ? stored : undefined);
      if (stored && stored.owner === owner) Object.assign(serverReasoning, stored.serverReasoning);
    }
    const found = outputOf(responses.get(responseId)).find((output) => output.id === itemId);
    if (!found) {
      throw new SwitchyardError(
        'invalid_request',
        `input[${i}]: item_reference ${quoteClipped(itemId)} names an item of response ${quoteClipped(responseId)}, which is not stored here (created with "store": false or with another key, deleted, or past retention); send the item itself`,
        { param: `input[${i}].id` },
      );
    }
    resolved.push(asInput(found));
  }
  return { items: resolved, serverReasoning };
}

/**
 * An output item OpenAI named, from the responses this request already found, else the store's
 * index of output item ids (whose answer joins them: a conversation's references are mostly to a
 * few answers).
 */
async function foreignItem(store: ResponseStore, owner: string | null, itemId: string, responses: Map<string, StoredResponse | undefined>): Promise<{ item: JsonObject; serverReasoning?: Record<string, string> } | undefined> {
  const found = (stored: StoredResponse | undefined) => {
    const item = outputOf(stored).find((output) => output.id === itemId);
    return item && stored ? { item, ...(stored.serverReasoning ? { serverReasoning: stored.serverReasoning } : {}) } : undefined;
  };
  for (const stored of responses.values()) {
    const hit = found(stored);
    if (hit) return hit;
  }
  const stored = await store.holdingItem(owner, itemId);
  if (stored) responses.set(stored.id, stored);
  return found(stored);
}

function outputOf(stored: StoredResponse | undefined): JsonObject[] {
  return Array.isArray(stored?.response.output) ? (stored.response.output as JsonObject[]) : [];
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
    throw new SwitchyardError('invalid_request', `previous response ${shown} not found: it was not created through this gateway with this key, was deleted, was created with "store": false, or is past retention`, {
      param,
      // OpenAI's code for it: a client written against the API branches on it.
      vendorCode: 'previous_response_not_found',
    });
  }
  throw new SwitchyardError('not_found', `response ${shown} not found: it was not created through this gateway with this key, was deleted, or is past retention`);
}

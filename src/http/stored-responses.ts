import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, SwitchyardError } from '../core/errors.js';
import { decodeSegment } from '../core/request-target.js';
import { ownResponse } from '../gateway/responses/conversation-items.js';
import { inputItemsPage } from '../gateway/responses/input-items-page.js';
import { replayResponse } from '../gateway/responses/replay-response.js';
import { retrievedResponse } from '../gateway/responses/retrieved-response.js';
import { includableRefusal, type ResponsesIncludable, unknownIncludable } from '../core/responses-includable.js';
import { type ResponseStore, responseOwner } from '../gateway/responses/response-store.js';
import type { VirtualKey } from '../limits/keys.js';
import { dataPlaneQuery, INPUT_ITEMS_QUERY, RESPONSE_QUERY } from './data-plane-query.js';

export const STORED_PREFIX = '/v1/responses/';

/**
 * `GET` and `DELETE /v1/responses/{id}`, `GET /v1/responses/{id}/input_items`: a stored response
 * (or a page of its input items; `include` as on create, see retrievedResponse), read or removed by the key that created it (another key's response is a 404, as an unknown one is). Reading one is not a model
 * call: no limits, cost or trace. `?stream=true` replays it as its event stream (from
 * `starting_after`, when given); `cancel` needs background runs, which the gateway does not keep.
 *
 * @example await serveStoredResponse(req, res, '/v1/responses/resp_123', store, key);
 */
export async function serveStoredResponse(req: IncomingMessage, res: ServerResponse, path: string, store: ResponseStore, key: VirtualKey | null): Promise<void> {
  const [rawId = '', action, ...rest] = path.slice(STORED_PREFIX.length).split('/');
  const id = decodeSegment(rawId);
  if (id === '') throw new SwitchyardError('invalid_request', 'a response id is required: /v1/responses/{response_id}', { param: 'response_id' });
  if (id === 'compact' && action === undefined) {
    throw new SwitchyardError('not_found', `no route ${req.method ?? 'GET'} /v1/responses/compact: compaction (responses.compact) is not served; send the conversation as input items, or continue it with previous_response_id`);
  }
  if (action === 'cancel' && rest.length === 0 && req.method === 'POST') {
    await ownResponse(store, responseOwner(key), id);
    throw new SwitchyardError('invalid_request', 'only responses created with "background": true can be cancelled, and this gateway does not run background responses', { param: 'response_id' });
  }
  const owner = responseOwner(key);
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  if (action === 'input_items' && rest.length === 0 && req.method === 'GET') {
    // Input items are kept as sent (an image's URL included), so a valid include adds nothing.
    includeOf(query);
    return sendJson(res, inputItemsPage(await ownResponse(store, owner, id), dataPlaneQuery(req, INPUT_ITEMS_QUERY)));
  }
  if (action !== undefined) {
    throw new SwitchyardError('not_found', `no route ${req.method ?? 'GET'} ${path.slice(0, 120)}: stored responses are served at GET and DELETE /v1/responses/{response_id} and GET /v1/responses/{response_id}/input_items`);
  }
  if (req.method === 'GET') {
    const read = dataPlaneQuery(req, RESPONSE_QUERY);
    const stream = streamOf(read.stream);
    const include = includeOf(query);
    const response = retrievedResponse(await ownResponse(store, owner, id), include);
    if (!stream) return sendJson(res, response);
    return sendEvents(res, replayResponse(response, startingAfterOf(read.starting_after)));
  }
  if (req.method === 'DELETE') {
    await ownResponse(store, owner, id);
    await store.delete(id);
    return sendJson(res, { id, object: 'response', deleted: true });
  }
  throw methodNotAllowed('/v1/responses/{response_id}', req.method, ['GET', 'DELETE']);
}

/**
 * `include` as the query carries it: `include[]=…` (the official SDKs), `include=…` repeated, or
 * `include[0]=…`; a value the API does not know is OpenAI's 400 naming it.
 */
function includeOf(query: URLSearchParams): Set<ResponsesIncludable> {
  const values: string[] = [];
  for (const [name, value] of query) if (name === 'include' || /^include\[\d*\]$/.test(name)) values.push(value);
  const unknown = unknownIncludable(values);
  if (unknown) throw new SwitchyardError('invalid_request', includableRefusal(unknown.value), { param: `include[${unknown.index}]`, vendorCode: 'invalid_value' });
  return new Set(values as ResponsesIncludable[]);
}

/** `stream` as the SDKs send it (`true`, `false`); anything else is a 400 naming it. */
function streamOf(value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new SwitchyardError('invalid_request', `stream must be true or false; got "${value.slice(0, 40)}"`, { param: 'stream', vendorCode: 'invalid_value' });
}

/** `starting_after`: the sequence number after which the replay starts, a whole number. */
function startingAfterOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d{1,9}$/.test(value)) throw new SwitchyardError('invalid_request', `starting_after must be an event's sequence number (a whole number from 0); got "${value.slice(0, 40)}"`, { param: 'starting_after', vendorCode: 'invalid_value' });
  return Number(value);
}

function sendEvents(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { StoredResponse } from './response-store.js';

/** The query of `GET /v1/responses/{id}/input_items`, as the API defines it. */
export interface InputItemsQuery {
  after?: string | null;
  limit?: string | null;
  order?: string | null;
}

/**
 * One page of a stored response's input items, in the API's list shape (`object: "list"`, `data`,
 * `first_id`, `last_id`, `has_more`). Items keep the ids they were sent with; the rest get ids
 * derived from the response id and position, so pages and `after` are stable. Messages are shown
 * as the API shows them: content as typed parts, `status: "completed"`.
 *
 * @example inputItemsPage(stored, { limit: '1', order: 'asc' }).data[0]?.id // 'msg_abc_0'
 */
export function inputItemsPage(stored: StoredResponse, query: InputItemsQuery): JsonObject {
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new SwitchyardError('invalid_request', `order must be "asc" or "desc", not ${quoteClipped(order, 40)}`, { param: 'order' });
  // Decimal digits only, as anthropicModelPage reads `limit`: Number() read "0x10" as 16 and "1e1" as 10.
  const limit = query.limit === null || query.limit === undefined ? 20 : /^\d{1,16}$/.test(query.limit) ? Number(query.limit) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SwitchyardError('invalid_request', `limit must be an integer from 1 to 100, not ${JSON.stringify(String(query.limit).slice(0, 40))}`, { param: 'limit' });
  const base = String(stored.response.id ?? stored.id).replace(/^resp_/, '');
  const items = stored.input.map((item, i) => shown(item, `${base}_${i}`));
  if (order === 'desc') items.reverse();
  let start = 0;
  if (query.after) {
    start = items.findIndex((item) => item.id === query.after) + 1;
    if (start === 0) throw new SwitchyardError('invalid_request', `after: no input item ${quoteClipped(query.after, 100)} in this response`, { param: 'after' });
  }
  const data = items.slice(start, start + limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < items.length };
}

const PREFIXES: Record<string, string> = { message: 'msg', function_call: 'fc', function_call_output: 'fco', reasoning: 'rs' };

function shown(item: JsonObject, suffix: string): JsonObject {
  const type = typeof item.type === 'string' ? item.type : 'message';
  const id = typeof item.id === 'string' ? item.id : `${(Object.hasOwn(PREFIXES, type) ? PREFIXES[type] : undefined) ?? 'item'}_${suffix}`;
  if (type !== 'message') return { ...item, id };
  const role = typeof item.role === 'string' ? item.role : 'user';
  const content = typeof item.content === 'string' ? [{ type: role === 'assistant' ? 'output_text' : 'input_text', text: item.content }] : item.content;
  return { id, type, role, content, status: 'completed' };
}

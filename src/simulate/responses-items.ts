/**
 * What the Responses API checks about a request's `include` and about the earlier items a client
 * sends back: an `include` value it does not know is a 400; a reasoning item travels on its
 * `encrypted_content`, which must be one the API wrote (a 400 `invalid_encrypted_content`
 * otherwise), or on the id of a reasoning item the API stored (a 404, "Item with id … not
 * found.", otherwise); an assistant message sent back with an id is looked up by it too (the same
 * 404 for an id the API did not store, as apps and proxies that replayed another provider's or a
 * store-less turn's answers with their `msg_…` ids have met; the ids a client gives its own user
 * and developer messages, as the Codex CLI does, are taken); an item's id must begin with its
 * kind's prefix (400 `invalid_id_prefix`).
 * A gateway that hands OpenAI the reasoning another provider produced meets exactly these
 * refusals.
 */
import { textOf } from '../core/clip.js';
import { createHmac } from 'node:crypto';
import type { JsonObject } from '../core/openai-wire.js';
import { includableRefusal, unknownIncludable } from '../core/responses-includable.js';
import { openaiError, openaiTypeError, type WireError } from './wire-errors.js';

/** The first `include` value the API does not know, as its 400; undefined when all are known. */
export function checkInclude(include: unknown): WireError | undefined {
  if (include === undefined || include === null) return undefined;
  if (!Array.isArray(include)) return openaiTypeError('include', 'an array of strings', include);
  const unknown = unknownIncludable(include);
  return unknown && openaiError(400, { message: includableRefusal(unknown.value), param: `include[${unknown.index}]`, code: 'invalid_value' });
}

// The simulated organisation's key: OpenAI's content is Fernet-encrypted (it starts "gAAAAA").
const KEY = 'switchyard-simulated-openai-org';
const PREFIX = 'gAAAAA';

/**
 * A reasoning item's `encrypted_content`, as `include: ["reasoning.encrypted_content"]` returns it.
 *
 * @example sealReasoning('rs_123').startsWith('gAAAAA') // true
 */
export function sealReasoning(itemId: string): string {
  const payload = Buffer.from(itemId).toString('base64url');
  return `${PREFIX}${payload}.${createHmac('sha256', KEY).update(itemId).digest('base64url')}`;
}

function opens(content: string): boolean {
  if (!content.startsWith(PREFIX)) return false;
  const [payload = '', mac] = content.slice(PREFIX.length).split('.');
  const itemId = Buffer.from(payload, 'base64url').toString('utf8');
  return mac !== undefined && mac === createHmac('sha256', KEY).update(itemId).digest('base64url');
}

/** The content as OpenAI quotes it in its refusal: its first and last four characters. */
function abbreviated(content: string): string {
  return content.length <= 8 ? content : `${content.slice(0, 4)}...${content.slice(-4)}`;
}

/** The prefix OpenAI's ids of each kind of item begin with, which it checks on items sent back. */
const ID_PREFIX: Readonly<Record<string, string>> = { reasoning: 'rs', message: 'msg', function_call: 'fc' };

/**
 * The API's refusal of the first input item it cannot take, or undefined. `known` says whether an
 * item id was stored; `store` is the request's own (OpenAI then adds why the item may be gone).
 * Reasoning and assistant messages are looked up by id; other messages and function calls are
 * taken as sent, their ids held only to the prefix of their kind.
 *
 * @example checkInputItems([{ type: 'reasoning', id: 'rs_x', summary: [] }], () => false, true)?.status // 404
 */
export function checkInputItems(items: readonly JsonObject[], known: (itemId: string) => boolean, store: boolean): WireError | undefined {
  for (const [i, item] of items.entries()) {
    if (item.type === 'reasoning' && typeof item.encrypted_content === 'string') {
      if (opens(item.encrypted_content)) continue;
      return openaiError(400, {
        message: `The encrypted content ${abbreviated(item.encrypted_content)} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
        param: null,
        code: 'invalid_encrypted_content',
      });
    }
    if (typeof item.id !== 'string') continue;
    const type = textOf(item.type ?? 'message');
    const prefix = Object.hasOwn(ID_PREFIX, type) ? ID_PREFIX[type] : undefined;
    if (prefix !== undefined && !item.id.startsWith(prefix)) {
      return openaiError(400, { message: `Invalid 'input[${i}].id': '${item.id}'. Expected an ID that begins with '${prefix}'.`, param: `input[${i}].id`, code: 'invalid_id_prefix' });
    }
    const lookedUp = type === 'reasoning' || (type === 'message' && item.role === 'assistant');
    if (!lookedUp || known(item.id)) continue;
    const why = store ? '' : ' Items are not persisted when `store` is set to false. Try again with `store` set to true, or remove this item from your input.';
    return openaiError(404, { message: `Item with id '${item.id}' not found.${why}`, param: 'input', code: null });
  }
  return undefined;
}

/**
 * Where the gateway keeps the Responses API answers it produced, so a later request can continue
 * the conversation (`previous_response_id`) on any provider, and clients can `GET` or `DELETE`
 * them. A small async port with bounded in-memory, SQLite and PostgreSQL implementations, all held to
 * `response-store.contract.ts`.
 */
import { type ErasureMatch, erasureMatches } from '../../core/erasure-match.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { VirtualKey } from '../../limits/keys.js';

export interface StoredResponse {
  /** The Response's id, as the client received it. */
  id: string;
  /**
   * The virtual key that created it (`responseOwner`: its identity, not its name); null when the
   * gateway is open. Only it may use it.
   */
  owner: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** The conversation's input as items, earlier turns included (instructions are not carried over). */
  input: JsonObject[];
  /** The Response object as the client received it. */
  response: JsonObject;
  /**
   * Reasoning items' `encrypted_content` the client was not given (it did not ask for it), by item
   * id, for items of `input` and `response.output`: Claude's signed thinking, which the next turn
   * (`previous_response_id`) must send back, as OpenAI keeps a stored response's reasoning. Never
   * shown; counted in the store's size bound.
   */
  serverReasoning?: Record<string, string>;
  /**
   * What the call carried beside its body, kept so an erasure finds the stored copy by it after
   * the call's trace is gone (retention, a trace-less config): its conversation and its
   * `x-switchyard-metadata` fields, as the trace holds them. Absent when the call had neither.
   */
  context?: ResponseContext;
}

/** A stored Response's call context (see StoredResponse.context). */
export interface ResponseContext {
  session?: string;
  metadata?: Record<string, unknown>;
}

/**
 * The context worth keeping of a call with this session and header metadata; undefined when there is none.
 *
 * @example responseContext('chat-7', null) // { session: 'chat-7' }
 */
export function responseContext(session: string | null | undefined, metadata: Record<string, unknown> | null | undefined): ResponseContext | undefined {
  const context: ResponseContext = {};
  if (session) context.session = session;
  if (metadata && Object.keys(metadata).length > 0) context.metadata = metadata;
  return context.session === undefined && context.metadata === undefined ? undefined : context;
}

export interface ResponseStore {
  /** Keeps a response (replacing one with the same id); throws when it alone exceeds the size bound. */
  put(record: StoredResponse): Promise<void>;
  /** The response, or undefined when unknown, deleted or past retention. */
  get(id: string): Promise<StoredResponse | undefined>;
  /** True when there was something to delete. */
  delete(id: string): Promise<boolean>;
  /**
   * Deletes these responses and every stored response that continues one of them
   * (`previous_response_id`, turn after turn: each holds the earlier turns' output in its input), and
   * says how many went: a purge of what they quote. 0 when run again.
   */
  forgetConversations(ids: readonly string[]): Promise<number>;
  /**
   * The ids `forgetConversations(ids)` would delete, deleting nothing: these responses where they
   * are stored and, turn after turn, those continuing them. An erasure's dry run counts them.
   */
  conversations(ids: readonly string[]): Promise<string[]>;
  /**
   * The ids of the stored responses whose Response object echoes what an erasure selects (see
   * {@link echoesErasure}): an erasure finds a person's stored responses by them too, those whose
   * trace retention deleted first included, and by the session and header metadata the call
   * carried (`context`).
   */
  echoing(match: ErasureMatch): Promise<string[]>;
  /**
   * The newest stored response of this owner whose output holds an item with this id: how an
   * `item_reference` to an item OpenAI named (a native model's answer, which the gateway stored as
   * it passed through) is found when a translated model must get the item itself (see
   * `resolveItemReferences`). One indexed look-up: each store keeps the `outputItemIds` of what it
   * puts beside it (a search of the stored text held the event loop, on SQLite, for every row kept).
   */
  holdingItem(owner: string | null, itemId: string): Promise<StoredResponse | undefined>;
}

/** Output items of one response indexed by their ids, and the longest id kept: bounds for a hostile answer. */
const MAX_INDEXED_ITEMS = 256;
const MAX_ITEM_ID = 256;

/**
 * The ids of a response's output items (`msg_…`, `fc_…`, `rs_…`), as the stores index them for
 * `holdingItem`: string ids only, at most 256 of up to 256 characters each, each once.
 *
 * @example outputItemIds({ output: [{ id: 'msg_1', type: 'message' }, { type: 'message' }] }) // ['msg_1']
 */
export function outputItemIds(response: JsonObject): string[] {
  const output = response.output;
  if (!Array.isArray(output)) return [];
  const ids = new Set<string>();
  for (const item of output) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id !== '' && id.length <= MAX_ITEM_ID) ids.add(id);
    if (ids.size === MAX_INDEXED_ITEMS) break;
  }
  return [...ids];
}

/**
 * Whether a stored Response (its JSON text) echoes what an erasure selects, by the traces' rule
 * (erasureMatches) read on the Response object and the call's kept context: the end-user id as its
 * `user`, `safety_identifier` or `metadata.user_id`, a metadata value as its `metadata` field (the
 * request body's `metadata`, which the Response repeats) or as an `x-switchyard-metadata` field of
 * the call, the session as the call's (`x-switchyard-session`). A Response stored before calls
 * kept their context is found by its body only.
 *
 * @example echoesErasure('{"object":"response","metadata":{"customer_id":"c-1"}}', { metadata: { customer_id: ['c-1'] } }) // true
 * @example echoesErasure('{"object":"response"}', { session: 'chat-7' }, '{"session":"chat-7"}') // true
 */
export function echoesErasure(responseText: string, match: ErasureMatch, context?: ResponseContext | string | null): boolean {
  let response: unknown;
  let kept: ResponseContext | undefined;
  try {
    response = JSON.parse(responseText);
    kept = typeof context === 'string' ? (JSON.parse(context) as ResponseContext) : (context ?? undefined);
  } catch {
    return false;
  }
  return erasureMatches({ request: response, metadata: kept?.metadata ?? null, session: kept?.session ?? null }, match);
}

/**
 * Deletes `ids` and, turn after turn, the responses continuing them, with the store's own two
 * steps: the shared loop of `forgetConversations`. Bounded by the store's size: each round deletes
 * what it follows.
 *
 * @example await forgetWithContinuations(['resp_1'], (ids) => deleteRows(ids), (ids) => continuing(ids))
 */
export async function forgetWithContinuations(ids: readonly string[], remove: (ids: readonly string[]) => Promise<number>, continuing: (ids: readonly string[]) => Promise<string[]>): Promise<number> {
  let deleted = 0;
  let next = [...new Set(ids)];
  while (next.length > 0) {
    const followers = await continuing(next);
    deleted += await remove(next);
    next = followers;
  }
  return deleted;
}

/**
 * The ids `forgetWithContinuations` would delete, with the store's own two steps (which of these
 * ids are stored; which stored responses continue them), deleting nothing. Each id is followed
 * once, so a chain that loops back ends.
 *
 * @example await followConversations(['resp_1'], (ids) => storedOf(ids), (ids) => continuing(ids)) // ['resp_1', 'resp_2']
 */
export async function followConversations(ids: readonly string[], stored: (ids: readonly string[]) => Promise<string[]>, continuing: (ids: readonly string[]) => Promise<string[]>): Promise<string[]> {
  const found = new Set<string>();
  const followed = new Set<string>();
  let next = [...new Set(ids)];
  while (next.length > 0) {
    for (const id of next) followed.add(id);
    for (const id of await stored(next)) found.add(id);
    next = (await continuing(next)).filter((id) => !followed.has(id));
  }
  return [...found];
}

/** How much is kept: the oldest responses go first once any bound is passed. */
export interface ResponseRetention {
  maxEntries: number;
  /** Responses older than this are gone (OpenAI keeps stored responses for 30 days). */
  maxAgeMs: number;
  /** Total size of the stored JSON, in bytes (UTF-16 code units, close enough for a bound). */
  maxBytes: number;
}

export const DEFAULT_RETENTION: ResponseRetention = {
  maxEntries: 10_000,
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
  maxBytes: 256 * 1024 * 1024,
};

/**
 * Who a stored response belongs to: the key's identity (`VirtualKey.id`), so a later key given the
 * same name (a config key replaced, a runtime key made after one was removed) cannot continue or
 * read the first one's conversations. Responses stored before kept the key's name, which no id
 * equals ('kc_'/'ks_' and 24 hex digits): they are no key's.
 *
 * @example responseOwner(key) // 'ks_3f…'; responseOwner(null) // null (an open gateway)
 */
export function responseOwner(key: VirtualKey | null | undefined): string | null {
  return key?.id ?? null;
}

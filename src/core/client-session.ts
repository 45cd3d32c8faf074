/**
 * The conversation a call belongs to, from its headers: the client's own `x-switchyard-session`,
 * else the session id a coding agent sends on every turn (Claude Code `x-claude-code-session-id`,
 * Codex `session_id` / `session-id` / `conversation_id`); with none of them, Claude Code's session
 * inside an Anthropic body's `metadata.user_id` (`sessionOfUserId`). Traces store it and lists
 * filter by it; it is never grouped by in rollups (every conversation is a new value). Bounded as
 * `x-switchyard-metadata` is: a longer header is refused with a 400 naming it, never clipped into
 * an id nobody sent.
 */
import { asSentUtf8 } from './client-metadata.js';
import { SwitchyardError } from './errors.js';
import { quoteClipped } from './clip.js';

/** The longest session id taken (a UUID is 36 characters). */
export const MAX_SESSION_CHARS = 128;

/** The headers read, in order of precedence: the gateway's own first. */
// Codex CLI sends its conversation id as both `session_id` and `conversation_id` (codex-rs's
// Responses client); other builds and proxies of it send `session-id`.
export const SESSION_HEADERS = ['x-switchyard-session', 'x-claude-code-session-id', 'session_id', 'session-id', 'conversation_id'] as const;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The first session header present with a value, or null; a 400 when it is over the bound, or
 * when `distinct` (`req.headersDistinct`) shows it was sent twice with different values.
 *
 * @example sessionOf({ 'x-claude-code-session-id': '5f0c…' }) // '5f0c…'
 * @example sessionOf({ 'x-switchyard-session': 'x'.repeat(200) }) // throws: x-switchyard-session has 200 characters; at most 128
 */
export function sessionOf(headers: Headers, distinct?: () => Headers): string | null {
  for (const name of SESSION_HEADERS) {
    let raw = headers[name];
    if (raw === undefined) continue;
    // Each value apart only when a comma says Node may have joined some: not on every call's path.
    if (distinct && typeof raw === 'string' && raw.includes(',')) raw = distinct()[name] ?? raw;
    // Node joins a repeated header into one value ("a, b"): two conversations became a third.
    // Given each value apart (`req.headersDistinct`), differing ones are refused; equal ones are one.
    const values = Array.isArray(raw) ? [...new Set(raw.map((one) => asSentUtf8(one).trim()))] : [asSentUtf8(raw).trim()];
    if (values.length > 1) {
      const shown = values.slice(0, 3).map((one) => quoteClipped(one, 40)).join(', ');
      throw new SwitchyardError('invalid_request', `${name} is sent ${raw.length} times with different values (${shown}); send it once, holding the conversation's id`, { param: name });
    }
    const value = values[0] ?? '';
    if (value === '') continue;
    if (value.length > MAX_SESSION_CHARS) {
      throw new SwitchyardError('invalid_request', `${name} has ${value.length} characters; at most ${MAX_SESSION_CHARS}: send a conversation id such as a UUID`, { param: name });
    }
    return value;
  }
  return null;
}

/** The longest `metadata.user_id` read for a session (Claude Code's are under 200 characters). */
const MAX_USER_ID_CHARS = 512;
const SESSION_MARK = '_session_';

/**
 * Claude Code's session inside an Anthropic request's `metadata.user_id`, for a call whose
 * headers named none (a Claude Code that does not send `x-claude-code-session-id`, or a proxy that
 * drops it). Claude Code writes it in one of two shapes: `user_<device hash>_account_<account
 * uuid, or empty>_session_<session uuid>`, and in newer releases a JSON object
 * `{"device_id": …, "account_uuid": …, "session_id": …}`. Anything else (an application's own
 * user id), an empty session or one over 128 characters is no session: the field is the client's
 * to fill, so it is never refused for this; one holding a control character (C0, DEL, C1) is no
 * session either. Found with `lastIndexOf` and one bounded `JSON.parse`, no regular expression
 * over the whole field.
 *
 * @example sessionOfUserId('user_8b7e…_account__session_7d0e2f61-4b5c-4a9d-8f11-2c3d4e5f6a7b') // '7d0e2f61-4b5c-4a9d-8f11-2c3d4e5f6a7b'
 * @example sessionOfUserId('{"device_id":"3f4a…","account_uuid":"","session_id":"2c4e1cf0-…"}') // '2c4e1cf0-…'
 * @example sessionOfUserId('customer-42') // null
 */
export function sessionOfUserId(userId: unknown): string | null {
  if (typeof userId !== 'string' || userId.length > MAX_USER_ID_CHARS) return null;
  let session: unknown;
  if (userId.startsWith('{')) {
    try {
      session = (JSON.parse(userId) as { session_id?: unknown } | null)?.session_id;
    } catch {
      return null;
    }
  } else if (userId.startsWith('user_')) {
    const mark = userId.lastIndexOf(SESSION_MARK);
    session = mark < 0 ? undefined : userId.slice(mark + SESSION_MARK.length);
  }
  if (typeof session !== 'string') return null;
  const value = asSentUtf8(session).trim();
  // Headers cannot carry control characters (Node refuses them); a body can, and a session is shown
  // in the dashboard and printed by `switchyard traces`, where ESC would drive the terminal.
  return value === '' || value.length > MAX_SESSION_CHARS || /\p{Cc}/u.test(value) ? null : value;
}

/**
 * A session to filter traces by (`?session=`, `--session`): no trace holds a longer one, so a
 * longer one is a mistake (a pasted line, a wrong field), named rather than answered with nothing.
 *
 * @example sessionFilter('x'.repeat(129), '--session') // throws: --session has 129 characters; sessions have at most 128
 */
export function sessionFilter(value: string, param: string): string {
  if (value.length > MAX_SESSION_CHARS) throw new SwitchyardError('invalid_request', `${param} has ${value.length} characters; sessions have at most ${MAX_SESSION_CHARS}`, { param });
  return value;
}

/**
 * The conversation a call belongs to, from its headers: the client's own `x-switchyard-session`,
 * else the session id a coding agent sends on every turn (Claude Code `x-claude-code-session-id`,
 * Codex `session_id` / `session-id`). Traces store it and lists filter by it; it is never grouped
 * by in rollups (every conversation is a new value). Bounded as `x-switchyard-metadata` is: a
 * longer value is refused with a 400 naming the header, never clipped into an id nobody sent.
 */
import { asSentUtf8 } from './client-metadata.js';
import { SwitchyardError } from './errors.js';

/** The longest session id taken (a UUID is 36 characters). */
export const MAX_SESSION_CHARS = 128;

/** The headers read, in order of precedence: the gateway's own first. */
export const SESSION_HEADERS = ['x-switchyard-session', 'x-claude-code-session-id', 'session_id', 'session-id'] as const;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The first session header present with a value, or null; a 400 when it is over the bound.
 *
 * @example sessionOf({ 'x-claude-code-session-id': '5f0c…' }) // '5f0c…'
 * @example sessionOf({ 'x-switchyard-session': 'x'.repeat(200) }) // throws: x-switchyard-session has 200 characters; at most 128
 */
export function sessionOf(headers: Headers): string | null {
  for (const name of SESSION_HEADERS) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const value = asSentUtf8(Array.isArray(raw) ? raw.join(',') : raw).trim();
    if (value === '') continue;
    if (value.length > MAX_SESSION_CHARS) {
      throw new SwitchyardError('invalid_request', `${name} has ${value.length} characters; at most ${MAX_SESSION_CHARS}: send a conversation id such as a UUID`, { param: name });
    }
    return value;
  }
  return null;
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

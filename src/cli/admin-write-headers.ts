import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';

/** How long GET /api/session may take: it reads nothing, so a gateway that has not answered by then will not. */
const SESSION_TIMEOUT_MS = 10_000;
/** What a CSRF token can be: the gateway's are base64url; anything else would not survive as a header value. */
const TOKEN = /^[\x21-\x7e]{1,512}$/;

/**
 * The headers a command sends with a write to a running gateway's admin API (`POST /api/…`):
 * the admin key as a Bearer token when there is one; else the CSRF token that a gateway open on
 * loopback (no `server.admin_key`, as `npm start` runs) hands out at `GET /api/session` and wants
 * on every write. Without it such a gateway answered `switchyard traces erase` with a 403 about a
 * missing `x-switchyard-csrf` header, though it was open to the command. A gateway that cannot be
 * asked (unreachable, an old one) gets no token: the write itself then says what is wrong. One
 * that does not answer within 10 s, or answers a token no header can carry (a line break, a
 * character past Latin-1), is named as such: the command waited forever on the first, and
 * blamed the second on a gateway it "cannot reach".
 *
 * @example await adminWriteHeaders('http://127.0.0.1:4000', undefined) // { 'content-type': 'application/json', 'x-switchyard-csrf': '…' }
 */
export async function adminWriteHeaders(gateway: string, adminKey: string | undefined, timeoutMs = SESSION_TIMEOUT_MS): Promise<Record<string, string>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (adminKey) {
    headers.authorization = `Bearer ${adminKey}`;
    return headers;
  }
  const url = new URL('/api/session', gateway);
  const session = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    .then((response) => response.json() as Promise<{ csrf?: unknown }>)
    .catch((error: unknown) => {
      if ((error as Error).name === 'TimeoutError') throw new SwitchyardError('upstream_timeout', `GET ${url.href} did not answer within ${timeoutMs / 1_000} s; is ${gateway} a Switchyard gateway?`);
      return undefined;
    });
  const csrf = session?.csrf;
  if (typeof csrf !== 'string') return headers;
  if (!TOKEN.test(csrf)) {
    throw new SwitchyardError('upstream_error', `GET ${url.href} answered a CSRF token no header can carry (expected up to 512 printable ASCII characters, got ${csrf.length > 512 ? `${csrf.length} characters` : quoteClipped(csrf)}); is ${gateway} a Switchyard gateway?`);
  }
  headers['x-switchyard-csrf'] = csrf;
  return headers;
}

/**
 * The headers a command sends with a write to a running gateway's admin API (`POST /api/…`):
 * the admin key as a Bearer token when there is one; else the CSRF token that a gateway open on
 * loopback (no `server.admin_key`, as `npm start` runs) hands out at `GET /api/session` and wants
 * on every write. Without it such a gateway answered `switchyard traces erase` with a 403 about a
 * missing `x-switchyard-csrf` header, though it was open to the command. A gateway that cannot be
 * asked (unreachable, an old one) gets no token: the write itself then says what is wrong.
 *
 * @example await adminWriteHeaders('http://127.0.0.1:4000', undefined) // { 'content-type': 'application/json', 'x-switchyard-csrf': '…' }
 */
export async function adminWriteHeaders(gateway: string, adminKey: string | undefined): Promise<Record<string, string>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (adminKey) {
    headers.authorization = `Bearer ${adminKey}`;
    return headers;
  }
  const session = await fetch(new URL('/api/session', gateway))
    .then((response) => response.json() as Promise<{ csrf?: unknown }>)
    .catch(() => undefined);
  if (typeof session?.csrf === 'string') headers['x-switchyard-csrf'] = session.csrf;
  return headers;
}

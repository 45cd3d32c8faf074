import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import { assertSwitchyardGateway, gatewayTimeout } from '../core/gateway-probe.js';
import { gatewayUnreachable } from '../core/gateway-unreachable.js';
import { adminWriteHeaders } from './admin-write-headers.js';

/** A report may read a month of rollups from a large store; past a minute the gateway is stuck. */
const ADMIN_TIMEOUT_MS = 60_000;

export interface AdminCall<T> {
  /** The `--gateway` URL as given. */
  gateway: string;
  method?: 'GET' | 'POST';
  /** Path and query, e.g. `/api/routes?range=24h`. */
  path: string;
  /** The `--admin-key` flag; `$SWITCHYARD_ADMIN_KEY` when not given. */
  adminKey: string | undefined;
  body?: unknown;
  /** What the answer is, for the message when it is something else: "a routes report". */
  what: string;
  isAnswer(value: unknown): value is T;
  timeoutMs?: number;
}

/**
 * One request to a running gateway's admin API (`/api/…`), with every way it can go wrong said
 * in one line that names the URL and the fix: not a Switchyard gateway at all (checked first,
 * {@link assertSwitchyardGateway}), its admin key missing or refused, an endpoint the gateway is
 * too old to have, no answer in time, or an answer that is not the report asked for. Each
 * command had its own copy: `routes` threw a SyntaxError with a stack at an HTML page and
 * printed "no routes configured" for `{}`, `providers` printed an empty table for either.
 *
 * @example await adminRequest({ gateway: 'http://127.0.0.1:4000', path: '/api/providers', adminKey: flags.adminKey, what: 'a providers report', isAnswer })
 */
export async function adminRequest<T>(call: AdminCall<T>): Promise<T> {
  const { gateway, method = 'GET', path, timeoutMs = ADMIN_TIMEOUT_MS } = call;
  const keyFrom = call.adminKey !== undefined ? '--admin-key' : process.env.SWITCHYARD_ADMIN_KEY ? '$SWITCHYARD_ADMIN_KEY' : undefined;
  const adminKey = call.adminKey ?? (process.env.SWITCHYARD_ADMIN_KEY || undefined);
  const request = `${method} ${path.split('?')[0]}`;
  await assertSwitchyardGateway(gateway);
  // A write to a gateway open on loopback needs its session's CSRF token (admin-write-headers.ts).
  const headers = method === 'POST' ? await adminWriteHeaders(gateway, adminKey) : adminKey ? { authorization: `Bearer ${adminKey}` } : {};
  let response: Response;
  let text: string;
  try {
    response = await fetch(new URL(path, gateway), { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body), signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw gatewayTimeout(gateway, request, timeoutMs);
    throw gatewayUnreachable(gateway, error);
  }
  const body = parsed(text);
  if (!response.ok) throw refusal(gateway, request, response.status, body, text, keyFrom);
  if (!call.isAnswer(body)) {
    throw new SwitchyardError('upstream_error', `${gateway} answered ${request} with ${response.status} but not with ${call.what} (got ${quoteClipped(text, 100)}); is it a Switchyard gateway as new as this command?`);
  }
  return body;
}

/** Why the admin API said no, and what to do about it. */
function refusal(gateway: string, request: string, status: number, body: unknown, text: string, keyFrom: string | undefined): SwitchyardError {
  const said = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  const message = typeof said === 'string' ? said : text.trim() === '' ? 'no message' : quoteClipped(text.trim(), 100);
  const fix = 'pass --admin-key with its server.admin_key (or set SWITCHYARD_ADMIN_KEY)';
  if (status === 401 || (status === 403 && !/csrf/i.test(message))) {
    const whose = keyFrom ? `refused the admin key from ${keyFrom}` : `wants its admin key for ${request}`;
    return new SwitchyardError('unauthorized', `the gateway at ${gateway} ${whose} (${status}: ${message}): ${fix}`);
  }
  // The gateway's own 404 for an admin path it does not know: one from before this command.
  if (status === 404 && message.startsWith('no admin endpoint')) {
    return new SwitchyardError('upstream_error', `the gateway at ${gateway} has no ${request}: it is older than this command; upgrade it`);
  }
  // The gateway's 400s name the field as the API has it ("user" for --user, "metadata.k" for --metadata k=…).
  return new SwitchyardError(status === 400 ? 'invalid_request' : 'upstream_error', `${gateway} answered ${status} to ${request}: ${message}`);
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

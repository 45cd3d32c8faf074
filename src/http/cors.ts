import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchyardError } from '../core/errors.js';

/**
 * CORS for the data plane, as api.openai.com and api.anthropic.com answer it, so a browser
 * application whose official SDK runs with `dangerouslyAllowBrowser: true` reaches the gateway with
 * only the base URL changed (the browser's preflight got a 405 and the SDK an APIConnectionError).
 * Any origin, no credentials: each call carries its own virtual key, which a page of another
 * origin does not have. An open gateway (no keys) answers no origin: any web page its user visits
 * could otherwise spend its provider keys and read the answers.
 *
 * Returns true when it answered a preflight (nothing more to do).
 *
 * @example if (allowCrossOrigin(req, res, !keys.open)) return;
 */
export function allowCrossOrigin(req: IncomingMessage, res: ServerResponse, keysRequired: boolean): boolean {
  if (!keysRequired || typeof req.headers.origin !== 'string') return false;
  res.setHeader('access-control-allow-origin', '*');
  const method = req.headers['access-control-request-method'];
  if (req.method !== 'OPTIONS' || typeof method !== 'string') {
    // Request ids, retry advice, the gateway's trace and cost headers: no credentials ride along, so all.
    res.setHeader('access-control-expose-headers', '*');
    return false;
  }
  const headers = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    ...(typeof headers === 'string' ? { 'access-control-allow-headers': headers } : {}),
    'access-control-max-age': '600',
    vary: 'origin, access-control-request-headers',
  });
  res.end();
  return true;
}

/**
 * An open gateway (no keys) takes no model call from a web page of another origin: a browser
 * sends a form-like POST (`content-type: text/plain`) to any address without a preflight, so any
 * site its user visits could make it spend its provider keys. Browsers name the page's origin;
 * SDKs and servers send none and are not affected, nor is a page the gateway serves itself.
 *
 * @example refuseOtherOrigins(req, !keys.open) // throws for Origin: https://example.com on an open gateway
 */
export function refuseOtherOrigins(req: IncomingMessage, keysRequired: boolean): void {
  const origin = req.headers.origin;
  if (keysRequired || typeof origin !== 'string') return;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host !== undefined && host === req.headers.host) return;
  throw new SwitchyardError(
    'forbidden',
    'this gateway is open (it has no keys), so it takes no requests from web pages of other origins: any site its user visits could spend its provider keys. Add a key to the config and send it from the page, or call from a server',
  );
}

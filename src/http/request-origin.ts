/** A host name or an IPv4/IPv6 address, and an optional port: nothing a message could be made to say. */
const PLAIN_HOST = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
/** Longer than any address a client types; a Host past it is not echoed. */
const MAX_HOST = 100;

/**
 * The origin a client reached the gateway at, for messages that show it a base URL: the request's
 * own Host when it is a plain host (and port), so a client on another port, host name or behind a
 * proxy is shown its own address; otherwise the address the gateway listens on. A Host that is
 * long or holds anything else (a client may send any bytes) is never echoed. `https` is what
 * TrustedProxies.clientOf says: X-Forwarded-Proto, believed only from a trusted proxy once
 * `server.trusted_proxies` is set, as the admin API's cookies read it.
 *
 * @example requestOrigin('gw.internal:8080', false, 'http://127.0.0.1:4000') // 'http://gw.internal:8080'
 * @example requestOrigin('<script>', false, 'http://127.0.0.1:4000') // 'http://127.0.0.1:4000'
 */
export function requestOrigin(host: string | undefined, https: boolean, listening: string): string {
  if (host === undefined || host.length > MAX_HOST || !PLAIN_HOST.test(host)) return listening;
  return `${https ? 'https' : 'http'}://${host}`;
}

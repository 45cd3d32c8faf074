import { SwitchyardError } from './errors.js';

/**
 * Why a connection failed, from a fetch's `cause` or an undici/Node error code, in words.
 *
 * @example connectionFailure(econnrefused) // 'connection refused: nothing listens there'
 */
export function connectionFailure(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'no answer in time';
  return e.cause?.message ?? e.message ?? String(error);
}

/**
 * A command's `--gateway URL` that does not answer, as a message that names the cause and the
 * way out (fetch alone says "fetch failed").
 *
 * @example gatewayUnreachable('http://127.0.0.1:4005', error) // cannot reach the gateway at http://127.0.0.1:4005 (connection refused: …): start it …
 */
export function gatewayUnreachable(url: string, error: unknown): SwitchyardError {
  return new SwitchyardError('upstream_unreachable', `cannot reach the gateway at ${url} (${connectionFailure(error)}): start it (npm start, or switchyard serve --port N) or pass --gateway with the URL it listens on`);
}

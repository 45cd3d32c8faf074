import { SwitchyardError } from '../core/errors.js';
import { describeValue } from '../core/format-issues.js';

/**
 * Checks a `--gateway` value before a command does any work: it must be an http(s) URL. Without
 * the scheme (`127.0.0.1:4001`, `localhost:4000`, the commonest slip) `eval run`, `providers` and
 * `routes` stopped with a stack trace of `new URL` ("TypeError: Invalid URL"), and `loadtest` and
 * `guard redteam` said they could not reach a gateway that was running; this names the flag and
 * the URL meant.
 *
 * @example checkGatewayFlag('127.0.0.1:4001') // throws: --gateway must be an http:// or https:// URL … (did you mean http://127.0.0.1:4001?)
 */
export function checkGatewayFlag(value: unknown): void {
  if (typeof value !== 'string') return;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return;
  const meant = withScheme(value);
  throw new SwitchyardError('invalid_request', `--gateway must be an http:// or https:// URL such as http://127.0.0.1:4000, got ${describeValue(value)}${meant ? ` (did you mean ${meant}?)` : ''}`, { param: 'gateway' });
}

/** `host:port` or `host:port/path` read as an http URL, when that parses; else undefined. */
function withScheme(value: string): string | undefined {
  const bare = value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (bare === '' || /\s/.test(bare)) return undefined;
  try {
    const url = new URL(`http://${bare}`);
    return url.hostname === '' ? undefined : `http://${bare}`;
  } catch {
    return undefined;
  }
}

import { billedFailure } from '../core/billed-failure.js';
import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';

/**
 * An upstream answer's body, which must be JSON; anything else is a retryable 502 quoting its
 * start (quoted and escaped: a proxy's HTML page put its raw line breaks into the message). Only an answer (a 2xx) is parsed here: the provider generated it and bills it, so the
 * error is marked for the retry loop to book its prompt (`not_json`).
 */
export function parseJson(provider: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw billedFailure(new SwitchyardError('upstream_error', `provider "${provider}" sent a body that is not JSON: ${quoteClipped(text, 200)}`, { status: 502, retryable: true }), 'not_json');
  }
}

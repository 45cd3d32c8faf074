import { billedFailure } from '../core/billed-failure.js';
import { SwitchyardError } from '../core/errors.js';

/**
 * An upstream answer's body, which must be JSON; anything else is a retryable 502 quoting its
 * start. Only an answer (a 2xx) is parsed here: the provider generated it and bills it, so the
 * error is marked for the retry loop to book its prompt (`not_json`).
 */
export function parseJson(provider: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw billedFailure(new SwitchyardError('upstream_error', `provider "${provider}" sent a body that is not JSON: ${text.slice(0, 200)}`, { status: 502, retryable: true }), 'not_json');
  }
}

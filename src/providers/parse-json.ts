import { SwitchyardError } from '../core/errors.js';

/** An upstream body that must be JSON; anything else is a retryable 502 quoting its start. */
export function parseJson(provider: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SwitchyardError('upstream_error', `provider "${provider}" sent a body that is not JSON: ${text.slice(0, 200)}`, { status: 502, retryable: true });
  }
}

import { SwitchyardError } from '../core/errors.js';
import { escapeRegExp } from '../core/escape-regexp.js';

/**
 * Shapes of credentials providers and their users commonly carry: OpenAI/Anthropic style keys
 * (also partially masked ones such as `sk-proj-****abcd`), Google API keys, bearer tokens, JWTs,
 * GitHub and Slack tokens, and long opaque tokens.
 */
const KEY_SHAPED = new RegExp(
  [
    String.raw`\bsk-[A-Za-z0-9_\-*]{6,}`,
    String.raw`\bAIza[0-9A-Za-z_\-]{20,}`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`,
    String.raw`\bxox[abprs]-[A-Za-z0-9\-]{10,}`,
    String.raw`\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}`,
    String.raw`\b[Bb]earer\s+[A-Za-z0-9._~+/\-]{12,}=*`,
    String.raw`\b[A-Za-z0-9_\-+/]{40,}={0,2}`,
  ].join('|'),
  'g',
);

const REDACTED = '[redacted]';

/**
 * A run of lower-case words joined by slashes and dashes is a URL path
 * (`com/en/docs/build-with-claude/extended-thinking` in Anthropic's error messages), not a
 * token: the long-opaque-token shape would otherwise cut the documentation links vendors put in
 * their errors.
 */
const URL_PATH = /^[a-z-]+(?:\/[a-z-]+)+$/;

/** A character that can sit inside a key: a masked fragment ends where these stop. */
const KEY_CHAR = 'A-Za-z0-9_\\-';

/**
 * A function that removes credentials from text: the given secrets (and their first and last
 * eight characters, which providers echo when they mask a key) and anything shaped like a key.
 * A fragment counts only at the outer edge of a key-like run (a first eight not preceded by a key
 * character, a last eight not followed by one): `sk-ant-simulated`'s last eight are `imulated`,
 * which must not eat into a provider named `simulated-anthropic`.
 *
 * @example secretScrubber(['sk-upstream-123456'])('bad key sk-upstream-123456') // 'bad key [redacted]'
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const whole = new Set<string>();
  const fragments: string[] = [];
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    whole.add(secret);
    if (secret.length >= 16) {
      fragments.push(`(?<![${KEY_CHAR}])${escapeRegExp(secret.slice(0, 8))}`, `${escapeRegExp(secret.slice(-8))}(?![${KEY_CHAR}])`);
    }
  }
  // Longest first, so a whole key is replaced before one of its fragments could be.
  const known = [...whole].sort((a, b) => b.length - a.length);
  const fragment = fragments.length > 0 ? new RegExp(fragments.join('|'), 'g') : undefined;
  return (text) => {
    let out = text;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    if (fragment) out = out.replace(fragment, REDACTED);
    return out.replace(KEY_SHAPED, (match) => (URL_PATH.test(match) ? match : REDACTED));
  };
}

/** The same error with its messages (its own and the upstream's) and detail scrubbed; the status, code and retry advice are kept. */
export function scrubError(error: SwitchyardError, scrub: (text: string) => string): SwitchyardError {
  const message = scrub(error.message);
  let detail: unknown = error.detail;
  if (detail !== undefined) {
    const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
    const clean = scrub(text);
    if (clean !== text) detail = typeof detail === 'string' ? clean : safeParse(clean);
  }
  const vendorError = error.vendorError && { ...error.vendorError, message: scrub(error.vendorError.message) };
  if (message === error.message && detail === error.detail && vendorError?.message === error.vendorError?.message) return error;
  return new SwitchyardError(error.code, message, { status: error.status, retryable: error.retryable, retryAfter: error.retryAfter, param: error.param, vendorCode: error.vendorCode, vendorType: error.vendorType, detail, attemptsMade: error.attemptsMade, errorDetails: error.errorDetails, cause: error.cause, vendorError, passOnHeaders: error.passOnHeaders, upstreamCode: error.upstreamCode });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

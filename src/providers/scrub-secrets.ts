import { SwitchyardError } from '../core/errors.js';

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

/**
 * A function that removes credentials from text: the given secrets (and their first and last
 * eight characters, which providers echo when they mask a key) and anything shaped like a key.
 *
 * @example secretScrubber(['sk-upstream-123456'])('bad key sk-upstream-123456') // 'bad key [redacted]'
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const fragments = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    fragments.add(secret);
    if (secret.length >= 16) {
      fragments.add(secret.slice(0, 8));
      fragments.add(secret.slice(-8));
    }
  }
  // Longest first, so a whole key is replaced before one of its fragments could be.
  const known = [...fragments].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const fragment of known) if (out.includes(fragment)) out = out.split(fragment).join(REDACTED);
    return out.replace(KEY_SHAPED, (match) => (URL_PATH.test(match) ? match : REDACTED));
  };
}

/** The same error with its message and detail scrubbed; the status, code and retry advice are kept. */
export function scrubError(error: SwitchyardError, scrub: (text: string) => string): SwitchyardError {
  const message = scrub(error.message);
  let detail: unknown = error.detail;
  if (detail !== undefined) {
    const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
    const clean = scrub(text);
    if (clean !== text) detail = typeof detail === 'string' ? clean : safeParse(clean);
  }
  if (message === error.message && detail === error.detail) return error;
  return new SwitchyardError(error.code, message, { status: error.status, retryable: error.retryable, retryAfter: error.retryAfter, param: error.param, vendorCode: error.vendorCode, vendorType: error.vendorType, detail, attemptsMade: error.attemptsMade, errorDetails: error.errorDetails, cause: error.cause });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

import { SwitchyardError } from '../core/errors.js';
import { describeValue } from '../core/format-issues.js';
import { hasInvisibleChar, showInvisible } from '../core/invisible-text.js';
import { hasBidiControl, terminalText } from '../core/terminal-text.js';

/** The longest name a reviewer signs with: one line on every page and audit line. */
export const MAX_REVIEWER_NAME = 64;

/**
 * Throws a 400 (param `param`) when `name` cannot sign reviews: longer than 64 characters, or
 * holding a control character, a lone surrogate, a bidirectional control or an invisible character. The one check
 * for a name typed at sign-in and a reviewer account's name. `name` is already trimmed.
 *
 * @example assertReviewerName('ana\u200b', 'name') // throws: name must hold no invisible characters …
 */
export function assertReviewerName(name: string, param: string): void {
  if (name.length > MAX_REVIEWER_NAME || /\p{Cc}/u.test(name)) throw new SwitchyardError('invalid_request', `${param} must be at most ${MAX_REVIEWER_NAME} characters, none of them control characters, got ${describeValue(name)}`, { param });
  // Audit lines print it through JSON.stringify, which leaves an RLO as it is: the line read reversed.
  if (hasBidiControl(name)) throw new SwitchyardError('invalid_request', `${param} must hold no bidirectional controls (they show it reordered), got ${terminalText(describeValue(name))}`, { param });
  // A lone surrogate is no character: the store writes it as bytes that read back as U+FFFD, so the
  // account could never be found by its name again (not revoked, not rotated) while its key worked.
  if (/\p{Cs}/u.test(name)) throw new SwitchyardError('invalid_request', `${param} must be well-formed Unicode (it holds a lone surrogate, half of a UTF-16 pair, which no store keeps as it was sent), got ${describeValue(name)}`, { param });
  // Nor one that draws nothing: "ana\u200b" signed reviews that every page showed as ana's.
  if (hasInvisibleChar(name)) throw new SwitchyardError('invalid_request', `${param} must hold no invisible characters (zero-width space, word joiner, BOM, soft hyphen: they make it read as another name), got ${showInvisible(terminalText(describeValue(name)))}`, { param });
}

/**
 * A name as people read it: "Ana" and "ana" (or "ＡＮＡ" in full width) are one person on a page.
 * The stores keep it beside each account's name under a unique index, so two accounts that read
 * alike cannot both be made, however close together.
 *
 * @example sameReader('Ana') === sameReader('ana') // true
 */
export const sameReader = (name: string): string => name.normalize('NFKC').toLowerCase();

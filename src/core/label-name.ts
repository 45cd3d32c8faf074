import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';

/**
 * A key's or team's name: a label shown in the dashboard, on traces, in metrics and typed on
 * command lines. 1–100 letters or digits of any script (with their combining marks), ".", "_" or
 * "-", starting with a letter or digit: "support-web", "équipe-paris", "営業", in composed form (NFC). No spaces, quotes,
 * slashes or control characters: a name goes into URLs (`/api/keys/NAME`), YAML mapping keys
 * (`guardrails.apply.teams.NAME`) and CLI arguments as it is.
 */
const LABEL_NAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]{0,99}$/u;

/** The rule in words, for messages and help. */
export const LABEL_NAME_RULE = '1–100 letters or digits (any script), ".", "_" or "-", starting with a letter or digit';

/**
 * What is wrong with `value` as a key or team name (`field` names it in the message), or
 * undefined when it is a valid one. The one rule for the config file, the admin API, the CLI and
 * the dashboard.
 *
 * @example labelNameProblem('team', 'ops team') // 'team must be 1–100 letters or digits (any script), …; got "ops team"'
 */
export function labelNameProblem(field: string, value: string): string | undefined {
  if (!LABEL_NAME.test(value)) {
    // A name cut in the message reads as a short one: the length says why 101 characters failed.
    const length = [...value].length > 100 ? ` (${[...value].length} characters)` : '';
    return `${field} must be ${LABEL_NAME_RULE}; got ${quoteClipped(value)}${length}`;
  }
  // Names are compared as written: "équipe" typed with é (U+00E9) and with e + U+0301 look alike
  // and were two teams, a key of one counting against the other's budget unseen. Composed (NFC)
  // names only, so one look is one name.
  const composed = value.normalize('NFC');
  if (composed !== value) return `${field} must be written with composed characters (Unicode NFC): got ${quoteClipped(value)}, whose accents are separate marks and which would be a second name that looks like ${quoteClipped(composed)}; write ${quoteClipped(composed)}`;
  return undefined;
}

/**
 * Throws an invalid_request error (param `param`) naming the field and the value when `value` is
 * not a valid key or team name (`labelNameProblem`).
 *
 * @example assertLabelName('key name', 'support-web', 'name')
 */
export function assertLabelName(field: string, value: string, param: string): void {
  const problem = labelNameProblem(field, value);
  if (problem) throw new SwitchyardError('invalid_request', problem, { param });
}

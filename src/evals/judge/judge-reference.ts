import { SwitchyardError } from '../../core/errors.js';
import { quoteClipped } from '../../core/clip.js';
import { closestName } from '../../core/format-issues.js';
import type { SavedJudge } from './judge-spec.js';

/**
 * Throws unless `name` can name a saved judge.
 *
 * @example assertJudgeName('support-quality') // ok; assertJudgeName('no spaces') // throws
 */
export function assertJudgeName(name: string): void {
  if (!/^[A-Za-z0-9][\w.-]{0,99}$/.test(name)) throw new SwitchyardError('invalid_request', `judge name "${name.slice(0, 120)}" must be letters, digits, ".", "_" or "-"`);
}

/**
 * Splits "name" or "name@version"; a version that is not a number matches nothing.
 *
 * @example parseJudgeReference('quality@2') // { name: 'quality', version: 2 }
 */
export function parseJudgeReference(reference: string): { name: string; version?: number } {
  const [name, pin] = reference.split('@') as [string, string | undefined];
  return pin === undefined ? { name } : { name, version: /^\d+$/.test(pin) ? Number(pin) : Number.NaN };
}

/**
 * The error for a judge reference that resolves to nothing, listing the saved ones and, for a
 * name no judge has, the one a typo most likely meant.
 *
 * @example throw judgeNotFound('qualty', await judges.list()); // judge "qualty" not found; did you mean "quality"? (saved judges: quality@1)
 */
export function judgeNotFound(reference: string, saved: readonly SavedJudge[]): SwitchyardError {
  const known = saved.map((j) => `${j.name}@${j.version}`);
  const { name } = parseJudgeReference(reference);
  const names = [...new Set(saved.map((j) => j.name))];
  const meant = names.includes(name) || name.length > 100 ? undefined : closestName(name, names);
  const hint = meant === undefined ? '' : `; did you mean "${meant}${reference.slice(name.length)}"?`;
  return new SwitchyardError('not_found', `judge ${quoteClipped(reference)} not found${hint} (saved judges: ${known.join(', ') || 'none; create one with `switchyard judge calibrate`'})`);
}

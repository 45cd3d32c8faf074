import { SwitchyardError } from './errors.js';
import { quoteClipped } from './clip.js';
import { closestName } from './format-issues.js';
import { GUARD_FILTERS, type GuardFilter } from './trace.js';

/**
 * The trace list's guard filter (`--guard` on the CLI, `guard=` on the admin API): one of
 * {@link GUARD_FILTERS}; anything else is an error naming the choices and the one most likely meant.
 *
 * @example guardFilter('redact', '--guard') // 'redact'
 * @example guardFilter('redacted', '--guard') // throws: --guard must be one of guarded, redact, …, got "redacted" (did you mean "redact"?)
 */
export function guardFilter(value: string, param: string): GuardFilter {
  return oneOf(param, value, GUARD_FILTERS);
}

/**
 * A parameter that takes one of a few words: the value when it is one, else an error naming the
 * choices and the one most likely meant.
 *
 * @example oneOf('order', 'up', ['desc', 'asc']) // throws: order must be one of desc, asc, got "up"
 */
export function oneOf<T extends string>(param: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const meant = value.length <= 64 ? closestName(value, allowed) : undefined;
  throw new SwitchyardError('invalid_request', `${param} must be one of ${allowed.join(', ')}, got ${quoteClipped(value)}${meant ? ` (did you mean "${meant}"?)` : ''}`, { param });
}

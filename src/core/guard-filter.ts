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
  if ((GUARD_FILTERS as readonly string[]).includes(value)) return value as GuardFilter;
  const meant = value.length <= 64 ? closestName(value, GUARD_FILTERS) : undefined;
  throw new SwitchyardError('invalid_request', `${param} must be one of ${GUARD_FILTERS.join(', ')}, got ${quoteClipped(value)}${meant ? ` (did you mean "${meant}"?)` : ''}`, { param });
}

import { closestName } from '../core/format-issues.js';

/** How many names an error lists before it says how many more there are. */
const LISTED = 20;

/**
 * Names sorted and joined for an error, the first 20 and then how many more: a config of 3,000
 * routes made each unknown-name line list all of them.
 *
 * @example nameList(['sim', 'anth']) // 'anth, sim'
 */
export function nameList(names: Iterable<string>): string {
  const sorted = [...names].sort();
  return sorted.length > LISTED ? `${sorted.slice(0, LISTED).join(', ')}, … and ${(sorted.length - LISTED).toLocaleString('en-US')} more` : sorted.join(', ');
}

/**
 * The names a config reference could have named, as its error lists them: sorted, or "none
 * configured" when there are none.
 *
 * @example knownNames(['sim', 'anth']) // 'known: anth, sim'
 */
export function knownNames(names: Iterable<string>): string {
  const list = nameList(names);
  return list === '' ? 'none configured' : `known: ${list}`;
}

/**
 * ` (did you mean "support"?)` for a name a typo away from a known one, else nothing: every
 * unknown-name error of the config says it the same way.
 *
 * @example didYouMean('suport', ['support', 'billing']) // ' (did you mean "support"?)'
 */
export function didYouMean(name: string, known: readonly string[]): string {
  const closest = closestName(name, known);
  return closest === undefined ? '' : ` (did you mean "${closest}"?)`;
}

import { closestName } from '../core/format-issues.js';
import { SHOWN } from './problem-list.js';

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

/** Says ` (did you mean "support"?)` for a name a typo away from one of `known`, else nothing. */
export type DidYouMean = (name: string, known: readonly string[]) => string;

/**
 * `didYouMean` for one validation of a config, shared by all its checks: the first 50 unknown
 * names (as many problems as its message shows) get a suggestion, later ones none. Each compares
 * the name with every known one, so a config of 2,000 keys each naming one of 2,000 models a letter
 * off compared 4 million pairs and took 10 s to refuse; the JSON log's `problems` past the first 50
 * unknown names carry no suggestion.
 *
 * @example const suggest = suggestions(); suggest('suport', ['support']) // ' (did you mean "support"?)'
 */
export function suggestions(budget = SHOWN): DidYouMean {
  let left = budget;
  return (name, known) => (left-- > 0 ? didYouMean(name, known) : '');
}

/**
 * `knownNames(names())` worked out once, when an error first needs it: 2,000 errors each sorted
 * the same 2,000 names again (0.7 s).
 *
 * @example const known = knownOnce(() => Object.keys(config.models)); known() // 'known: small'
 */
export function knownOnce(names: () => Iterable<string>): () => string {
  let text: string | undefined;
  return () => (text ??= knownNames(names()));
}

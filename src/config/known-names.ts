/**
 * The names a config reference could have named, as its error lists them: sorted, or "none
 * configured" when there are none.
 *
 * @example knownNames(['sim', 'anth']) // 'known: anth, sim'
 */
export function knownNames(names: Iterable<string>): string {
  const list = [...names].sort();
  return list.length === 0 ? 'none configured' : `known: ${list.join(', ')}`;
}

import { isDeepStrictEqual } from 'node:util';

/**
 * Whether two values are equal as a store keeps them (JSON): a field left undefined matches one
 * absent, and key order does not count. For "is this what was already saved" checks.
 *
 * @example sameAsStored({ a: 1, b: undefined }, { a: 1 }) // true
 */
export function sameAsStored(a: unknown, b: unknown): boolean {
  const asStored = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  return isDeepStrictEqual(asStored(a), asStored(b));
}

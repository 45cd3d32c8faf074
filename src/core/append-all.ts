/**
 * Appends `items` to `target` one at a time and returns `target`. `target.push(...items)` passes
 * every item as an argument, and past ~120,000 of them (a client's 200,000 text parts, 2.4 MB of
 * JSON) the call overflows the stack: the request was a 500 "Maximum call stack size exceeded".
 * Use this wherever the count comes from a request or an answer.
 *
 * @example appendAll([1], [2, 3]) // [1, 2, 3]
 */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}

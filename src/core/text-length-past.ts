/**
 * The characters of text a JSON value holds (its strings and keys), counted until they pass
 * `max`: the count when they do, else undefined. A body kept as an object (a streamed answer
 * folded into one, a translated answer) has no text to measure as `JsonText` has, and
 * serialising it to find out is the copy a bound is there to spare; this walk touches each node
 * once and stops at the bound.
 *
 * @example textLengthPast({ content: 'x'.repeat(20) }, 10) // 27 (passed the bound)
 * @example textLengthPast({ content: 'hi' }, 10) // undefined
 */
export function textLengthPast(value: unknown, max: number): number | undefined {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') total += node.length;
    else if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        total += key.length;
        stack.push(item);
      }
    }
    if (total > max) return total;
  }
  return undefined;
}

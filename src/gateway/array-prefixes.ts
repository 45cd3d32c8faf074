/**
 * Views of a request body whose lists are cut to their first items, so that the 400 for a long
 * list of bad items words the first ones without first making a problem object for each of the
 * rest: zod has no early exit that counts, and a 1 MB `tools` of zeros (500,000 problems) held the
 * event loop 5 s, 8 MB of them 71 s and 3.4 GB; nested in a message past ~120,000 items, zod's own
 * spread of them overflowed the stack (a 500). validate-chat-body.ts cuts a little past the first
 * problem, found by zod's early exit (core/first-issues.ts).
 */

/** Lists deeper than this are not looked into: the wire schemas stop well above it (their free-form records, a tool's parameters, are not checked item by item). */
const MAX_DEPTH = 64;

/**
 * The length of the longest list anywhere in `value` (to `MAX_DEPTH` levels), 0 when it has none.
 *
 * @example longestList({ tools: [1, 2, 3], messages: [{ content: [1] }] }) // 3
 */
export function longestList(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return 0;
  let most = 0;
  if (Array.isArray(value)) {
    most = value.length;
    for (const item of value) if (item !== null && typeof item === 'object') most = Math.max(most, longestList(item, depth + 1));
  } else {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== null && typeof item === 'object') most = Math.max(most, longestList(item, depth + 1));
    }
  }
  return most;
}

/**
 * `value` with every list cut to its first `length` items; the parts with no longer list are
 * `value`'s own (nothing is copied for them). Each item keeps its index, so a problem found in the
 * view is found at the same path in `value`.
 *
 * @example listsCutTo({ stop: ['a', 'b', 'c'] }, 2) // { stop: ['a', 'b'] }
 */
export function listsCutTo<T>(value: T, length: number, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const kept = value.length > length ? value.slice(0, length) : value;
    let out: unknown[] | undefined = kept === value ? undefined : kept;
    for (let i = 0; i < kept.length; i++) {
      const item = kept[i];
      const cut = listsCutTo(item, length, depth + 1);
      if (cut !== item) (out ??= [...kept])[i] = cut;
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    const cut = listsCutTo(item, length, depth + 1);
    // Defined, not assigned: a body's own "__proto__" key is a field like any other.
    if (cut !== item) Object.defineProperty((out ??= { ...(value as Record<string, unknown>) }), key, { value: cut, enumerable: true, writable: true, configurable: true });
  }
  return (out ?? value) as T;
}

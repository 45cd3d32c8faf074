import { clip } from './clip.js';
import { formatPath } from './format-issues.js';

/**
 * How deep parsed JSON may nest. `JSON.parse` nests without limit, but `JSON.stringify` and every
 * recursive walk after it (validation, translation, redaction) overflow the stack somewhere past
 * a few thousand levels, which turned a hostile body into a 500. No API body needs more than a
 * few dozen levels (OpenAI and Anthropic cap structured-output schemas at 10), so 128 leaves room.
 */
export const MAX_JSON_DEPTH = 128;

// Nesting needs one '{' or '[' per level: text holding at most `limit` of them cannot be too
// deep, and counting them is native memchr work, so ordinary bodies skip the walk.
const OPENING = ['{', '['] as const;

function bracketsAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of OPENING) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) if (++count > limit) return false;
  }
  return true;
}

/**
 * Where `value` (parsed from `text`) nests deeper than `limit` objects and arrays, as a path such
 * as `messages[0].content`, or undefined when it does not. Any depth is safe to check: the walk
 * stops one level past the limit.
 *
 * @example tooDeep(JSON.parse('{"a":[[1]]}'), '{"a":[[1]]}', 2) // 'a[0]'  (the third level, past the limit of 2)
 */
export function tooDeep(value: unknown, text: string, limit = MAX_JSON_DEPTH): string | undefined {
  if (bracketsAtMost(text, limit)) return undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const path = firstTooDeep(value, 1, limit, []);
  // The path to the first level past the limit, shortened: it is as long as the limit.
  return path === undefined ? undefined : clip(formatPath(path), 80);
}

/**
 * The keys down to the first object or array (in document order) deeper than `limit`. Recursive,
 * yet safe at any depth: it goes no deeper than `limit + 1` frames. It replaced a walk with a
 * frame object and a list of keys for every node, which spent 0.4-0.5 s on a body of 200,000
 * text parts (7.8 MB) where this spends 10-100 ms.
 */
function firstTooDeep(node: object, depth: number, limit: number, path: (string | number)[]): (string | number)[] | undefined {
  if (depth > limit) return path;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (child === null || typeof child !== 'object') continue;
      path.push(i);
      if (firstTooDeep(child, depth + 1, limit, path)) return path;
      path.pop();
    }
    return undefined;
  }
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    const child: unknown = (node as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    path.push(key);
    if (firstTooDeep(child, depth + 1, limit, path)) return path;
    path.pop();
  }
  return undefined;
}

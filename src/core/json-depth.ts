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

interface Frame {
  value: object;
  depth: number;
  key: string | number | undefined;
  parent: Frame | undefined;
}

// The path to the first level past the limit, shortened: it is as long as the limit.
function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.push(at.key);
  const path = formatPath(keys.reverse());
  return clip(path, 80);
}

/**
 * Where `value` (parsed from `text`) nests deeper than `limit` objects and arrays, as a path such
 * as `messages[0].content`, or undefined when it does not. Walks with its own stack, so any
 * depth is safe to check.
 *
 * @example tooDeep(JSON.parse('{"a":[[1]]}'), '{"a":[[1]]}', 2) // 'a[0]'  (the third level, past the limit of 2)
 */
export function tooDeep(value: unknown, text: string, limit = MAX_JSON_DEPTH): string | undefined {
  if (bracketsAtMost(text, limit)) return undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const stack: Frame[] = [{ value, depth: 1, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > limit) return pathOf(frame);
    const node = frame.value;
    // Children go on in reverse, so the walk meets them (and reports the first too deep) in document order.
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child: unknown = (node as Record<string | number, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: frame.depth + 1, key, parent: frame });
    }
  }
  return undefined;
}

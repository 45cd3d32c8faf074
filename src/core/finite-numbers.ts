import { describeValue, formatPath } from './format-issues.js';

interface Frame {
  value: unknown;
  key: string | number | undefined;
  parent: Frame | undefined;
}

/**
 * The first number in parsed JSON that is not finite, with its path such as `metadata.n` below
 * `base` (`(root)` for the value itself), or undefined when every number is finite.
 * `JSON.parse` reads a literal past ±1.8e308 (`1e999`, 400 digits) as ±Infinity and
 * `JSON.stringify` writes that back as `null`, so a stored value would silently change, and a
 * limit or price read from it would bound nothing. Walks with its own stack, in document order
 * (parsed JSON may nest deep).
 *
 * @example firstNonFinite(JSON.parse('{"a":[1,{"b":1e999}],"c":-1e999}')) // { path: 'a[1].b', value: Infinity }
 */
export function firstNonFinite(value: unknown, base: readonly (string | number)[] = []): { path: string; value: number } | undefined {
  const stack: Frame[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.value;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return { path: pathOf(frame, base), value: node };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    // Children go on in reverse, so the walk meets them in document order.
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child: unknown = (node as Record<string | number, unknown>)[key];
      if (typeof child === 'number' || (child !== null && typeof child === 'object')) stack.push({ value: child, key, parent: frame });
    }
  }
  return undefined;
}

function pathOf(frame: Frame, base: readonly (string | number)[]): string {
  const keys: (string | number)[] = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return formatPath([...base, ...keys.reverse()]);
}

/**
 * What is wrong with parsed JSON that holds a non-finite number, naming the field (below `base`)
 * and the value as read; undefined when it holds none.
 *
 * @example nonFiniteProblem({ budget: { usd: Infinity } }) // { path: 'budget.usd', message: 'budget.usd: Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML): send a finite number' }
 */
export function nonFiniteProblem(value: unknown, base: readonly (string | number)[] = []): { path: string; message: string } | undefined {
  const found = firstNonFinite(value, base);
  return found && { path: found.path, message: `${found.path}: ${describeValue(found.value)}: send a finite number` };
}

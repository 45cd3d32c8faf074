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
  const found = firstNonFiniteAt(value);
  return found && { path: formatPath([...base, ...found.keys]), value: found.value };
}

/**
 * `firstNonFinite` with the path as keys (for a schema's issue, which its parent's path prefixes).
 *
 * @example firstNonFiniteAt({ a: [1, 1e999] }) // { keys: ['a', 1], value: Infinity }
 */
export function firstNonFiniteAt(value: unknown): { keys: (string | number)[]; value: number } | undefined {
  const stack: Frame[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.value;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return { keys: keysOf(frame), value: node };
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

function keysOf(frame: Frame): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse();
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

/**
 * Whether parsed JSON holds a number that is not finite: `firstNonFiniteAt`'s test without its
 * bookkeeping, for the request path (a coding agent's 130 kB of tool schemas: about 50 µs, a third
 * of the walk that keeps each node's path, which runs only once this says there is one).
 *
 * @example hasNonFinite({ a: [1, 1e999] }) // true
 */
export function hasNonFinite(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    // x - x is 0 for every finite number, NaN for ±Infinity and NaN.
    if (typeof node === 'number') {
      if (node - node !== 0) return true;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (typeof child === 'number' ? child - child !== 0 : child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

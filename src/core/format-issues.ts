import { clip } from './clip.js';
import type { z } from 'zod';

/** `['models', 'resilient', 'fallbacks', 0, 'provider']` → `models.resilient.fallbacks[0].provider` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return clip(text, 57, '...');
}

/**
 * One line per problem: the path, what was expected, and the value that was there.
 *
 * @example formatIssues(error, raw) // ['server.port: expected number, got "eighty"']
 */
export function formatIssues(error: z.ZodError, raw: unknown): string[] {
  return error.issues.map((issue) => formatIssue(issue, raw));
}

type Issue = z.ZodError['issues'][number];

/**
 * A union mismatch ("a string or an array of parts") is explained by the branch that got
 * furthest into the value, or, when none did, by the list of shapes that would have done.
 */
function formatUnion(issue: Issue & { code: 'invalid_union' }, raw: unknown): string {
  const branches = (issue.errors ?? []) as Issue[][];
  const deepest = branches.flat().reduce<Issue | undefined>((best, sub) => (sub.path.length > (best?.path.length ?? 0) ? sub : best), undefined);
  if (deepest) return formatIssue({ ...deepest, path: [...issue.path, ...deepest.path] } as Issue, raw);
  const expected = [...new Set(branches.flat().flatMap((sub) => (sub.code === 'invalid_type' ? [sub.expected] : [])))];
  const value = valueAt(raw, issue.path);
  if (expected.length > 0) return `${formatPath(issue.path)}: expected ${expected.join(' or ')}, got ${describe(value)}`;
  return `${formatPath(issue.path)}: ${issue.message} (got ${describe(value)})`;
}

function formatIssue(issue: Issue, raw: unknown): string {
  if (issue.code === 'invalid_union') return formatUnion(issue, raw);
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  const value = valueAt(raw, issue.path);
  if (issue.code === 'invalid_type') return `${path}: expected ${issue.expected}, got ${describe(value)}`;
  if (issue.code === 'invalid_value') {
    return `${path}: ${describe(value)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${path}: ${issue.message} (got ${describe(value)})`;
}

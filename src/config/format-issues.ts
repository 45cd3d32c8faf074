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
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * One line per problem: the path, what was expected, and the value that was there.
 *
 * @example formatIssues(error, raw) // ['server.port: expected number, got "eighty"']
 */
export function formatIssues(error: z.ZodError, raw: unknown): string[] {
  return error.issues.map((issue) => {
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
  });
}

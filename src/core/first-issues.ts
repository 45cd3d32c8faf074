import type { z } from 'zod';

/** A problem as zod raises it, before its message is worded (that happens once, in the error that holds it). */
export type RawIssue = z.core.$ZodRawIssue;

/**
 * The problems zod finds in `value` before it stops at the first that ends a check: an empty list
 * when the value passes. The same early exit as `schema.validate()` (a list stops at its first
 * bad item, an object at its first bad field), keeping what it found rather than a bare `false`:
 * `safeParse` makes a problem object for every bad item of a list first, 5 s of the event loop
 * for a megabyte of `0,` in one list.
 *
 * A refinement's own issues do not stop the walk unless it marks them `continue: false`, as
 * `addIssuesOf` in core/wire-schemas.ts does while `walkingToFirstIssue()`.
 *
 * @example firstIssues(z.array(z.string()), ['a', 1, 2, 3])[0]?.path // [1]
 */
export function firstIssues(schema: z.ZodType, value: unknown): RawIssue[] {
  walks++;
  try {
    // `validate`'s own context (zod/v4/core/parse.js): sync, stopping before the next child once one failed.
    // zod's internal, not its API: `internalRunOf` checks it is still there, else the public path.
    const run = internalRunOf(schema);
    if (run) {
      const result = run({ value, issues: [] }, EARLY_EXIT);
      if (result instanceof Promise) throw new Error('firstIssues: the schema is async');
      if (Array.isArray((result as { issues?: unknown } | undefined)?.issues)) return result.issues;
    }
    // A zod that changed `_zod.run`: safeParse gives the same problems (every one, so slower on a
    // huge bad list), so answers stay right; first-issues.test.ts fails to say the fast path is gone.
    const parsed = schema.safeParse(value);
    return parsed.success ? [] : (parsed.error.issues as unknown as RawIssue[]);
  } finally {
    walks--;
  }
}

const EARLY_EXIT = { async: false, abortEarly: true } as const;

type Run = (payload: { value: unknown; issues: RawIssue[] }, context: typeof EARLY_EXIT) => { issues: RawIssue[] } | Promise<unknown>;

/**
 * zod's internal `schema._zod.run` (zod 4), bound, or undefined when this zod has none: what a
 * zod upgrade may rename. first-issues.test.ts checks it exists and stops early, naming the fix.
 */
export function internalRunOf(schema: z.ZodType): Run | undefined {
  const internals = (schema as { _zod?: { run?: unknown } })._zod;
  return typeof internals?.run === 'function' ? (internals.run.bind(internals) as Run) : undefined;
}
let walks = 0;

/**
 * Whether a `firstIssues` walk is under way: a refinement then marks its issues to stop it
 * (`continue: false`). Not always: a union whose every arm stopped is one "invalid_union" problem
 * where an arm that only carried a refinement's issues gave them as they are, so a full parse's
 * 400 names `messages[0].content[3].text`, not `messages[0].content`. (Refinements cannot see zod's
 * parse context; the walk is synchronous, so a count of walks under way is exact.)
 */
export function walkingToFirstIssue(): boolean {
  return walks > 0;
}

/**
 * The largest list index on the way to `issues` (within a union's failed arms too), 0 when none:
 * a view of the body with every list cut past it still holds the problem.
 *
 * @example deepestIndex([{ code: 'invalid_type', expected: 'object', input: 0, path: ['messages', 1, 'tool_calls', 700] }]) // 700
 */
export function deepestIndex(issues: readonly RawIssue[], depth = 0): number {
  let most = 0;
  for (const issue of issues) {
    for (const part of issue.path ?? []) if (typeof part === 'number' && part > most) most = part;
    if (issue.code === 'invalid_union' && depth < 32) for (const arm of issue.errors) most = Math.max(most, deepestIndex(arm as RawIssue[], depth + 1));
  }
  return most;
}

import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { firstIssues, internalRunOf } from './first-issues.js';

describe('firstIssues and the zod internal it relies on', () => {
  it("still finds zod's internal _zod.run and stops at the first bad item (else: update src/core/first-issues.ts to this zod's internal)", () => {
    const schema = z.array(z.number());
    const run = internalRunOf(schema);
    // If this fails after a zod upgrade, firstIssues has fallen back to safeParse: correct, but it
    // words a problem for every bad item (5 s for a megabyte of bad list items). Find zod's new
    // internal for `validate` with abortEarly (zod/v4/core/parse.js) and use it in internalRunOf.
    expect(run, "zod no longer has schema._zod.run: update internalRunOf in src/core/first-issues.ts").toBeTypeOf('function');
    const result = run?.({ value: ['a', 'b', 'c'], issues: [] }, { async: false, abortEarly: true }) as { issues: unknown[] };
    expect(result.issues, 'zod._zod.run no longer stops at the first bad item with abortEarly: update src/core/first-issues.ts').toHaveLength(1);
    expect(firstIssues(schema, ['a', 'b', 'c']).map((issue) => issue.path)).toEqual([[0]]);
  });

  it("falls back to the public safeParse when a zod has no _zod.run, with the same verdicts", () => {
    const real = z.object({ name: z.string(), n: z.number() });
    // A schema as a zod without that internal would hand it over: safeParse only.
    const without = { _zod: {}, safeParse: (value: unknown) => real.safeParse(value) } as unknown as z.ZodType;
    expect(internalRunOf(without)).toBeUndefined();
    expect(firstIssues(without, { name: 'a', n: 1 })).toEqual([]);
    expect(firstIssues(without, { name: 7, n: 1 }).map((issue) => [issue.code, issue.path])).toEqual([['invalid_type', ['name']]]);
  });
});

import { describe, expect, it } from 'vitest';
import { guardrailsSchema } from '../config/guardrails-schema.js';
import type { Call } from '../gateway/call.js';
import { guardScopeOf } from './guard-scope.js';

const policies = (care: string[]) => guardrailsSchema.parse({ policies: { care: { input: { banned_words: { words: care } } }, 'support-intent': { input: { banned_words: { words: ['refund'] } } } } }).policies;
const call = {} as Call;
const under = (name: string | undefined) => () => (name === undefined ? undefined : { name });

describe('guardScopeOf', () => {
  it("is '' for a call no policy applies to", () => {
    expect(guardScopeOf(policies(['secret']), under(undefined))(call)).toBe('');
  });

  it("names the call's policy with a 16-hex digest of what it says", () => {
    expect(guardScopeOf(policies(['secret']), under('care'))(call)).toMatch(/^care:[0-9a-f]{16}$/);
  });

  it('changes when the policy says something else, so answers it checked before are not served', () => {
    const before = guardScopeOf(policies(['secret']), under('care'))(call);
    expect(guardScopeOf(policies(['secret', 'password']), under('care'))(call)).not.toBe(before);
    expect(guardScopeOf(policies(['secret']), under('care'))(call)).toBe(before);
  });

  it("scopes a combined policy by each part's digest, and passes an unknown part through as named", () => {
    const scopeOf = guardScopeOf(policies(['secret']), under('care+support-intent+gone'));
    const [care, intent, gone] = scopeOf(call).split('+');
    expect(care).toBe(guardScopeOf(policies(['secret']), under('care'))(call));
    expect(intent).toMatch(/^support-intent:[0-9a-f]{16}$/);
    expect(gone).toBe('gone');
  });
});

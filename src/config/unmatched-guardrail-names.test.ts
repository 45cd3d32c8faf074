import { describe, expect, it } from 'vitest';
import { unmatchedGuardrailNames } from './validate-guardrails.js';

describe('unmatchedGuardrailNames', () => {
  const apply = { keys: { support: 'strict', suport: 'strict', later: 'strict' }, teams: { care: 'pii', ops: 'pii' }, routes: {} };

  it('notes the key and team names nothing carries yet, with the likely typo and how to create one', () => {
    const lines = unmatchedGuardrailNames(apply, ['support'], ['care']);
    expect(lines).toEqual([
      'guardrails.apply.keys.suport: no key named "suport" yet (did you mean "support"?); policy "strict" applies to it once it exists (switchyard keys create suport)',
      'guardrails.apply.keys.later: no key named "later" yet; policy "strict" applies to it once it exists (switchyard keys create later)',
      'guardrails.apply.teams.ops: no team "ops" yet; policy "pii" applies to its keys once there are some (switchyard keys create NAME --team ops)',
    ]);
  });

  it('says nothing once runtime keys and teams carry every name', () => {
    expect(unmatchedGuardrailNames(apply, ['support', 'suport', 'later'], ['care', 'ops'])).toEqual([]);
  });
});

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

  it('stays linear on a hostile config: past the first 50 unmatched names, no "did you mean"', () => {
    // 2,000 applied keys and teams, each a letter off one of 2,000 runtime names: 17 s before
    // (every name compared with every known one, twice), well under a second now.
    const many = (prefix: string) => Array.from({ length: 2000 }, (_, i) => `${prefix}-${i}`);
    const keys = Object.fromEntries(many('suport').map((name) => [name, 'strict']));
    const teams = Object.fromEntries(many('car').map((name) => [name, 'pii']));
    const started = performance.now();
    const lines = unmatchedGuardrailNames({ keys, teams, routes: {} }, many('support'), many('care'));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(lines).toHaveLength(4000);
    expect(lines[0]).toContain('(did you mean "support-0"?)');
    expect(lines.filter((line) => line.includes('did you mean'))).toHaveLength(50);
    expect(lines[3999]).toBe('guardrails.apply.teams.car-1999: no team "car-1999" yet; policy "pii" applies to its keys once there are some (switchyard keys create NAME --team car-1999)');
  });
});

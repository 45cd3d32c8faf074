import { describe, expect, it } from 'vitest';
import { unmatchedGuardrailNames } from './validate-guardrails.js';
import { cpuMs } from '../test-support/cpu-clock.js';

describe('unmatchedGuardrailNames', () => {
  const apply = { keys: { support: 'strict', suport: 'strict', later: 'strict' }, teams: { care: 'pii', ops: 'pii' }, routes: {} };

  it('notes the key and team names nothing carries yet in one line, with the likely typo and how to create one', () => {
    // Before 2026-12-07: a line per name, so 4,000 applied names printed 4,000 notes at startup.
    expect(unmatchedGuardrailNames(apply, ['support'], ['care'])).toBe(
      'guardrails.apply names 3 keys or teams nothing carries yet: keys suport (did you mean "support"?), later; teams ops. Their policies apply once they exist (switchyard keys create NAME, or --team TEAM)',
    );
  });

  it('says nothing once runtime keys and teams carry every name', () => {
    expect(unmatchedGuardrailNames(apply, ['support', 'suport', 'later'], ['care', 'ops'])).toBeUndefined();
  });

  it('stays linear and one bounded line on a hostile config: 20 names listed, the rest counted', () => {
    // 2,000 applied keys and teams, each a letter off one of 2,000 runtime names: 17 s before
    // (every name compared with every known one, twice), well under a second now.
    const many = (prefix: string) => Array.from({ length: 2000 }, (_, i) => `${prefix}-${i}`);
    const keys = Object.fromEntries(many('suport').map((name) => [name, 'strict']));
    const teams = Object.fromEntries(many('car').map((name) => [name, 'pii']));
    const started = cpuMs();
    const line = unmatchedGuardrailNames({ keys, teams, routes: {} }, many('support'), many('care')) ?? '';
    expect(cpuMs() - started).toBeLessThan(5000);
    expect(line).toMatch(/^guardrails\.apply names 4,000 keys or teams nothing carries yet: keys suport-0 \(did you mean "support-0"\?\), /);
    expect(line).toContain('suport-19 (did you mean "support-19"?) and 3,980 more');
    expect(line).not.toContain('suport-20');
    expect(line.length).toBeLessThan(2000);
  });
});

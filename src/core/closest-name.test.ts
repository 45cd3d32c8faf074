import { describe, expect, it } from 'vitest';
import { closestName } from './format-issues.js';

describe('the name a typo meant', () => {
  it('still finds a short typo, a doubled letter typed once and a missing unit', () => {
    expect(closestName('prot', ['host', 'port'])).toBe('port');
    expect(closestName('bilin', ['billing', 'support'])).toBe('billing');
    expect(closestName('timeout', ['timeout_ms'])).toBe('timeout_ms');
  });

  it('compares no name past 256 characters: a config of 200 such names, each key naming one a letter off, took 248 s to refuse', () => {
    const long = 'm'.repeat(1_000);
    expect(closestName(`${long}z`, [long])).toBeUndefined();
    expect(closestName('m', [long])).toBeUndefined();
  });

  it('takes at most 10 edits, whatever the length (a third of 60 characters allowed 20)', () => {
    const name = 'abcdefghij'.repeat(6);
    const eleven = `${'X'.repeat(11)}${name.slice(11)}`;
    const ten = `${'X'.repeat(10)}${name.slice(10)}`;
    expect(closestName(name, [eleven])).toBeUndefined();
    expect(closestName(name, [ten])).toBe(ten);
  });
});

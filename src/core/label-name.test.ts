import { describe, expect, it } from 'vitest';
import { assertLabelName, labelNameProblem } from './label-name.js';

describe('key and team names', () => {
  it('take letters and digits of any script, with ".", "_" and "-", up to 100 characters', () => {
    for (const name of ['support-web', 'team_1.eu', 'équipe-paris', 'ключ', '営業部', 'नमस्ते', '7eleven', 'a'.repeat(100), `${'é'.repeat(99)}x`]) {
      expect(labelNameProblem('team', name), name).toBeUndefined();
    }
  });

  it('refuse what a label in a URL, a YAML key, a metric or a command line cannot carry, naming the field and the value', () => {
    expect(labelNameProblem('team', 'ops team')).toBe('team must be 1–100 letters or digits (any script), ".", "_" or "-", starting with a letter or digit; got "ops team"');
    expect(labelNameProblem('key name', 'web\r\nX-Injected: 1')).toMatch(/^key name must be .*; got "web\\r\\nX-Injected: 1"$/);
    for (const name of ['', '-leading', '.hidden', 'a/b', 'a"b', 'tab\there', 'rtl\u202Eoverride', 'zero\u200Bwidth', 'a'.repeat(101), '🙂']) {
      expect(labelNameProblem('team', name), JSON.stringify(name)).toBeDefined();
    }
    // A 10,000-character name is named cut, not carried whole into the message.
    expect(labelNameProblem('team', 'x'.repeat(10_000))?.length).toBeLessThan(250);
  });

  it('throw a 400 with the field as its param', () => {
    expect(() => assertLabelName('team name', 'a b', 'name')).toThrow(expect.objectContaining({ status: 400, param: 'name', message: expect.stringContaining('team name must be') }));
  });
});

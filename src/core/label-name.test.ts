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

  it('refuse a name written with separate accent marks (not NFC), naming the composed one to write', () => {
    // "équipe" as e + U+0301 and as é look alike; both were taken and were two teams.
    const decomposed = 'e\u0301quipe';
    expect(labelNameProblem('team', decomposed)).toBe(`team must be written with composed characters (Unicode NFC): got "${decomposed}", whose accents are separate marks and which would be a second name that looks like "équipe"; write "équipe"`);
    expect(labelNameProblem('team', 'équipe')).toBeUndefined();
    // Hangul written as its jamo is the same case.
    expect(labelNameProblem('team', '\u1100\u1161')).toContain('write "가"');
  });

  it('say how long a name over 100 characters is, as the message cuts it', () => {
    expect(labelNameProblem('team', 'a'.repeat(10_000))).toMatch(/got "a{100}…" \(10000 characters\)$/);
    expect(labelNameProblem('team', 'a b')).not.toContain('characters)');
  });

  it('throw a 400 with the field as its param', () => {
    expect(() => assertLabelName('team name', 'a b', 'name')).toThrow(expect.objectContaining({ status: 400, param: 'name', message: expect.stringContaining('team name must be') }));
  });
});

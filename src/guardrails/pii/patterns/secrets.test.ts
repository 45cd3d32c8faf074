import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import { describe, expect, it } from 'vitest';
import { detectSecrets, IGNORED_RULE, PRESET_RULE_MARKERS } from './secrets.js';

describe('secret detection', () => {
  it('knows a marker for every scanner of the pinned secretlint preset', () => {
    // A preset update that adds a rule must add its marker, or the prefilter would skip it.
    const scanners = rules.filter((r) => r.meta.type === 'scanner' && r.meta.id !== IGNORED_RULE).map((r) => r.meta.id);
    expect(scanners.sort()).toEqual(Object.keys(PRESET_RULE_MARKERS).sort());
  });

  it('cannot be switched off by a secretlint-disable comment in the prompt', () => {
    const text = '// secretlint-disable\ntoken ghp_1234567890abcdefghijABCDEFGHIJ123456';
    expect(detectSecrets(text).length).toBeGreaterThan(0);
  });

  it('finds known formats through the preset', () => {
    const text = 'slack xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJklmn and postgres://admin:s3cretpw@db.example.com:5432/app';
    const values = detectSecrets(text).map((f) => text.slice(f.start, f.end));
    expect(values).toContain('xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJklmn');
    expect(values.some((v) => v.includes('admin:s3cretpw'))).toBe(true);
  });

  it('flags long random tokens but not hashes, UUIDs or words', () => {
    expect(detectSecrets('key Qm9vdHN0cmFwOlNlY3JldEtleTk4NzY1NDMyMQx7').length).toBe(1);
    expect(detectSecrets('sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toEqual([]);
    expect(detectSecrets('id 123e4567-e89b-12d3-a456-426614174000')).toEqual([]);
    expect(detectSecrets('internationalization-and-localization-guide')).toEqual([]);
  });

  it('finds a random token wherever it starts and ends, next to shorter runs, with its = padding', () => {
    const token = 'aB3dE5fG7hJ9kL1mN2pQ4rS6'; // 24 characters, the shortest run checked
    const spans = (text: string) => detectSecrets(text).map((f) => [f.start, f.end]);
    for (let k = 0; k < 60; k += 1) {
      const text = `${'.'.repeat(k)}${token}${'.'.repeat(k % 7)}`;
      expect(spans(text)).toEqual([[k, k + 24]]);
      expect(spans(`${'.'.repeat(k)}${token.slice(1)}`)).toEqual([]); // 23 characters: too short
    }
    expect(spans(`short ${token} ${token}== end`)).toEqual([[6, 30], [31, 57]]);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const long = Array.from({ length: 600 }, (_, i) => letters[(i * 37 + ((i * i) % 11)) % letters.length]).join('');
    expect(spans(`go ${long}`)).toEqual([[3, 515]]); // checked up to 512 characters
  });

  it("reads every ':' and '=' for credential assignments", () => {
    const text = 'a=b, time 10:30, password: hunter2xyz9 and api_key=abcdEFGH1234; x:y';
    expect(detectSecrets(text).map((f) => text.slice(f.start, f.end))).toEqual(['hunter2xyz9', 'abcdEFGH1234']);
  });
});

describe('entropy rule on encoded text', () => {
  it('reads base64 of a sentence as no key, base64 of random bytes or of a credential pair still a secret', () => {
    const sentence = Buffer.from('Hello, how are you today?').toString('base64');
    expect(detectSecrets(`What does this base64 say? ${sentence}`)).toEqual([]);
    const random = Buffer.from(Array.from({ length: 30 }, (_, i) => (i * 97 + 31) % 256)).toString('base64');
    expect(detectSecrets(`token ${random}`).length).toBe(1);
    const credential = Buffer.from('svc_deploy:Xk93mPq2Lw8vRt').toString('base64');
    expect(detectSecrets(`creds ${credential}`).length).toBe(1);
  });
});

describe('entropy rule on readable names', () => {
  it('reads a branch or file name of words and numbers as no key, a random token still a secret', () => {
    const branch = 'git checkout -b feature/JIRA-4471-login-fix';
    expect(detectSecrets(branch)).toEqual([]);
    const key = 'zR8vLq2NwX5pT9kY3mB7cH4jF6dG1sA0';
    const text = `the token ${key} leaked`;
    expect(detectSecrets(text).map((f) => text.slice(f.start, f.end))).toEqual([key]);
  });
});

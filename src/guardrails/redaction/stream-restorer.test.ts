import { describe, expect, it } from 'vitest';
import { createStreamRestorer } from './stream-restorer.js';
import { createVault } from './vault.js';

function vaultWith(): ReturnType<typeof createVault> {
  const vault = createVault();
  vault.placeholderFor('PERSON', 'Ann "Jo" O\\Neil');
  vault.placeholderFor('EMAIL', 'ann@example.com');
  return vault;
}

describe('createStreamRestorer', () => {
  const text = 'Hi <PERSON_1>, I wrote to <EMAIL_1> < soon <';
  const expected = 'Hi Ann "Jo" O\\Neil, I wrote to ann@example.com < soon <';

  it('restores a placeholder split at every position into two chunks', () => {
    for (let cut = 0; cut <= text.length; cut += 1) {
      const r = createStreamRestorer(vaultWith());
      const out = r.push(text.slice(0, cut)) + r.push(text.slice(cut)) + r.flush();
      expect(out, `cut at ${cut}`).toBe(expected);
    }
  });

  it('restores when every character arrives in its own chunk', () => {
    const r = createStreamRestorer(vaultWith());
    let out = '';
    for (const ch of text) out += r.push(ch);
    expect(out + r.flush()).toBe(expected);
  });

  it('holds back only a possible placeholder prefix', () => {
    const r = createStreamRestorer(vaultWith());
    expect(r.push('Dear <PERS')).toBe('Dear ');
    expect(r.push('ONAL> friend')).toBe('<PERSONAL> friend');
  });

  it('escapes restored values inside streamed tool-call arguments at every split', () => {
    const args = '{"to":"<PERSON_1>","cc":"<EMAIL_1>"}';
    for (let cut = 0; cut <= args.length; cut += 1) {
      const r = createStreamRestorer(vaultWith(), { json: true });
      const out = r.push(args.slice(0, cut)) + r.push(args.slice(cut)) + r.flush();
      expect(JSON.parse(out), `cut at ${cut}`).toEqual({ to: 'Ann "Jo" O\\Neil', cc: 'ann@example.com' });
    }
  });
});

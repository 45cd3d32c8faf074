import { describe, expect, it } from 'vitest';
import { fingerprintSecret } from '../../limits/keys.js';
import { invalidApiKey } from './authenticate.js';

describe('the 401 for a key the gateway does not take', () => {
  it('says a revoked key was revoked, and when, naming the key but no part of the secret', () => {
    const message = invalidApiKey('sk-sy-revoked', { name: 'sales-bot', why: 'revoked', at: Date.UTC(2026, 11, 5, 20, 32, 7) }).message;
    expect(message).toBe(`invalid API key (fingerprint ${fingerprintSecret('sk-sy-revoked')}): key "sales-bot" was revoked at 2026-12-05T20:32:07.000Z; ask the gateway's admin for a new key`);
    expect(message).not.toContain('sk-sy');
  });

  it("says a rotation's old secret was replaced, and when its grace ended", () => {
    expect(invalidApiKey('sk-sy-old', { name: 'ml-bot', why: 'rotated', at: Date.UTC(2026, 11, 5, 21) }).message).toBe(
      `invalid API key (fingerprint ${fingerprintSecret('sk-sy-old')}): this is the previous secret of key "ml-bot", replaced by a rotation whose grace period ended at 2026-12-05T21:00:00.000Z; use the key's new secret`,
    );
  });

  it('keeps the general message for a secret that was never a key', () => {
    expect(invalidApiKey('sk-sy-guess').message).toBe(
      `invalid API key (fingerprint ${fingerprintSecret('sk-sy-guess')}): it is not a virtual key of this gateway; send the secret of a key in the config's keys: or of one made with switchyard keys create NAME (shown once)`,
    );
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, openSealed, sealingKeyFromEnv, sealSecret } from './seal.js';

describe('sealed secrets', () => {
  const key = randomBytes(32);

  it('round-trips, never shows the secret, and differs every time', () => {
    const a = sealSecret('sk-live-abc123', key, 'provider:openai');
    const b = sealSecret('sk-live-abc123', key, 'provider:openai');
    expect(isSealed(a)).toBe(true);
    expect(a).not.toContain('sk-live');
    expect(a).not.toBe(b);
    expect(openSealed(a, key, 'provider:openai')).toBe('sk-live-abc123');
  });

  it('refuses another key, another provider and any altered byte', () => {
    const sealed = sealSecret('sk-live-abc123', key, 'provider:openai');
    expect(() => openSealed(sealed, randomBytes(32), 'provider:openai')).toThrow(/does not open with the key in SWITCHYARD_SECRET_KEY \(fingerprint [0-9a-f]{8}\)/);
    expect(() => openSealed(sealed, key, 'provider:anthropic')).toThrow(/does not open/);
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(() => openSealed(flipped, key, 'provider:openai')).toThrow(/does not open/);
  });

  it('reads the key from the environment as base64 or hex, and says how to make one', () => {
    expect(sealingKeyFromEnv({ SWITCHYARD_SECRET_KEY: key.toString('base64') })?.equals(key)).toBe(true);
    expect(sealingKeyFromEnv({ SWITCHYARD_SECRET_KEY: key.toString('hex') })?.equals(key)).toBe(true);
    expect(sealingKeyFromEnv({})).toBeUndefined();
    expect(() => sealingKeyFromEnv({ SWITCHYARD_SECRET_KEY: 'short' })).toThrow('make one with: openssl rand -base64 32');
  });
});

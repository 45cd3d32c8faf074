import { describe, expect, it } from 'vitest';
import { hashKey, KeyRegistry, presentedSecret, toRateLimit, toVirtualKey, unreadKey } from './keys.js';

describe('KeyRegistry', () => {
  const key = toVirtualKey({ key: 'sk-sy-limited', name: 'limited', models: ['small'] });

  it('finds keys by the hash of their secret and keeps no secret', () => {
    const registry = new KeyRegistry([key]);
    expect(registry.find('sk-sy-limited')?.name).toBe('limited');
    expect(registry.find('sk-sy-limited')?.models?.has('small')).toBe(true);
    expect(registry.find('sk-sy-other')).toBeUndefined();
    expect(JSON.stringify(key)).not.toContain('sk-sy-limited');
    expect(registry.open).toBe(false);
    expect(new KeyRegistry([]).open).toBe(true);
  });

  it('serves runtime keys, honours a rotation’s grace period, and stays closed once a key was ever created', () => {
    let now = 1_000;
    const registry = new KeyRegistry([], [{ name: 'red', budget: { usd: 5, period: 'total' }, source: 'config' }], () => now);
    expect(registry.open).toBe(true);
    const stored = {
      name: 'ci',
      hash: hashKey('sk-sy-new'),
      prefix: 'sk-sy-new',
      team: 'red',
      models: null,
      budget: null,
      rateLimit: null,
      createdAt: 0,
      previousHash: hashKey('sk-sy-old'),
      previousValidUntil: 2_000,
      olderSecrets: [],
      rotatedAt: 500,
      revokedAt: null,
    };
    registry.replaceStored([stored], []);
    expect(registry.find('sk-sy-new')).toMatchObject({ name: 'ci', source: 'store', teamBudget: { usd: 5, period: 'total' } });
    expect(registry.find('sk-sy-old')?.name).toBe('ci');
    now = 2_000;
    expect(registry.find('sk-sy-old')).toBeUndefined();
    registry.replaceStored([{ ...stored, revokedAt: 1_500 }], []);
    expect(registry.find('sk-sy-new')).toBeUndefined();
    expect(registry.open).toBe(false);
    expect(registry.runtimeCount).toBe(0);
  });

  it('says whose a refused secret was and since when (for the 401): a revoked key, or a rotation\'s old secret once its grace is over', () => {
    let now = 1_000;
    const registry = new KeyRegistry([], [], () => now);
    const stored = { name: 'ci', hash: hashKey('sk-sy-new'), prefix: 'sk-sy-new', team: null, models: null, budget: null, rateLimit: null, createdAt: 0, previousHash: hashKey('sk-sy-old'), previousValidUntil: 2_000, olderSecrets: [], rotatedAt: 500, revokedAt: null };
    registry.replaceStored([stored], []);
    // In its grace the old secret is served, so it is not retired yet.
    expect(registry.retiredSecret('sk-sy-old')).toBeUndefined();
    now = 2_000;
    const oldRefused = registry.retiredSecret('sk-sy-old');
    expect(oldRefused).toEqual({ name: 'ci', why: 'rotated', at: 2_000 });
    // Revoked during a grace: both secrets are the revoked key's.
    now = 1_000;
    registry.replaceStored([{ ...stored, revokedAt: 1_500 }], []);
    for (const secret of ['sk-sy-new', 'sk-sy-old']) expect(registry.retiredSecret(secret)).toEqual({ name: 'ci', why: 'revoked', at: 1_500 });
    // A secret that was never a key's is nobody's.
    expect(registry.retiredSecret('sk-sy-guess')).toBeUndefined();
  });

  it('gives every key of a team the team’s rate limit, config-file and runtime keys alike', () => {
    const teams = [{ name: 'red', budget: null, rateLimit: toRateLimit({ requests_per_minute: 600 }), source: 'config' as const }];
    const registry = new KeyRegistry([toVirtualKey({ key: 'sk-sy-config', name: 'a', team: 'red' }), toVirtualKey({ key: 'sk-sy-alone', name: 'b' })], teams);
    const runtime = { name: 'c', hash: hashKey('sk-sy-runtime'), prefix: 'sk-sy-run', team: 'red', models: null, budget: null, rateLimit: null, createdAt: 0, previousHash: null, previousValidUntil: null, olderSecrets: [], rotatedAt: null, revokedAt: null };
    registry.replaceStored([runtime], []);
    expect(registry.find('sk-sy-config')?.teamRateLimit).toEqual({ requestsPerMinute: 600, tokensPerMinute: null });
    expect(registry.find('sk-sy-runtime')?.teamRateLimit).toEqual({ requestsPerMinute: 600, tokensPerMinute: null });
    expect(registry.find('sk-sy-alone')?.teamRateLimit).toBeNull();
    expect(toRateLimit(undefined)).toBeNull();
  });

  it('reads the secret from either SDK header style', () => {
    expect(presentedSecret({ authorization: 'Bearer sk-a' })).toBe('sk-a');
    expect(presentedSecret({ authorization: 'bearer sk-a ' })).toBe('sk-a');
    expect(presentedSecret({ 'x-api-key': 'sk-b' })).toBe('sk-b');
    expect(presentedSecret({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedSecret({})).toBeUndefined();
  });

  it('says why the headers held no key the gateway reads, naming a scheme or header and never any part of the key', () => {
    expect(unreadKey({ authorization: 'sk-sy-support-team' })).toBe('the Authorization header holds a key without the "Bearer " scheme in front of it');
    expect(unreadKey({ authorization: 'Token sk-sy-support-team' })).toBe('the Authorization header uses the "Token" scheme, which the gateway does not read');
    expect(unreadKey({ authorization: 'Basic c2stc3k6' })).toContain('"Basic" scheme');
    // A key with a space in it is not a scheme: none of it is echoed.
    expect(unreadKey({ authorization: 'sk-sy-team extra' })).not.toContain('sk-sy');
    expect(unreadKey({ authorization: 'Bearer' })).toContain('"Bearer" with no key after it');
    expect(unreadKey({ authorization: 'bearer   ' })).toContain('"Bearer" with no key after it');
    // A header presentedSecret reads, or none: nothing to say.
    expect(unreadKey({ authorization: 'Bearer sk-a' })).toBeUndefined();
    expect(unreadKey({ authorization: '' })).toBeUndefined();
    expect(unreadKey({})).toBeUndefined();
    // Another API's key header: named, as the Authorization header's mistakes are.
    expect(unreadKey({ 'api-key': 'sk-sy-a' })).toBe('the key is in an "api-key" header (Azure OpenAI\'s), which the gateway does not read');
    expect(unreadKey({ 'x-portkey-api-key': 'sk-sy-a' })).toContain('the key is in "x-portkey-api-key" (the portkey-ai SDK\'s apiKey)');
    expect(unreadKey({ 'x-goog-api-key': 'sk-sy-a' })).toContain('reads on the Gemini API\'s paths only');
  });
});

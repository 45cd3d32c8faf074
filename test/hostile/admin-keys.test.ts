import { describe, expect, it } from 'vitest';
import { parseNewKey } from '../../src/limits/key-input.js';
import { KeyManager } from '../../src/limits/manage-keys.js';
import { ProviderCredentials } from '../../src/limits/provider-credentials.js';
import { unknownModelWarnings } from '../../src/limits/unknown-models.js';
import { forEachBackend } from '../../src/store/contract/backends.js';

/**
 * Hostile values in the admin API's key and credential bodies (helper hostile6): a fraction of a
 * millisecond of grace (a 500 on PostgreSQL), a key naming 10,000 models (a 2.9 MB answer and a
 * 590 kB key list), a 5,000-character provider in a credential URL (echoed whole).
 */
forEachBackend((backend) => {
  it('a rotation with a grace of 0.0001 s or 1.5 s is stored to the millisecond', async () => {
    const stores = await backend.fresh();
    let clock = 1_796_379_375_000;
    const manager = new KeyManager(stores.keys, new Set(), () => clock);
    await manager.create({ name: 'ci', team: null, models: null, budget: null, rateLimit: null });
    expect((await manager.rotate('ci', 0.1)).key.previousValidUntil).toBe(clock);
    clock += 10;
    expect((await manager.rotate('ci', 1_500.4)).key.previousValidUntil).toBe(clock + 1_500);
  });
});

describe('a rotation whose grace is out of range', () => {
  it('is refused in the seconds the client sent (it said "got -5000 ms" to grace_seconds: -5)', async () => {
    const manager = new KeyManager({} as never);
    await expect(manager.rotate('ci', -5_000)).rejects.toThrow('grace_seconds must be from 0 to 2592000 (30 days), got -5');
    await expect(manager.rotate('ci', 2_592_001_000)).rejects.toThrow('grace_seconds must be from 0 to 2592000 (30 days), got 2592001');
    await expect(manager.rotate('ci', 1e308 * 1000)).rejects.toThrow('grace_seconds must be from 0 to 2592000 (30 days), got a number past 1e305');
  });
});

describe('a new key\'s models', () => {
  it('are at most 1,000 names of at most 256 characters, each refusal naming the field', () => {
    const many = Array.from({ length: 1_001 }, (_, i) => `m${i}`);
    expect(() => parseNewKey({ name: 'many', models: many })).toThrow(/^models: must have at most 1000 items/);
    expect(() => parseNewKey({ name: 'long', models: ['x'.repeat(257)] })).toThrow(/^models\[0\]: must have at most 256 characters/);
    expect(parseNewKey({ name: 'fine', models: many.slice(0, 1_000) }).models).toHaveLength(1_000);
  });

  it('warn about ten unknown names and count the rest in one line', () => {
    const warnings = unknownModelWarnings('bot', Array.from({ length: 1_000 }, (_, i) => `m${i}`), ['small'], 'sy.yaml');
    expect(warnings).toHaveLength(11);
    expect(warnings[10]).toBe('key "bot" may use 990 more models that are not models or routes of sy.yaml');
    expect(unknownModelWarnings('bot', ['smal', 'small'], ['small'], 'sy.yaml')).toEqual(['key "bot" may use "smal", which is not a model or route of sy.yaml (known: small); calls for it are answered 404 there']);
  });
});

forEachBackend((backend) => {
  it('a credential for a 5,000-character provider is a 404 quoting it to 100 characters', async () => {
    const stores = await backend.fresh();
    const credentials = new ProviderCredentials(stores.keys, undefined, new Set(['sim-openai']));
    const error = await credentials.set('x'.repeat(5_000), 'sk-test-123456789').catch((e: Error) => e);
    expect((error as Error).message).toBe(`no provider "${'x'.repeat(100)}…" is configured (configured: sim-openai)`);
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import type { ProviderConfig } from '../../config/schema.js';
import { createProvider } from '../../providers/registry.js';
import type { VirtualKey } from '../../limits/keys.js';
import { ModelCatalog } from '../../routing/catalog.js';
import { Call } from '../call.js';
import { UNKNOWN_MODEL, resolveModel } from './resolve-model.js';

const config = parseConfig('providers: { p: { type: openai, base_url: "http://127.0.0.1:1/v1" } }\nmodels: { small: { provider: p, model: m } }\nroutes: { support: { policy: static, target: small } }');
const catalog = new ModelCatalog(config, new Map([['p', createProvider('p', config.providers.p as ProviderConfig)]]));

function call(model: unknown): Call {
  const body = { model, messages: [] };
  return new Call({ endpoint: 'chat', format: 'openai', body, bodyText: JSON.stringify(body), signal: new AbortController().signal });
}

describe('resolveModel', () => {
  it('buckets names nobody configured, and bounds the name it echoes', async () => {
    const hostile = call('x'.repeat(100_000));
    const error = await (async () => resolveModel(catalog)(hostile, () => Promise.reject(new Error('not reached'))))().catch((e: Error) => e);
    expect(hostile.model).toBe(UNKNOWN_MODEL);
    expect((error as Error).message.length).toBeLessThan(300);
    // The trace keeps the name asked for, bounded like the message, for trace lists to show.
    expect(hostile.decisions).toEqual({ model: { requested: `${'x'.repeat(100)}…` } });
  });

  it('lists at most 20 configured names, each cut at 64 characters, and counts the rest', async () => {
    const names = ['m'.repeat(256), ...Array.from({ length: 300 }, (_, i) => `model-${i}`)];
    const models = Object.fromEntries(names.map((name) => [name, { provider: 'p', model: 'm' }]));
    const many = parseConfig(JSON.stringify({ providers: { p: { type: 'openai', base_url: 'http://127.0.0.1:1/v1' } }, models }));
    const big = new ModelCatalog(many, new Map([['p', createProvider('p', many.providers.p as ProviderConfig)]]));
    const error = await (async () => resolveModel(big)(call('gpt-9'), () => Promise.reject(new Error('not reached'))))().catch((e: Error) => e);
    const message = (error as Error).message;
    // Before: every name whole (12,700 characters with a 10 kB one, which the config now refuses).
    expect(message).toBe(`model "gpt-9" is not configured on this gateway (configured: ${'m'.repeat(64)}…, ${names.slice(1, 20).join(', ')} and 281 more: GET /v1/models lists them)`);
  });

  it('names the configured model a mistyped one most likely meant', async () => {
    const refused = async (name: string) => (await (async () => resolveModel(catalog)(call(name), () => Promise.reject(new Error('not reached'))))().catch((e: Error) => e)) as Error;
    expect((await refused('smal')).message).toBe('model "smal" is not configured on this gateway; did you mean "small"? (configured: small, support)');
    expect((await refused('suport')).message).toBe('model "suport" is not configured on this gateway; did you mean "support"? (configured: small, support)');
    // Nothing close: the list alone, as before.
    expect((await refused('gpt-9')).message).toBe('model "gpt-9" is not configured on this gateway (configured: small, support)');
    // Past 32 characters no search is made, however close the name: a client's string is unbounded.
    const withLong = parseConfig(`providers: { p: { type: openai, base_url: "http://127.0.0.1:1/v1" } }\nmodels: { ${'a'.repeat(34)}: { provider: p, model: m }, ${'b'.repeat(32)}: { provider: p, model: m } }`);
    const longCatalog = new ModelCatalog(withLong, new Map([['p', createProvider('p', withLong.providers.p as ProviderConfig)]]));
    const refusedBy = async (name: string) => (await (async () => resolveModel(longCatalog)(call(name), () => Promise.reject(new Error('not reached'))))().catch((e: Error) => e)) as Error;
    expect((await refusedBy('a'.repeat(33))).message).not.toContain('did you mean');
    expect((await refusedBy('b'.repeat(31))).message).toContain(`did you mean "${'b'.repeat(32)}"?`);
  });

  it("names the configured model behind a provider's model name, and reads past provider prefixes and date suffixes", async () => {
    // The README's Configuration names gpt-5.4-mini `small`; Quick start's snippets send `gpt-5.4-mini`.
    const named = parseConfig(
      'providers: { openai: { type: openai, base_url: "http://127.0.0.1:1/v1" } }\nmodels: { small: { provider: openai, model: gpt-5.4-mini }, split: { loadbalance: [ { provider: openai, model: gpt-5.4-mini }, { provider: openai, model: gpt-5.4 } ] }, claude-sonnet-4-6: { provider: openai, model: m } }',
    );
    const namedCatalog = new ModelCatalog(named, new Map([['openai', createProvider('openai', named.providers.openai as ProviderConfig)]]));
    const refused = async (name: string) => (await (async () => resolveModel(namedCatalog)(call(name), () => Promise.reject(new Error('not reached'))))().catch((e: Error) => e)) as Error;
    const list = '(configured: small, split, claude-sonnet-4-6)';
    expect((await refused('gpt-5.4-mini')).message).toBe(`model "gpt-5.4-mini" is not configured on this gateway; "gpt-5.4-mini" is the provider's name behind the configured models "small", "split": send one of those ${list}`);
    expect((await refused('gpt-5.4')).message).toBe(`model "gpt-5.4" is not configured on this gateway; "gpt-5.4" is the provider's name behind the configured model "split": send model "split" ${list}`);
    expect((await refused('openai/gpt-5.4')).message).toContain('"gpt-5.4" is the provider\'s name behind the configured model "split"');
    // OpenRouter's and LiteLLM's provider prefix, Anthropic's dated ids: the configured name they spell.
    expect((await refused('anthropic/claude-sonnet-4-6')).message).toContain('did you mean "claude-sonnet-4-6"?');
    expect((await refused('claude-sonnet-4-6-20260101')).message).toContain('did you mean "claude-sonnet-4-6"?');
    expect((await refused('claude-sonnet-4-6-latest')).message).toContain('did you mean "claude-sonnet-4-6"?');
    expect((await refused('gpt-9')).message).toBe(`model "gpt-9" is not configured on this gateway ${list}`);
  });

  it('records the name of an unknown model for the trace, and nothing for a configured one', async () => {
    const typo = call('smal');
    await (async () => resolveModel(catalog)(typo, () => Promise.reject(new Error('not reached'))))().catch(() => undefined);
    expect(typo.decisions).toEqual({ model: { requested: 'smal' } });
    const known = call('small');
    await (async () => resolveModel(catalog)(known, () => Promise.reject(new Error('next stage'))))().catch(() => undefined);
    expect(known.decisions).toBeNull();
  });

  it('names the route on a request its key may not send there, so the refused trace says what it asked for', async () => {
    const refused = call('support');
    refused.key = { id: 'ks_analytics', name: 'analytics', hash: 'h', team: null, models: new Set(['small']), budget: null, rateLimit: null } satisfies VirtualKey;
    const error = await (async () => resolveModel(catalog)(refused, () => Promise.reject(new Error('not reached'))))().catch((e: Error) => e);
    expect((error as Error).message).toBe('key "analytics" may not use model "support" (allowed: small)');
    expect(refused.model).toBe('support');
  });
});

import { describe, expect, it } from 'vitest';
import type { KeyStore } from './key-store.js';
import { checkedApiKey, ProviderCredentials } from './provider-credentials.js';

describe('ProviderCredentials.set', () => {
  it('refuses a provider the config lacks, naming the one a typo meant (it listed them only)', async () => {
    const untouched = {} as KeyStore;
    const credentials = new ProviderCredentials(untouched, undefined, new Set(['sim-openai', 'sim-anthropic']));
    await expect(credentials.set('sim-opeani', 'sk-test-123456789')).rejects.toThrow('no provider "sim-opeani" is configured; did you mean "sim-openai"? (configured: sim-openai, sim-anthropic)');
    await expect(credentials.set('azure', 'sk-test-123456789')).rejects.toThrow(/^no provider "azure" is configured \(configured: sim-openai, sim-anthropic\)$/);
  });
});

describe('an API key HTTP cannot carry', () => {
  // Stored, it failed every call three attempts as "broke the connection: invalid authorization
  // header": a zero-width space pasted with the key, a line break inside it, a NUL.
  it.each([
    ['a zero-width space', 'sk-live-\u200bsecret-value', 'holds the character U+200B at character 9'],
    ['a line break inside it', 'sk-live-secret\r\nvalue', 'holds a carriage return (\\r) at character 15'],
    ['a NUL', 'sk-live-\u0000secret-value', 'holds the control character U+0000 at character 9'],
  ])('%s is refused by set(), naming the character and never the key', async (_, value, problem) => {
    const untouched = {} as KeyStore;
    const credentials = new ProviderCredentials(untouched, Buffer.alloc(32), new Set(['openai']));
    const refused = await credentials.set('openai', value).then(() => undefined, (error: unknown) => error as Error & { status?: number; param?: string });
    expect(refused?.message).toBe(`"api_key" ${problem}: HTTP headers cannot carry it; paste the key again without it`);
    expect(refused?.message).not.toContain('secret');
    expect(checkedApiKey(` ${value.replace(/[\u200b\r\n\u0000]/g, '')}\n`)).toBe(value.replace(/[\u200b\r\n\u0000]/g, ''));
  });
});

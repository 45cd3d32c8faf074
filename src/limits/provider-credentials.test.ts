import { describe, expect, it } from 'vitest';
import type { KeyStore } from './key-store.js';
import { ProviderCredentials } from './provider-credentials.js';

describe('ProviderCredentials.set', () => {
  it('refuses a provider the config lacks, naming the one a typo meant (it listed them only)', async () => {
    const untouched = {} as KeyStore;
    const credentials = new ProviderCredentials(untouched, undefined, new Set(['sim-openai', 'sim-anthropic']));
    await expect(credentials.set('sim-opeani', 'sk-test-123456789')).rejects.toThrow('no provider "sim-opeani" is configured; did you mean "sim-openai"? (configured: sim-openai, sim-anthropic)');
    await expect(credentials.set('azure', 'sk-test-123456789')).rejects.toThrow(/^no provider "azure" is configured \(configured: sim-openai, sim-anthropic\)$/);
  });
});

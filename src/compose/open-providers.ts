/**
 * The providers, built with the credentials stored at runtime (admin API, sealed with
 * $SWITCHYARD_SECRET_KEY) over the config file's, and kept in step with the store: a credential
 * stored or deleted through any replica reaches this one at the next poll, without a restart.
 */
import type { Config, ProviderConfig } from '../config/schema.js';
import { sealingKeyFromEnv } from '../core/seal.js';
import type { Log } from '../core/log.js';
import type { KeyStore } from '../limits/key-store.js';
import { withProviderCredentials } from '../limits/provider-credentials.js';
import { createProvider } from '../providers/registry.js';
import type { ChatProvider } from '../providers/spec.js';

/** The config with the stored credentials opened into it, and which sealed value each provider got. */
export interface StoredCredentials {
  config: Config;
  applied: Map<string, string>;
}

/** Reads the credentials stored at runtime and opens them into the config (throws on one that cannot be opened). */
export async function withStoredCredentials(config: Config, keys: KeyStore): Promise<StoredCredentials> {
  const stored = await keys.credentials();
  return { config: withProviderCredentials(config, stored, sealingKeyFromEnv()), applied: new Map(stored.map((c) => [c.provider, c.sealed])) };
}

export interface OpenedProviders {
  providers: Map<string, ChatProvider>;
  /** Swaps a changed stored credential into its provider (KeySync calls it on each reload). */
  syncCredentials: () => Promise<void>;
}

/**
 * One provider per entry of the credentialed config, and the sync that keeps their credentials
 * in step. `fileProviders` are the config file's entries: a deleted stored credential falls back to them.
 */
export function openProviders(fileProviders: Config['providers'], { config, applied: appliedAtStart }: StoredCredentials, keys: KeyStore, log: Log): OpenedProviders {
  const providers = new Map<string, ChatProvider>(Object.entries(config.providers).map(([name, p]) => [name, createProvider(name, p)]));
  let applied = appliedAtStart;
  /**
   * A credential stored (or deleted) through any replica reaches this one's providers at the
   * same poll as key changes: the provider is built again with it and its headers swapped in.
   */
  const syncCredentials = async (): Promise<void> => {
    const stored = await keys.credentials();
    const current = new Map(stored.map((c) => [c.provider, c.sealed]));
    for (const name of new Set([...applied.keys(), ...current.keys()])) {
      if (applied.get(name) === current.get(name)) continue;
      const provider = providers.get(name);
      const base = fileProviders[name];
      if (!provider?.useCredentialsOf || !base) continue;
      try {
        const opened = withProviderCredentials({ ...config, providers: { [name]: base } }, stored.filter((c) => c.provider === name), sealingKeyFromEnv());
        const fresh = createProvider(name, opened.providers[name] as ProviderConfig);
        provider.useCredentialsOf(fresh);
        await fresh.close();
        log(`provider "${name}": now using ${current.has(name) ? 'the credential stored at runtime' : "the config file's credential"}`, { component: 'providers', provider: name });
      } catch (error) {
        log(`provider "${name}": the changed credential cannot be used, keeping the previous one: ${(error as Error).message}`, { level: 'error', component: 'providers', provider: name });
        current.set(name, applied.get(name) as string);
      }
    }
    applied = current;
  };
  return { providers, syncCredentials };
}

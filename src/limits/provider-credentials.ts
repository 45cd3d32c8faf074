import type { Config } from '../config/schema.js';
import { headerValueProblem } from '../config/header-text.js';
import { SwitchyardError } from '../core/errors.js';
import { quoteClipped } from '../core/clip.js';
import { closestName } from '../core/format-issues.js';
import { isSealed, openSealed, SEALING_KEY_ENV, sealSecret } from '../core/seal.js';
import type { KeyStore, StoredCredential } from './key-store.js';

/** What a person sees of a stored credential: never the value, sealed or not. */
export interface CredentialView {
  provider: string;
  hint: string;
  updatedAt: number;
}

/** The additional data a provider's credential is sealed with: it opens for that provider only. */
export const credentialContext = (provider: string): string => `provider:${provider}`;

/** The first 3 and last 3 characters, enough to tell two keys apart; nothing for short values. */
export const credentialHint = (value: string): string => (value.length >= 16 ? `${value.slice(0, 3)}…${value.slice(-3)}` : '…');

/**
 * A provider API key as given (API, `credentials set`, `credentials seal`), trimmed, or a 400 when
 * HTTP cannot send it: a zero-width space or a line break inside a pasted key was stored and failed
 * every call three attempts as "invalid authorization header". The key itself is never named.
 *
 * @example checkedApiKey(' sk-live-abc\n') // 'sk-live-abc'
 */
export function checkedApiKey(apiKey: string): string {
  const value = apiKey.trim();
  if (value === '' || apiKey.length > 4096) throw new SwitchyardError('invalid_request', '"api_key" must be a non-empty string of at most 4096 characters', { param: 'api_key' });
  const problem = headerValueProblem(value);
  if (problem) throw new SwitchyardError('invalid_request', `"api_key" ${problem}: HTTP headers cannot carry it; paste the key again without it`, { param: 'api_key' });
  return value;
}

function needKey(key: Buffer | undefined, what: string): Buffer {
  if (key) return key;
  throw new SwitchyardError('config_invalid', `${what} needs ${SEALING_KEY_ENV} (32 random bytes, base64): make one with "openssl rand -base64 32" and give every replica the same value`);
}

/**
 * Provider credentials added at runtime (admin API, CLI): sealed with AES-256-GCM under the key
 * in `$SWITCHYARD_SECRET_KEY` before they reach the store, and never returned in clear — only a
 * hint. Replicas open them when they start (`withProviderCredentials`) and when the store's
 * revision moves (the server's credential sync).
 *
 * @example await new ProviderCredentials(stores.keys, sealingKeyFromEnv(), new Set(['openai'])).set('openai', 'sk-live-…')
 */
export class ProviderCredentials {
  constructor(
    private readonly store: KeyStore,
    private readonly key: Buffer | undefined,
    /** Providers the config defines; a credential for any other would never be used. */
    private readonly providers?: ReadonlySet<string>,
    private readonly now: () => number = Date.now,
  ) {}

  async set(provider: string, apiKey: string): Promise<CredentialView> {
    if (this.providers && !this.providers.has(provider)) {
      const meant = provider.length <= 100 ? closestName(provider, [...this.providers]) : undefined;
      // Quoted to 100 characters, as an unknown key or team is: the name comes from the URL.
      throw new SwitchyardError('not_found', `no provider ${quoteClipped(provider)} is configured${meant ? `; did you mean "${meant}"?` : ''} (configured: ${[...this.providers].join(', ') || 'none'})`);
    }
    const value = checkedApiKey(apiKey);
    const sealed = sealSecret(value, needKey(this.key, 'storing a provider credential'), credentialContext(provider));
    const stored: StoredCredential = { provider, sealed, hint: credentialHint(value), updatedAt: this.now() };
    await this.store.putCredential(stored);
    return { provider, hint: stored.hint, updatedAt: stored.updatedAt };
  }

  async list(): Promise<CredentialView[]> {
    return (await this.store.credentials()).map(({ provider, hint, updatedAt }) => ({ provider, hint, updatedAt }));
  }

  async delete(provider: string): Promise<void> {
    await this.store.deleteCredential(provider);
  }
}

/**
 * The config with every provider's credential opened: a sealed `api_key` in the file
 * (`switchyard credentials seal`), replaced by a credential stored at runtime when there is one.
 * A sealed value with no key, or one that does not open, stops the start with a message that
 * says which provider and what to do.
 */
export function withProviderCredentials(config: Config, stored: readonly StoredCredential[], key: Buffer | undefined): Config {
  const providers = { ...config.providers };
  for (const [name, provider] of Object.entries(providers)) {
    if (provider.api_key && isSealed(provider.api_key)) {
      providers[name] = { ...provider, api_key: openSealed(provider.api_key, needKey(key, `providers.${name}.api_key is sealed: opening it`), credentialContext(name)) };
    }
  }
  for (const credential of stored) {
    const provider = providers[credential.provider];
    if (!provider) continue;
    providers[credential.provider] = { ...provider, api_key: openSealed(credential.sealed, needKey(key, `the store holds a sealed credential for provider "${credential.provider}": opening it`), credentialContext(credential.provider)) };
  }
  return { ...config, providers };
}

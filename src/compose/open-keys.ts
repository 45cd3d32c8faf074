/**
 * The virtual keys and teams in force (the config file's, and the ones created at runtime that
 * every replica polls from the store), and the admin API's managers of keys and credentials.
 */
import type { Config } from '../config/schema.js';
import { sealingKeyFromEnv } from '../core/seal.js';
import { type Log, withFields } from '../core/log.js';
import type { KeyStore } from '../limits/key-store.js';
import { KeySync } from '../limits/key-sync.js';
import { KeyRegistry, toRateLimit, toVirtualKey } from '../limits/keys.js';
import { KeyManager } from '../limits/manage-keys.js';
import { ProviderCredentials } from '../limits/provider-credentials.js';

export interface OpenedKeys {
  keys: KeyRegistry;
  /** Not started yet: `start()` loads the runtime keys (a replica must not serve without them). */
  keySync: KeySync;
  keyManager: KeyManager;
  credentials: ProviderCredentials;
}

/** What else rides the key poll: stored provider credentials on each reload, live local-model versions on each poll. */
export interface KeyPollHooks {
  onReload: () => Promise<void>;
  onPoll: () => Promise<void>;
}

/** Builds the key registry from the config and the sync, key manager and credential manager over the store. */
export function openKeys(config: Config, store: KeyStore, hooks: KeyPollHooks, log: Log): OpenedKeys {
  const keys = new KeyRegistry(
    config.keys.map(toVirtualKey),
    config.teams.map((team) => ({ name: team.name, budget: team.budget ?? null, rateLimit: toRateLimit(team.rate_limit), source: 'config' as const })),
  );
  const keySync = new KeySync(store, keys, { intervalMs: config.limits.keys_poll_ms, log: withFields(log, { component: 'key-sync' }), onReload: hooks.onReload, onPoll: hooks.onPoll });
  const keyManager = new KeyManager(store, new Set(config.keys.map((key) => key.name)), Date.now, new Set(config.teams.map((team) => team.name)));
  const credentials = new ProviderCredentials(store, sealingKeyFromEnv(), new Set(Object.keys(config.providers)));
  return { keys, keySync, keyManager, credentials };
}

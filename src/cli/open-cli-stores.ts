import { existsSync } from 'node:fs';
import { loadConfigFile } from '../config/load-config.js';
import { DEFAULT_SQLITE_PATH, type StoreConfig } from '../config/schema.js';
import { SwitchyardError } from '../core/errors.js';
import { openStores } from '../store/open-stores.js';
import type { Stores } from '../store/stores.js';

/**
 * The store a command works on: `--db` (a SQLite file or a postgres:// URL), else the `--config`
 * file's `store`, else `$SWITCHYARD_DB`, else the gateway's default file.
 *
 * @example storeConfigOf({ db: 'postgres://postgres@127.0.0.1/switchyard' }) // { postgres: 'postgres://…' }
 */
export function storeConfigOf(flags: { db?: string; config?: string }, env: Record<string, string | undefined> = process.env): StoreConfig {
  const named = flags.db ?? (flags.config ? undefined : env.SWITCHYARD_DB);
  if (named !== undefined) return /^postgres(ql)?:\/\//.test(named) ? { postgres: named } : { sqlite: named };
  if (flags.config) return loadConfigFile(flags.config, env).store;
  return { sqlite: DEFAULT_SQLITE_PATH };
}

/**
 * Opens the command's store, runs `work` with it and closes it however `work` ends. With
 * `existing`, a SQLite file that is not there is an error (a read command would otherwise
 * create an empty store and report nothing).
 *
 * @example await withStores(flags, (stores) => listDatasets(flags, stores.datasets));
 */
export async function withStores<T>(flags: { db?: string; config?: string }, work: (stores: Stores, store: StoreConfig) => Promise<T>, options: { existing?: boolean } = {}): Promise<T> {
  const store = storeConfigOf(flags);
  if (options.existing && 'sqlite' in store && !existsSync(store.sqlite)) {
    throw new SwitchyardError('not_found', `no store at ${store.sqlite}; start the gateway first (npm start) or pass --db FILE`);
  }
  const stores = await openStores(store);
  try {
    return await work(stores, store);
  } finally {
    await stores.close();
  }
}

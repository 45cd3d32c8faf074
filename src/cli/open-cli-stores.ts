import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SQLITE_PATH } from '../config/default-store.js';
import type { StoreConfig } from '../config/schema.js';
import { SwitchyardError } from '../core/errors.js';
import { openStores } from '../store/open-stores.js';
import type { Stores } from '../store/stores.js';

/**
 * The store a command works on: `--db` (a SQLite file or a postgres:// URL), else the `--config`
 * file's `store`, else `$SWITCHYARD_DB`, else the gateway's default file.
 *
 * @example await storeConfigOf({ db: 'postgres://postgres@127.0.0.1/switchyard' }) // { postgres: 'postgres://…' }
 */
export async function storeConfigOf(flags: { db?: string; config?: string }, env: Record<string, string | undefined> = process.env): Promise<StoreConfig> {
  const named = flags.db ?? (flags.config ? undefined : env.SWITCHYARD_DB);
  if (named !== undefined) return /^postgres(ql)?:\/\//.test(named) ? { postgres: named } : { sqlite: named };
  if (!flags.config) return { sqlite: DEFAULT_SQLITE_PATH };
  // Loaded only here: reading a config costs more than most commands. Only its store section is
  // checked: a problem elsewhere (a variable only the gateway's shell sets) is the gateway's.
  const { loadConfigSection } = await import('../config/load-config.js');
  return loadConfigSection(flags.config, 'store', env);
}

/**
 * Opens the command's store, runs `work` with it and closes it however `work` ends. With
 * `existing`, a SQLite file that is not there is an error (a read command would otherwise
 * create an empty store and report nothing).
 *
 * @example await withStores(flags, (stores) => listDatasets(flags, stores.datasets));
 */
export async function withStores<T>(flags: { db?: string; config?: string }, work: (stores: Stores, store: StoreConfig) => Promise<T>, options: { existing?: boolean } = {}): Promise<T> {
  const store = await storeConfigOf(flags);
  if (options.existing && 'sqlite' in store && !existsSync(store.sqlite)) {
    const how = flags.db ? '--db' : flags.config ? `the store of ${flags.config}` : process.env.SWITCHYARD_DB ? '$SWITCHYARD_DB' : 'the default: no --db, --config or $SWITCHYARD_DB';
    throw new SwitchyardError('not_found', `no store at ${resolve(store.sqlite)} (from ${how}); run this in the project folder, start the gateway there first (npm start), or pass --db FILE`);
  }
  // The gateway may be running on the same file: this process only reads and adds reviews, runs…
  const stores = await openStores(store, { writer: false });
  try {
    return await work(stores, store);
  } finally {
    await stores.close();
  }
}

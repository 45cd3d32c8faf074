/**
 * The storage ports on the configured backend (SQLite or PostgreSQL), as a server or an
 * in-process gateway opens them at start: waiting for a PostgreSQL that is still starting when
 * told to, and saying once when another replica migrated the schema past this version.
 */
import type { Config } from '../config/schema.js';
import type { Log } from '../core/log.js';
import { openStores } from '../store/open-stores.js';
import type { StartWait } from '../store/postgres/connect.js';
import { describeSchemaAhead } from '../store/schema-ahead.js';
import type { Stores } from '../store/stores.js';

/** Opens every store; `wait` bounds the wait for PostgreSQL (none: fail at once). */
export async function openStoresAtStart(store: Config['store'], wait: StartWait | undefined, log: Log): Promise<Stores> {
  const stores = await openStores(store, wait ? { wait } : {});
  // A replica rolled back (or not upgraded yet) on a schema a newer one migrated says so once.
  const aheadLine = describeSchemaAhead(stores.ahead ?? []);
  if (aheadLine) log(`store: ${aheadLine}`, { level: 'warn', component: 'store' });
  return stores;
}

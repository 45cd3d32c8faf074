import type { StoreConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { openSqliteStores } from './sqlite/open-sqlite-stores.js';
import type { Stores } from './stores.js';
import type { StartWait } from './postgres/connect.js';

export interface OpenStoresOptions {
  /** Time for ids and timestamps the stores make (reviews, dataset versions…). */
  clock?: Clock;
  /**
   * Whether this process writes traces (the gateway: yes, the default; a CLI command: no). An
   * embedded SQLite store's rollup upkeep at open runs only in the writer, whose buffered
   * aggregates another process must not rebuild under it.
   */
  writer?: boolean;
  /** How long to wait for a PostgreSQL that is not up yet (the gateway: 30 s; a CLI command: not at all). */
  wait?: StartWait;
}

/**
 * Opens every storage port on the configured backend, applying pending migrations: the one
 * place that picks an adapter. The PostgreSQL driver is loaded only when it is used.
 *
 * @example
 * const stores = await openStores(config.store); // { sqlite: FILE } or { postgres: URL }
 * const writer = new TraceWriter(traceSinks(stores), { batchSize: 128, flushIntervalMs: 100 });
 */
export async function openStores(config: StoreConfig, options: OpenStoresOptions = {}): Promise<Stores> {
  if ('postgres' in config) {
    const { openPostgresStores } = await import('./postgres/open-postgres-stores.js');
    return openPostgresStores(config.postgres, options);
  }
  return openSqliteStores(config.sqlite, options);
}

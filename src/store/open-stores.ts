import type { StoreConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { storeSink } from '../core/trace-store.js';
import { rollupSink } from '../monitor/rollup-store.js';
import { reviewSampler } from '../review/review-sampler.js';
import { signalSink } from '../monitor/signals/monitor-store.js';
import { openSqliteStores } from './sqlite/open-sqlite-stores.js';
import type { Stores } from './stores.js';
import type { TraceWriterSinks } from './trace-writer.js';

export interface OpenStoresOptions {
  /** Time for ids and timestamps the stores make (reviews, dataset versions…). */
  clock?: Clock;
  /**
   * Whether this process writes traces (the gateway: yes, the default; a CLI command: no). An
   * embedded SQLite store's rollup upkeep at open runs only in the writer, whose buffered
   * aggregates another process must not rebuild under it.
   */
  writer?: boolean;
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

/**
 * Where the trace writer sends each batch: the trace store first, then the rollups and the
 * review sampler (later: drift, metrics exporters).
 *
 * @example new TraceWriter(traceSinks(stores), { batchSize: 128, flushIntervalMs: 100 })
 */
export function traceSinks(stores: Pick<Stores, 'traces' | 'rollups' | 'reviews'> & Partial<Pick<Stores, 'monitor'>>): TraceWriterSinks {
  const derived = [rollupSink(stores.rollups), reviewSampler(stores.reviews)];
  // Signals for topics, drift, online evaluation and alerts, derived from each batch off the request path.
  if (stores.monitor) derived.push(signalSink(stores.monitor));
  return { store: storeSink(stores.traces), derived };
}

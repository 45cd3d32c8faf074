import type { TraceWriteStores } from '../stores.js';
import { compactDatabase, openDatabase } from './open-database.js';
import { SqliteAppSpanStore } from './sqlite-app-span-store.js';
import { SqliteMonitorStore } from './sqlite-monitor-store.js';
import { SqliteReviewStore } from './sqlite-review-store.js';
import { SqliteRollups } from './sqlite-rollups.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';

/**
 * The stores the trace-write thread writes, on a connection of its own to a file the gateway's
 * thread has opened and migrated (and whose rollup upkeep it did at open).
 *
 * @example const stores = openSqliteWriteStores('.switchyard/switchyard.db'); await stores.traces.insertTraces(batch);
 */
export function openSqliteWriteStores(path: string): TraceWriteStores {
  const db = openDatabase(path, []);
  // Statement journals and the indexer's temporary tables in memory, not in temporary files: a
  // batch's multi-row INSERT fires the search-queue trigger, so each statement journals the
  // pages it touches, and past 64 KiB that journal was written to a file (system calls on every
  // batch): the insert's CPU 1-3 µs per trace lower of ~20 (bench:trace-write). This connection
  // only writes batches, so what it keeps there is small.
  db.pragma('temp_store = MEMORY');
  const traces = new SqliteTraceStore(db);
  const rollups = new SqliteRollups(db, { upkeep: false });
  return {
    traces,
    rollups,
    reviews: new SqliteReviewStore(db),
    monitor: new SqliteMonitorStore(db),
    // Retention's statements run here too (TraceWriteThread.retentionStores), off the event loop.
    spans: new SqliteAppSpanStore(db),
    async compact(maxPages) {
      return compactDatabase(db, maxPages);
    },
    async settle() {
      // Hour and day rollups are buffered a few seconds: a flush makes them readable now.
      rollups.flushCoarse();
    },
    async close() {
      rollups.flushCoarse();
      // What this thread wrote is searchable through the index by the next process to open the file.
      if (traces.wroteTraces) traces.indexAll();
      db.close();
    },
  };
}

import type { TraceWriteStores } from '../stores.js';
import { openPool, parsePostgresUrl } from './connect.js';
import { PgMonitorStore } from './pg-monitor-store.js';
import { PgReviewStore } from './pg-review-store.js';
import { PgRollups } from './pg-rollups.js';
import { PgTraceStore } from './pg-trace-store.js';

/** Connections of the trace-write thread: concurrent trace writes plus the derived views'. */
const WRITE_POOL_SIZE = 4;

/**
 * The stores the trace-write thread writes, on a small pool of its own to a database the
 * gateway's thread has connected to and migrated.
 *
 * @example const stores = await openPostgresWriteStores('postgres://postgres@127.0.0.1/switchyard'); await stores.traces.insertTraces(batch);
 */
export async function openPostgresWriteStores(url: string): Promise<TraceWriteStores> {
  const target = parsePostgresUrl(url);
  const pool = await openPool({ ...target, poolSize: Math.min(target.poolSize, WRITE_POOL_SIZE) });
  return {
    traces: new PgTraceStore(pool),
    rollups: new PgRollups(pool),
    reviews: new PgReviewStore(pool),
    monitor: new PgMonitorStore(pool),
    async settle() {},
    async close() {
      await pool.end();
    },
  };
}

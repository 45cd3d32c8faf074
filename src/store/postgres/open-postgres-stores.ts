import { type Clock, systemClock } from '../../core/clock.js';
import type { Stores } from '../stores.js';
import { openPool, parsePostgresUrl, type PgPool, type StartWait } from './connect.js';
import { migratePostgres } from './migrate.js';
import { PgDatasetStore } from './pg-dataset-store.js';
import { PgJudgeStore } from './pg-judge-store.js';
import { PgKeyStore } from './pg-key-store.js';
import { PgMonitorStore } from './pg-monitor-store.js';
import { PgAppSpanStore } from './pg-app-span-store.js';
import { PgResponseCache } from './pg-response-cache.js';
import { PgReviewStore } from './pg-review-store.js';
import { PgRollups } from './pg-rollups.js';
import { PgRunStore } from './pg-run-store.js';
import { PgSessionStore } from './pg-session-store.js';
import { PgReviewerStore } from './pg-reviewer-store.js';
import { PgLoadtestStore } from './pg-loadtest-store.js';
import { PgOwedSpendStore } from './pg-owed-spend-store.js';
import { spendStore } from '../../limits/key-spend.js';
import { POSTGRES_FEATURES } from './pg-schema.js';
import { schemaAhead } from '../schema-ahead.js';
import { PgTraceStore } from './pg-trace-store.js';
import { PostgresExampleStore } from './pg-example-store.js';
import { PostgresModelRegistry } from './pg-model-registry.js';
import { PgResponseStore } from './pg-response-store.js';

/** The PostgreSQL adapters over one pool. */
export interface PostgresStores extends Stores {
  readonly backend: 'postgres';
  pool: PgPool;
}

/**
 * Connects a pool to `url` (`?schema=NAME` keeps the tables in their own schema, created if
 * needed; `pool_size=N` sizes the pool), applies pending migrations and opens every store on it.
 *
 * @example const stores = await openPostgresStores('postgres://postgres@127.0.0.1:5432/switchyard'); … await stores.close();
 */
export async function openPostgresStores(url: string, options: { clock?: Clock; wait?: StartWait } = {}): Promise<PostgresStores> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const target = parsePostgresUrl(url);
  const pool = await openPool(target, options.wait);
  let migrated;
  let ahead;
  try {
    migrated = await migratePostgres(pool, target.schema, POSTGRES_FEATURES);
    const recorded = await pool.query<{ feature: string; version: number }>('SELECT feature, MAX(version) AS version FROM schema_migrations GROUP BY feature');
    ahead = schemaAhead(recorded.rows, POSTGRES_FEATURES);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const traces = new PgTraceStore(pool);
  const rollups = new PgRollups(pool);
  const schema = { schema: target.schema };
  const models = await PostgresModelRegistry.open(pool as unknown as Parameters<typeof PostgresModelRegistry.open>[0], schema);
  const examples = await PostgresExampleStore.open(pool as unknown as Parameters<typeof PostgresExampleStore.open>[0], schema);
  const responses = await PgResponseStore.open(pool, clock);
  let closed = false;
  return {
    backend: 'postgres',
    location: target.location,
    migrated,
    ahead,
    pool,
    traces,
    spend: spendStore(traces, rollups),
    keys: new PgKeyStore(pool),
    owed: new PgOwedSpendStore(pool),
    rollups,
    reviews: new PgReviewStore(pool, { clock }),
    datasets: new PgDatasetStore(pool, now),
    runs: new PgRunStore(pool),
    judges: new PgJudgeStore(pool, now),
    responseCache: new PgResponseCache(pool, now),
    models,
    examples,
    responses,
    sessions: new PgSessionStore(pool),
    reviewers: new PgReviewerStore(pool),
    loadtests: new PgLoadtestStore(pool),
    monitor: new PgMonitorStore(pool),
    spans: new PgAppSpanStore(pool),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

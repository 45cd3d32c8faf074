import { afterAll, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL, uniqueSchema } from '../contract/backends.js';
import { dropSchemas } from '../contract/drop-schemas.js';
import { makeTrace } from '../../monitor/test-traces.js';
import type { PgPool } from './connect.js';
import { openPool, parsePostgresUrl } from './connect.js';
import { migratePostgres } from './migrate.js';
import { POSTGRES_FEATURES } from './pg-schema.js';
import { PgTraceStore } from './pg-trace-store.js';

/** The pool, counting the statements and COPYs it has running at once (most seen in `most`). */
function countingPool(pool: PgPool): { pool: PgPool; most: () => number } {
  let running = 0;
  let most = 0;
  const start = () => {
    running++;
    most = Math.max(most, running);
  };
  const counted = new Proxy(pool, {
    get(target, name, receiver) {
      if (name === 'query')
        return async (...args: Parameters<PgPool['query']>) => {
          start();
          try {
            return await (target.query as (...a: unknown[]) => Promise<unknown>)(...args);
          } finally {
            running--;
          }
        };
      if (name === 'connect')
        return async () => {
          start();
          const client = await target.connect();
          const release = client.release.bind(client);
          client.release = (error?: Error | boolean) => {
            running--;
            client.release = release;
            return release(error);
          };
          return client;
        };
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  return { pool: counted, most: () => most };
}

describe('PostgreSQL trace store writes', () => {
  const schema = uniqueSchema();
  const pools: PgPool[] = [];
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await dropSchemas(TEST_POSTGRES_URL, [schema]);
  });

  it('sends batches handed over at once to the server one at a time, in the order handed over, unless told it may send more', async () => {
    const pool = await openPool({ ...parsePostgresUrl(`${TEST_POSTGRES_URL}?schema=${schema}`), poolSize: 4 });
    pools.push(pool);
    await migratePostgres(pool, schema, POSTGRES_FEATURES);
    // Three COPY-sized batches, each with its own version of one trace: the second and third find
    // it stored and go again as the upsert, still in turn.
    const batches = (round: number) =>
      [1, 2, 3].map((version) => [
        makeTrace({ id: `tr_shared_${round}`, ts: version, status: 200 + version }),
        ...Array.from({ length: 80 }, (_, i) => makeTrace({ id: `tr_${round}_${version}_${i}`, ts: version * 1_000 + i })),
      ]);
    const one = countingPool(pool);
    const store = new PgTraceStore(one.pool);
    await Promise.all(batches(1).map((batch) => store.insertTraces(batch)));
    expect(one.most()).toBe(1);
    expect((await store.getTrace('tr_shared_1'))?.status).toBe(203);
    expect((await store.listTraces({ limit: 500 })).traces).toHaveLength(241);

    const several = countingPool(pool);
    await Promise.all(batches(2).map((batch) => new PgTraceStore(several.pool, { concurrentWrites: 3 }).insertTraces(batch)));
    expect(several.most()).toBeGreaterThan(1);
  });
});

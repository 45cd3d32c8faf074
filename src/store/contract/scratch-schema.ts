import { afterAll } from 'vitest';
import { openPool, parsePostgresUrl } from '../postgres/connect.js';
import { TEST_POSTGRES_URL, uniqueSchema } from './backends.js';
import { dropSchemas } from './drop-schemas.js';

type Pool = Awaited<ReturnType<typeof openPool>>;

/**
 * A fresh PostgreSQL schema for one describe block (migration and encoding tests that build
 * tables by hand): `open()` gives a pool on it; after the block every pool is closed and the
 * schema dropped.
 *
 * @example const scratch = scratchSchema(); const pool = await scratch.open(); await migratePostgres(pool, scratch.schema, [TRACE_TABLES]);
 */
export function scratchSchema(): { schema: string; open(): Promise<Pool> } {
  const schema = uniqueSchema();
  const target = parsePostgresUrl(`${TEST_POSTGRES_URL}?schema=${schema}`);
  const pools: Pool[] = [];
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await dropSchemas(TEST_POSTGRES_URL, [schema]);
  });
  return {
    schema,
    async open() {
      const pool = await openPool(target);
      pools.push(pool);
      return pool;
    },
  };
}

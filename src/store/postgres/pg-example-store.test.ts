import type { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresExampleStore } from './pg-example-store.js';

describe('PostgresExampleStore.open', () => {
  it('reports why creating the table failed, and drops a connection that could not even roll back', async () => {
    // A connection lost mid-migration: the CREATE fails, and so does the ROLLBACK after it.
    const released: (Error | boolean | undefined)[] = [];
    const client = {
      async query(sql: string) {
        if (sql.includes('CREATE SCHEMA')) throw new Error('permission denied for database sy');
        if (sql === 'ROLLBACK') throw new Error('Connection terminated');
        return { rows: [] };
      },
      release: (broken?: Error | boolean) => released.push(broken),
    };
    const pool = { connect: async () => client } as unknown as Pool;
    // The ROLLBACK's own failure used to be what surfaced, and the dead connection went back to the pool.
    await expect(PostgresExampleStore.open(pool)).rejects.toThrow('permission denied for database sy');
    expect(released).toHaveLength(1);
    expect(released[0]).toBeInstanceOf(Error);
  });
});

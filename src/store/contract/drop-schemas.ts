import pg from 'pg';

/**
 * Drops test schemas (with everything in them) on a PostgreSQL server.
 *
 * @example await dropSchemas('postgres://postgres@127.0.0.1/test', ['sy_test_1_abc_0'])
 */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '')}" CASCADE`);
  } finally {
    await client.end();
  }
}

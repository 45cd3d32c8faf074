import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import { exampleStoreContract } from './example-store.contract.js';
import { PostgresExampleStore } from '../postgres/pg-example-store.js';
import { SqliteExampleStore } from '../sqlite/sqlite-example-store.js';

exampleStoreContract('sqlite', async () => new SqliteExampleStore(new Database(':memory:')));

// PostgreSQL is shared with other runs: each store gets its own schema, all dropped after.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 4 });
const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});
exampleStoreContract('postgres', () => {
  const schema = `sy_examples_test_${process.pid}_${schemas.length}_${Date.now().toString(36)}`;
  schemas.push(schema);
  return PostgresExampleStore.open(pool, { schema });
});

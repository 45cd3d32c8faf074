import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import { modelRegistryContract } from './model-registry.contract.js';
import { PostgresModelRegistry } from '../postgres/pg-model-registry.js';
import { SqliteModelRegistry } from '../sqlite/sqlite-model-registry.js';

modelRegistryContract('sqlite', async () => new SqliteModelRegistry(new Database(':memory:')));

// PostgreSQL is shared with other agents and CI: this run gets its own schema, dropped after.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 4 });
const schema = `sy_local_test_${process.pid}_${Date.now().toString(36)}`;
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});
modelRegistryContract('postgres', () => PostgresModelRegistry.open(pool, { schema }));

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import { modelRegistryContract } from './model-registry.contract.js';
import { PostgresModelRegistry } from '../postgres/pg-model-registry.js';
import { SqliteModelRegistry } from '../sqlite/sqlite-model-registry.js';

// Two connections on one file, as the CLI and a running gateway have.
const dir = mkdtempSync(join(tmpdir(), 'sy-registry-'));
const files: Database.Database[] = [];
let pairs = 0;
const onFile = (file: string) => {
  const db = new Database(file);
  files.push(db);
  return new SqliteModelRegistry(db);
};
afterAll(() => {
  for (const db of files) db.close();
  rmSync(dir, { recursive: true, force: true });
});
modelRegistryContract(
  'sqlite',
  async () => new SqliteModelRegistry(new Database(':memory:')),
  async () => {
    const file = join(dir, `pair-${pairs++}.db`);
    return [onFile(file), onFile(file)];
  },
);

// PostgreSQL is shared with other agents and CI: this run gets its own schema, dropped after.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 4 });
const schema = `sy_local_test_${process.pid}_${Date.now().toString(36)}`;
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});
// A second pool stands for another replica: its own connections, the same schema.
const replicaPool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 2 });
afterAll(async () => {
  await replicaPool.end();
});
modelRegistryContract(
  'postgres',
  () => PostgresModelRegistry.open(pool, { schema }),
  async () => [await PostgresModelRegistry.open(pool, { schema }), await PostgresModelRegistry.open(replicaPool, { schema })],
);

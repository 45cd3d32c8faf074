import pg from 'pg';
import { afterAll } from 'vitest';
import { knowledgeStoreContract } from './knowledge-store.contract.js';
import type { KnowledgeStore } from '../../knowledge/store/knowledge-store.js';
import { openPostgresKnowledgeStore } from '../postgres/knowledge/postgres-knowledge-store.js';
import { openSqliteKnowledgeStore } from '../sqlite/knowledge/sqlite-knowledge-store.js';

const opened: KnowledgeStore[] = [];
const keep = <T extends KnowledgeStore>(store: T) => (opened.push(store), store);

knowledgeStoreContract('sqlite (sqlite-vec)', async () => keep(openSqliteKnowledgeStore(':memory:')));
knowledgeStoreContract('sqlite (scan)', async () => keep(openSqliteKnowledgeStore(':memory:', { vectorSearch: 'scan' })));

// PostgreSQL is shared with other agents and CI: this run's tables live in their own schema.
const schema = `kb_test_${process.pid}_${Date.now().toString(36)}`;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 4 });
knowledgeStoreContract('postgres', async () => keep(await openPostgresKnowledgeStore({ pool, schema })));

afterAll(async () => {
  for (const store of opened) await store.close();
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

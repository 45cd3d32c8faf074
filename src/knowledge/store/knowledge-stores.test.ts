import { afterAll } from 'vitest';
import { knowledgeStoreContract } from './knowledge-store.contract.js';
import type { KnowledgeStore } from './knowledge-store.js';
import { openSqliteKnowledgeStore } from './sqlite/sqlite-knowledge-store.js';

const opened: KnowledgeStore[] = [];
afterAll(async () => {
  for (const store of opened) await store.close();
});
const keep = (store: KnowledgeStore) => (opened.push(store), store);

knowledgeStoreContract('sqlite (sqlite-vec)', async () => keep(openSqliteKnowledgeStore(':memory:')));
knowledgeStoreContract('sqlite (scan)', async () => keep(openSqliteKnowledgeStore(':memory:', { vectorSearch: 'scan' })));

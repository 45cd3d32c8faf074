import { knowledgeFileFor } from '../config/default-store.js';
import type { StoreConfig } from '../config/schema.js';
import type { KnowledgeStore } from '../knowledge/store/knowledge-store.js';

/**
 * The knowledge-base store on the configured backend: `knowledge.db` beside the gateway's SQLite
 * file (what `switchyard kb add` writes by default), or the PostgreSQL database (its `?schema=`). Opened only when a route grounds in a
 * knowledge base, so gateways without one never create its tables.
 *
 * @example const store = await openKnowledgeStore(config.store);
 */
export async function openKnowledgeStore(config: StoreConfig): Promise<KnowledgeStore> {
  if ('postgres' in config) {
    const { parsePostgresUrl } = await import('./postgres/connect.js');
    const { openPostgresKnowledgeStore } = await import('./postgres/knowledge/postgres-knowledge-store.js');
    const target = parsePostgresUrl(config.postgres);
    return openPostgresKnowledgeStore({ connectionString: target.connectionString, schema: target.schema });
  }
  const { openSqliteKnowledgeStore } = await import('./sqlite/knowledge/sqlite-knowledge-store.js');
  return openSqliteKnowledgeStore(knowledgeFileFor(config.sqlite));
}

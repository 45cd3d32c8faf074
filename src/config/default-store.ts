/** The SQLite file the gateway, the CLI and evaluations share unless told otherwise. */
export const DEFAULT_SQLITE_PATH = '.switchyard/switchyard.db';

/**
 * Knowledge bases get a SQLite file of their own beside the gateway's store: the trace writer
 * commits to the store many times a second, and every commit empties the page cache of other
 * connections to that file, which made BM25 searches ~10× slower in the gateway (measured in
 * bench/grounding.mjs). PostgreSQL has no such effect and keeps them in the same database.
 *
 * @example knowledgeFileFor('.switchyard/switchyard.db') // '.switchyard/knowledge.db'
 */
export function knowledgeFileFor(storeFile: string): string {
  if (storeFile === ':memory:') return ':memory:';
  const slash = Math.max(storeFile.lastIndexOf('/'), storeFile.lastIndexOf('\\'));
  return `${slash === -1 ? '' : storeFile.slice(0, slash + 1)}knowledge.db`;
}

/** Where `switchyard kb` and the gateway keep knowledge bases by default. */
export const DEFAULT_KNOWLEDGE_PATH = knowledgeFileFor(DEFAULT_SQLITE_PATH);

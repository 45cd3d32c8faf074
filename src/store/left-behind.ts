import { dirname, join } from 'node:path';
import { hasTable, readOnlySqlite } from './sqlite/read-only-file.js';

// What a gateway on SQLite keeps beside its store file that `migrate --from` does not copy: the
// response cache (`cache.db` when `cache.store: sqlite`; replicas share one in Redis, which fills
// again as calls come). Knowledge bases (`knowledge.db`) are copied (copy-knowledge.ts).

export interface LeftBehind {
  responseCache?: { file: string; entries: number };
}

/**
 * The cached answers in a file beside `storeFile`, when there are any.
 *
 * @example leftBehind('.switchyard/switchyard.db') // { responseCache: { file: '.switchyard/cache.db', entries: 120 } }
 */
export function leftBehind(storeFile: string): LeftBehind {
  const found: LeftBehind = {};
  // `cache.sqlite_path`'s default sits beside the default store; another path is the config's, which this command does not read.
  const cache = join(dirname(storeFile), 'cache.db');
  const entries = readOnlySqlite(cache, (db) => (hasTable(db, 'response_cache') ? (db.prepare('SELECT count(*) AS n FROM response_cache').get() as { n: number }).n : 0));
  if (entries) found.responseCache = { file: cache, entries };
  return found;
}

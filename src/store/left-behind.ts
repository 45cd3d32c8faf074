import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { knowledgeFileFor } from '../config/default-store.js';

// What a gateway on SQLite keeps beside its store file, which `migrate --from` does not copy:
// knowledge bases (`knowledge.db`: the PostgreSQL store indexes them with its own full-text
// search, so they are indexed again, not copied) and the response cache (`cache.db` when
// `cache.store: sqlite`; replicas share one in Redis, which fills again as calls come).

/** A knowledge base in the SQLite file beside the store. */
export interface LeftBehindBase {
  name: string;
  /** Documents in its current version. */
  documents: number;
  /** The embedding model its vectors came from, when it has them (kb add needs it again). */
  embeddingModel: string | null;
}

export interface LeftBehind {
  knowledge?: { file: string; bases: LeftBehindBase[] };
  responseCache?: { file: string; entries: number };
}

/**
 * The knowledge bases and cached answers in files beside `storeFile`, when there are any.
 *
 * @example leftBehind('.switchyard/switchyard.db') // { knowledge: { file: '.switchyard/knowledge.db', bases: [{ name: 'docs', documents: 12, embeddingModel: null }] } }
 */
export function leftBehind(storeFile: string): LeftBehind {
  const found: LeftBehind = {};
  const knowledge = knowledgeFileFor(storeFile);
  const bases = readOnly(knowledge, (db) =>
    hasTable(db, 'kb_bases')
      ? (db
          .prepare('SELECT name, embedding_model AS embeddingModel, (SELECT count(*) FROM kb_documents d WHERE d.kb_id = b.id AND d.version_to IS NULL) AS documents FROM kb_bases b ORDER BY name')
          .all() as LeftBehindBase[])
      : [],
  );
  if (bases && bases.length > 0) found.knowledge = { file: knowledge, bases };
  // `cache.sqlite_path`'s default sits beside the default store; another path is the config's, which this command does not read.
  const cache = join(dirname(storeFile), 'cache.db');
  const entries = readOnly(cache, (db) => (hasTable(db, 'response_cache') ? (db.prepare('SELECT count(*) AS n FROM response_cache').get() as { n: number }).n : 0));
  if (entries) found.responseCache = { file: cache, entries };
  return found;
}

/** `read` on `file` opened read-only, or undefined when there is no such file or it is no SQLite database. */
function readOnly<T>(file: string, read: (db: Database.Database) => T): T | undefined {
  if (!existsSync(file)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return read(db);
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

const hasTable = (db: Database.Database, name: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

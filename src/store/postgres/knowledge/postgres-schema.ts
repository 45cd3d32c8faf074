import type pg from 'pg';
import { SwitchyardError } from '../../../core/errors.js';
import { inTransaction } from '../connect.js';

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A schema name checked to be a plain identifier, so it can be spliced into SQL quoted.
 *
 * @example quotedSchema('public') // '"public"'
 */
export function quotedSchema(schema: string): string {
  if (!SCHEMA.test(schema)) throw new SwitchyardError('config_invalid', `PostgreSQL schema "${schema.slice(0, 80)}" must be lower-case letters, digits and "_" (at most 63)`, { param: 'schema' });
  return `"${schema}"`;
}

const steps = (s: string): readonly string[] => [
  `CREATE TABLE ${s}.kb_bases (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     name text NOT NULL UNIQUE,
     created_at bigint NOT NULL,
     version integer NOT NULL DEFAULT 0,
     chunking jsonb NOT NULL,
     embedding_model text,
     dimensions integer
   );
   CREATE TABLE ${s}.kb_versions (
     kb_id integer NOT NULL REFERENCES ${s}.kb_bases(id) ON DELETE CASCADE,
     version integer NOT NULL,
     created_at bigint NOT NULL,
     added integer NOT NULL, changed integer NOT NULL, removed integer NOT NULL,
     documents integer NOT NULL, chunks integer NOT NULL,
     -- Lexeme occurrences in the version's chunks: BM25's average length without a scan per query.
     lexemes bigint NOT NULL,
     PRIMARY KEY (kb_id, version)
   );
   CREATE TABLE ${s}.kb_documents (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     kb_id integer NOT NULL REFERENCES ${s}.kb_bases(id) ON DELETE CASCADE,
     doc_id text NOT NULL, source text NOT NULL, title text NOT NULL, hash text NOT NULL,
     text text NOT NULL, metadata jsonb NOT NULL,
     version_from integer NOT NULL, version_to integer
   );
   CREATE INDEX kb_documents_by_id ON ${s}.kb_documents (kb_id, doc_id, version_to);
   CREATE INDEX kb_documents_by_version ON ${s}.kb_documents (kb_id, version_from, version_to);
   CREATE TABLE ${s}.kb_chunks (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     document_row bigint NOT NULL REFERENCES ${s}.kb_documents(id) ON DELETE CASCADE,
     kb_id integer NOT NULL,
     chunk_id text NOT NULL, ordinal integer NOT NULL,
     start_offset integer NOT NULL, end_offset integer NOT NULL,
     heading_path jsonb NOT NULL, text text NOT NULL,
     tsv tsvector NOT NULL,
     len integer NOT NULL,
     embedding bytea
   );
   CREATE INDEX kb_chunks_by_document ON ${s}.kb_chunks (document_row);
   CREATE INDEX kb_chunks_by_kb ON ${s}.kb_chunks (kb_id);
   CREATE INDEX kb_chunks_tsv ON ${s}.kb_chunks USING gin (tsv);`,
  // One writer per base at a time (2026-12-06): the lease `kb add`, `kb remove` and the admin API take.
  `CREATE TABLE ${s}.kb_writers (
     kb_id integer PRIMARY KEY,
     token text NOT NULL,
     operation text NOT NULL,
     pid integer NOT NULL,
     host text NOT NULL,
     since bigint NOT NULL,
     expires_at bigint NOT NULL
   );`,
];

/**
 * Creates or upgrades the knowledge-base tables in a schema, under an advisory lock so two
 * processes starting together do not race.
 *
 * @example await migrateKnowledgeSchema(pool, 'public')
 */
export async function migrateKnowledgeSchema(pool: pg.Pool, schema: string): Promise<void> {
  const s = quotedSchema(schema);
  await inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('switchyard-kb-migrations'))");
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.kb_migrations (version integer NOT NULL)`);
    const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${s}.kb_migrations`);
    const all = steps(s);
    for (let v = rows[0]?.v ?? 0; v < all.length; v++) {
      await client.query(all[v] as string);
      await client.query(`INSERT INTO ${s}.kb_migrations (version) VALUES ($1)`, [v + 1]);
    }
  });
}

import type { PostgresMigrations } from './migrate.js';

/**
 * The text a trace search looks in (the columns the row-by-row search matched), as the one
 * expression both the index and the query use: PostgreSQL serves an expression index only for
 * the same expression, written the same way.
 */
export const TRACE_SEARCH_TEXT = `(coalesce(request::text, '') || E'\\n' || coalesce(response::text, '') || E'\\n' || coalesce(error_message, '') || E'\\n' || coalesce(metadata::text, ''))`;

/**
 * A trigram GIN index over every retained trace's text, so `ILIKE '%term%'` (case-insensitive
 * substring, what the search always meant) finds old traces without a scan window. pg_trgm is a
 * trusted extension (PostgreSQL 13+): a database owner may create it. It is created once per
 * database (under a lock, as stores in other schemas may migrate at the same moment) and its
 * operator class is named through whatever schema it lives in.
 */
export const TRACE_SEARCH_TABLES: PostgresMigrations = {
  feature: 'trace_search',
  steps: [
    `SELECT pg_advisory_xact_lock(hashtext('switchyard-extension:pg_trgm'));
     CREATE EXTENSION IF NOT EXISTS pg_trgm;
     DO $$
     BEGIN
       EXECUTE format('CREATE INDEX traces_search ON traces USING gin (${TRACE_SEARCH_TEXT.replace(/'/g, "''")} %I.gin_trgm_ops)',
         (SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'));
     END $$;`,
  ],
};

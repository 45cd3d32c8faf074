import type { SqliteMigrations } from '../../store/sqlite/migrations.js';

/** The stored Responses API answers: one row per response, pruned oldest first. */
export const RESPONSE_MIGRATIONS: SqliteMigrations = {
  feature: 'responses',
  steps: [
    `CREATE TABLE stored_responses (
       id TEXT PRIMARY KEY,
       owner TEXT,
       created_at INTEGER NOT NULL,
       input TEXT NOT NULL,
       response TEXT NOT NULL,
       bytes INTEGER NOT NULL
     );
     CREATE INDEX stored_responses_age ON stored_responses (created_at, id);`,
    // Reasoning the client was not given (StoredResponse.serverReasoning), as JSON; null when none.
    'ALTER TABLE stored_responses ADD COLUMN server_reasoning TEXT;',
  ],
};

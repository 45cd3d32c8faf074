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
    // Each response's output item ids (outputItemIds), so an item_reference OpenAI named is found
    // by one indexed look-up; gone with its response, however that is deleted.
    `CREATE TABLE stored_response_items (item_id TEXT NOT NULL, response_id TEXT NOT NULL);
     CREATE INDEX stored_response_items_item ON stored_response_items (item_id);
     CREATE INDEX stored_response_items_response ON stored_response_items (response_id);
     CREATE TRIGGER stored_response_items_gone AFTER DELETE ON stored_responses BEGIN
       DELETE FROM stored_response_items WHERE response_id = OLD.id;
     END;`,
  ],
};

import type { SqliteMigrations } from '../../store/sqlite/migrations.js';
import type { SqliteDatabase } from './open-database.js';
import { outputItemIds } from '../../gateway/responses/response-store.js';
import { parseJsonObject } from '../../core/json-text.js';

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
    // The same index for the responses stored before it: an item_reference to one of their items
    // was otherwise not found until they aged out.
    indexItemsOfEarlierResponses,
    // The call's session and x-switchyard-metadata (StoredResponse.context, JSON), which an erasure
    // finds a stored Response by once its trace is gone.
    'ALTER TABLE stored_responses ADD COLUMN context TEXT;',
  ],
};

/** Rows read per page by the backfill, so a file near its byte bound is not read at once. */
const BACKFILL_PAGE = 256;

function indexItemsOfEarlierResponses(db: SqliteDatabase): void {
  const page = db.prepare(
    `SELECT r.id, r.response FROM stored_responses r
     WHERE r.id > ? AND NOT EXISTS (SELECT 1 FROM stored_response_items i WHERE i.response_id = r.id)
     ORDER BY r.id LIMIT ${BACKFILL_PAGE}`,
  );
  const insert = db.prepare('INSERT INTO stored_response_items (item_id, response_id) VALUES (?, ?)');
  let after = '';
  for (;;) {
    const rows = page.all(after) as { id: string; response: string }[];
    // A row whose text is no JSON object has nothing to index, and no reason to stop the upgrade.
    for (const row of rows) for (const itemId of outputItemIds(parseJsonObject(row.response) ?? {})) insert.run(itemId, row.id);
    if (rows.length < BACKFILL_PAGE) return;
    after = (rows.at(-1) as { id: string }).id;
  }
}

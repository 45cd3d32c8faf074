import type { Clock } from '../../core/clock.js';
import { responseColumns, type StoredResponseRow, storedResponseFromRow } from '../rows/response-rows.js';
import { DEFAULT_RETENTION, echoesErasure, followConversations, forgetWithContinuations, outputItemIds, type ResponseRetention, type ResponseStore, type StoredResponse } from '../../gateway/responses/response-store.js';
import { assertNarrows, type ErasureMatch } from '../../core/erasure-match.js';
import { erasurePrefilter } from '../erasure-prefilter.js';
import { Params } from './pg-trace-filters.js';
import type { PgPool } from './connect.js';
import type { PostgresMigrations } from './migrate.js';
import { pgText } from './pg-values.js';

/** Stored Responses, shared by every replica on the database. */
export const RESPONSE_TABLES: PostgresMigrations = {
  feature: 'responses',
  steps: [
    `CREATE TABLE stored_responses (
       id TEXT COLLATE "C" PRIMARY KEY,
       owner TEXT,
       created_at BIGINT NOT NULL,
       input TEXT NOT NULL,
       response TEXT NOT NULL,
       bytes INTEGER NOT NULL
     );
     CREATE INDEX stored_responses_age ON stored_responses (created_at, id);`,
    // Reasoning the client was not given (StoredResponse.serverReasoning), as JSON; null when none.
    'ALTER TABLE stored_responses ADD COLUMN server_reasoning TEXT;',
    // Each response's output item ids (outputItemIds), so an item_reference OpenAI named is found
    // through the index, not a search of every stored text.
    `ALTER TABLE stored_responses ADD COLUMN item_ids TEXT[];
     CREATE INDEX stored_responses_items ON stored_responses USING GIN (item_ids);`,
    // The same ids for the responses stored before that step (their item_ids NULL): an
    // item_reference to one of their items was otherwise not found until they aged out. As
    // outputItemIds reads them: string ids of the output items, 1–256 characters, at most 256,
    // each once. A row whose text PostgreSQL cannot read as JSON keeps NULL (no index, as before).
    `DO $$
     DECLARE stored RECORD;
     BEGIN
       FOR stored IN SELECT id, response FROM stored_responses WHERE item_ids IS NULL LOOP
         BEGIN
           UPDATE stored_responses SET item_ids = ARRAY(
             SELECT item_id FROM (
               SELECT item ->> 'id' AS item_id, min(n) AS first
               FROM json_array_elements(CASE WHEN json_typeof(stored.response::json -> 'output') = 'array' THEN stored.response::json -> 'output' ELSE '[]'::json END) WITH ORDINALITY AS items(item, n)
               WHERE json_typeof(item) = 'object' AND json_typeof(item -> 'id') = 'string' AND length(item ->> 'id') BETWEEN 1 AND 256
               GROUP BY item ->> 'id'
             ) ids ORDER BY first LIMIT 256)
           WHERE id = stored.id;
         EXCEPTION WHEN others THEN NULL;
         END;
       END LOOP;
     END $$;`,
    // The call's session and x-switchyard-metadata (StoredResponse.context, JSON), which an erasure
    // finds a stored Response by once its trace is gone.
    'ALTER TABLE stored_responses ADD COLUMN context TEXT;',
  ],
};

/** Puts between two readings of the table's real totals (what other replicas added meanwhile). */
const RESYNC_EVERY = 256;

/**
 * Stored Responses in PostgreSQL (`stored_responses`), so a conversation continued with
 * `previous_response_id`, or a `GET`/`DELETE` of a response, may reach any replica. Bounded by
 * count, age and bytes like the other stores. A put is one statement (upsert, and the expired
 * responses deleted in the same round trip), because the gateway waits for it before the answer's
 * last event. Count and size are tracked from what this process added and deleted, and read back
 * from the table at open and every 256 puts; between readings, replicas may overshoot the bound
 * by what the others added.
 *
 * @example const store = await PgResponseStore.open(pool, systemClock);
 */
export class PgResponseStore implements ResponseStore {
  private puts = 0;

  private constructor(
    private readonly pool: PgPool,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly retention: ResponseRetention,
    private count: number,
    private bytes: number,
  ) {}

  static async open(pool: PgPool, clock: Pick<Clock, 'now'>, retention: ResponseRetention = DEFAULT_RETENTION): Promise<PgResponseStore> {
    const store = new PgResponseStore(pool, clock, retention, 0, 0);
    await store.resync();
    return store;
  }

  async put(record: StoredResponse): Promise<void> {
    // Ids and owners go through pgText (the JSON columns' text escapes NUL).
    const { input, response, serverReasoning, context, size } = responseColumns(record, this.retention.maxBytes);
    // The CTEs all see the table as it was before the statement: `old` is the row being replaced.
    const result = await this.pool.query(
      `WITH old AS (SELECT bytes FROM stored_responses WHERE id = $1),
            expired AS (DELETE FROM stored_responses WHERE created_at < $7 AND id <> $1 RETURNING bytes),
            kept AS (
              INSERT INTO stored_responses (id, owner, created_at, input, response, bytes, server_reasoning, item_ids, context) VALUES ($1, $2, $3, $4, $5, $6, $8, $9, $10)
              ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, created_at = EXCLUDED.created_at, input = EXCLUDED.input, response = EXCLUDED.response, bytes = EXCLUDED.bytes, server_reasoning = EXCLUDED.server_reasoning, item_ids = EXCLUDED.item_ids, context = EXCLUDED.context
              RETURNING 1)
       SELECT (SELECT bytes FROM old) AS replaced, (SELECT count(*) FROM expired) AS expired, (SELECT coalesce(sum(bytes), 0) FROM expired) AS expired_bytes, (SELECT count(*) FROM kept) AS kept`,
      [pgText(record.id), pgText(record.owner), record.createdAt, input, response, size, this.clock.now() - this.retention.maxAgeMs, serverReasoning, outputItemIds(record.response).map((id) => pgText(id)), context],
    );
    const row = result.rows[0] as { replaced: number | null; expired: string; expired_bytes: string };
    this.count += (row.replaced === null ? 1 : 0) - Number(row.expired);
    this.bytes += size - (row.replaced ?? 0) - Number(row.expired_bytes);
    if (++this.puts % RESYNC_EVERY === 0) await this.resync();
    while (this.count > this.retention.maxEntries || this.bytes > this.retention.maxBytes) {
      const oldest = await this.pool.query('DELETE FROM stored_responses WHERE id = (SELECT id FROM stored_responses ORDER BY created_at, id LIMIT 1) RETURNING bytes');
      if (oldest.rows.length === 0) break;
      this.forget(oldest.rows);
    }
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const result = await this.pool.query('SELECT id, owner, created_at, input, response, server_reasoning, context FROM stored_responses WHERE id = $1 AND created_at >= $2', [
      pgText(id),
      this.clock.now() - this.retention.maxAgeMs,
    ]);
    const row = result.rows[0] as StoredResponseRow | undefined;
    return row && storedResponseFromRow(row);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM stored_responses WHERE id = $1 RETURNING bytes', [pgText(id)]);
    this.forget(result.rows);
    return result.rows.length > 0;
  }

  async forgetConversations(ids: readonly string[]): Promise<number> {
    const remove = async (batch: readonly string[]) => {
      const result = await this.pool.query('DELETE FROM stored_responses WHERE id = ANY($1::text[]) RETURNING bytes', [batch.map((id) => pgText(id))]);
      this.forget(result.rows);
      return result.rows.length;
    };
    return forgetWithContinuations(ids, remove, (batch) => this.continuing(batch));
  }

  async conversations(ids: readonly string[]): Promise<string[]> {
    const stored = async (batch: readonly string[]) => (await this.pool.query<{ id: string }>('SELECT id FROM stored_responses WHERE id = ANY($1::text[])', [batch.map((id) => pgText(id))])).rows.map((r) => r.id);
    return followConversations(ids, stored, (batch) => this.continuing(batch));
  }

  async echoing(match: ErasureMatch): Promise<string[]> {
    assertNarrows(match);
    const params = new Params();
    // The Response repeats the body's `metadata`; the call's own metadata and session are its context.
    const where = erasurePrefilter(match, {
      holds: (column, text) => `strpos(${column === 'metadata' ? 'context' : 'response'}, ${params.add(text)}) > 0`,
      sessionIs: (session) => `strpos(context, ${params.add(JSON.stringify(session).slice(1, -1))}) > 0`,
    });
    const { rows } = await this.pool.query<{ id: string; response: string; context: string | null }>(`SELECT id, response, context FROM stored_responses WHERE ${where}`, params.values);
    return rows.filter((r) => echoesErasure(r.response, match, r.context)).map((r) => r.id);
  }

  /** The stored responses whose `previous_response_id` is one of `batch`. */
  private async continuing(batch: readonly string[]): Promise<string[]> {
    return (await this.pool.query<{ id: string }>("SELECT id FROM stored_responses WHERE strpos(response, '\"previous_response_id\"') > 0 AND response::jsonb ->> 'previous_response_id' = ANY($1::text[])", [batch.map((id) => pgText(id))])).rows.map((r) => r.id);
  }

  async holdingItem(owner: string | null, itemId: string): Promise<StoredResponse | undefined> {
    const { rows } = await this.pool.query<StoredResponseRow>(
      'SELECT id, owner, created_at, input, response, server_reasoning, context FROM stored_responses WHERE item_ids @> ARRAY[$1::text] AND owner IS NOT DISTINCT FROM $2 AND created_at >= $3 ORDER BY created_at DESC, id DESC LIMIT 1',
      [pgText(itemId), pgText(owner), this.clock.now() - this.retention.maxAgeMs],
    );
    return rows[0] && storedResponseFromRow(rows[0]);
  }

  private async resync(): Promise<void> {
    const totals = (await this.pool.query('SELECT count(*) AS count, coalesce(sum(bytes), 0) AS bytes FROM stored_responses')).rows[0] as { count: string; bytes: string };
    this.count = Number(totals.count);
    this.bytes = Number(totals.bytes);
  }

  private forget(rows: readonly unknown[]): void {
    for (const row of rows) {
      this.count -= 1;
      this.bytes -= (row as { bytes: number }).bytes;
    }
  }
}

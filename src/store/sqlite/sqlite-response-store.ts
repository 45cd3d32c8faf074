import type { Clock } from '../../core/clock.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import { migrate, withSecureDelete } from '../../store/sqlite/open-database.js';
import { responseColumns, type StoredResponseRow, storedResponseFromRow } from '../rows/response-rows.js';
import { RESPONSE_MIGRATIONS } from './response-migrations.js';
import { assertNarrows, type ErasureMatch } from '../../core/erasure-match.js';
import { erasurePrefilter } from '../erasure-prefilter.js';
import { DEFAULT_RETENTION, echoesErasure, followConversations, forgetWithContinuations, outputItemIds, type ResponseRetention, type ResponseStore, type StoredResponse } from '../../gateway/responses/response-store.js';

/**
 * Stored responses in the gateway's SQLite file (own table, `stored_responses`), bounded by
 * count, age and bytes. Count and size are tracked in memory from the table's totals at open, so
 * a put never scans the table; several processes writing one file may each overshoot the bound
 * by what the others added since they opened it.
 *
 * @example const store = new SqliteResponseStore(db, systemClock);
 */
export class SqliteResponseStore implements ResponseStore {
  private count: number;
  private bytes: number;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly retention: ResponseRetention = DEFAULT_RETENTION,
  ) {
    migrate(db, [RESPONSE_MIGRATIONS]);
    this.statements = prepareStatements(db);
    const totals = db.prepare('SELECT COUNT(*) AS count, COALESCE(SUM(bytes), 0) AS bytes FROM stored_responses').get() as { count: number; bytes: number };
    this.count = totals.count;
    this.bytes = totals.bytes;
  }

  async put(record: StoredResponse): Promise<void> {
    const { input, response, serverReasoning, context, size } = responseColumns(record, this.retention.maxBytes);
    this.db.transaction(() => {
      this.forget(this.statements.remove.all(record.id));
      this.statements.insert.run(record.id, record.owner, record.createdAt, input, response, size, serverReasoning, context);
      for (const item of outputItemIds(record.response)) this.statements.item.run(item, record.id);
      this.count += 1;
      this.bytes += size;
      this.forget(this.statements.expire.all(this.clock.now() - this.retention.maxAgeMs));
      while (this.count > this.retention.maxEntries || this.bytes > this.retention.maxBytes) {
        const removed = this.statements.oldest.all();
        if (removed.length === 0) break;
        this.forget(removed);
      }
    })();
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const row = this.statements.get.get(id, this.clock.now() - this.retention.maxAgeMs) as StoredResponseRow | undefined;
    return row && storedResponseFromRow(row);
  }

  async delete(id: string): Promise<boolean> {
    const removed = this.statements.remove.all(id);
    this.forget(removed);
    return removed.length > 0;
  }

  async forgetConversations(ids: readonly string[]): Promise<number> {
    const remove = async (batch: readonly string[]) => {
      const removed = withSecureDelete(this.db, () => this.db.prepare('DELETE FROM stored_responses WHERE id IN (SELECT value FROM json_each(?)) RETURNING bytes').all(JSON.stringify(batch)));
      this.forget(removed);
      return removed.length;
    };
    return forgetWithContinuations(ids, remove, (batch) => this.continuing(batch));
  }

  async conversations(ids: readonly string[]): Promise<string[]> {
    const stored = async (batch: readonly string[]) => this.db.prepare('SELECT id FROM stored_responses WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(batch)) as string[];
    return followConversations(ids, stored, (batch) => this.continuing(batch));
  }

  async echoing(match: ErasureMatch): Promise<string[]> {
    assertNarrows(match);
    const params: string[] = [];
    // The Response repeats the body's `metadata`; the call's own metadata and session are its context.
    const where = erasurePrefilter(match, {
      holds: (column, text) => {
        params.push(text);
        return column === 'metadata' ? 'instr(context, ?) > 0' : 'instr(response, ?) > 0';
      },
      sessionIs: (session) => {
        params.push(session);
        return "context ->> '$.session' = ?";
      },
    });
    const rows = this.db.prepare(`SELECT id, response, context FROM stored_responses WHERE ${where}`).all(...params) as { id: string; response: string; context: string | null }[];
    return rows.filter((r) => echoesErasure(r.response, match, r.context)).map((r) => r.id);
  }

  /** The stored responses whose `previous_response_id` is one of `batch`. */
  private async continuing(batch: readonly string[]): Promise<string[]> {
    return (this.db.prepare("SELECT id FROM stored_responses WHERE response ->> '$.previous_response_id' IN (SELECT value FROM json_each(?))").all(JSON.stringify(batch)) as { id: string }[]).map((r) => r.id);
  }

  async holdingItem(owner: string | null, itemId: string): Promise<StoredResponse | undefined> {
    const row = this.statements.holding.get(itemId, owner, this.clock.now() - this.retention.maxAgeMs) as StoredResponseRow | undefined;
    return row && storedResponseFromRow(row);
  }

  private forget(rows: unknown[]): void {
    for (const row of rows) {
      this.count -= 1;
      this.bytes -= (row as { bytes: number }).bytes;
    }
  }
}

function prepareStatements(db: SqliteDatabase) {
  return {
    insert: db.prepare('INSERT INTO stored_responses (id, owner, created_at, input, response, bytes, server_reasoning, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    get: db.prepare('SELECT id, owner, created_at, input, response, server_reasoning, context FROM stored_responses WHERE id = ? AND created_at >= ?'),
    remove: db.prepare('DELETE FROM stored_responses WHERE id = ? RETURNING bytes'),
    expire: db.prepare('DELETE FROM stored_responses WHERE created_at < ? RETURNING bytes'),
    item: db.prepare('INSERT INTO stored_response_items (item_id, response_id) VALUES (?, ?)'),
    holding: db.prepare(
      'SELECT r.id, r.owner, r.created_at, r.input, r.response, r.server_reasoning, r.context FROM stored_response_items i JOIN stored_responses r ON r.id = i.response_id WHERE i.item_id = ? AND r.owner IS ? AND r.created_at >= ? ORDER BY r.created_at DESC, r.id DESC LIMIT 1',
    ),
    oldest: db.prepare('DELETE FROM stored_responses WHERE id = (SELECT id FROM stored_responses ORDER BY created_at, id LIMIT 1) RETURNING bytes'),
  };
}

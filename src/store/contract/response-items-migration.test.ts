import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../postgres/migrate.js';
import { PgResponseStore, RESPONSE_TABLES } from '../postgres/pg-response-store.js';
import { RESPONSE_MIGRATIONS } from '../sqlite/response-migrations.js';
import { openDatabase } from '../sqlite/open-database.js';
import { SqliteResponseStore } from '../sqlite/sqlite-response-store.js';
import { manualClock } from './response-store.contract.js';
import { scratchSchema } from './scratch-schema.js';
import { stepsBefore } from './traces-before.js';

// Responses stored before the item index existed: after the upgrade an item_reference to one of
// their output items is found as for a response stored since, and a row the upgrade cannot read
// (not JSON, no output array, odd ids) neither stops it nor gets an entry.

const clock = manualClock();
const now = clock.now();
const answer = (id: string, output: unknown) => JSON.stringify({ id, object: 'response', status: 'completed', output });
const earlier: { id: string; owner: string | null; response: string }[] = [
  { id: 'resp_old', owner: 'team-a', response: answer('resp_old', [{ id: 'rs_1', type: 'reasoning' }, { id: 'fc_1', type: 'function_call' }, { id: 'rs_1', type: 'reasoning' }, { type: 'message' }, { id: 7 }, 'x', { id: 'y'.repeat(257) }]) },
  { id: 'resp_open', owner: null, response: answer('resp_open', [{ id: 'msg_open', type: 'message' }]) },
  { id: 'resp_text', owner: 'team-a', response: 'not json {' },
  { id: 'resp_none', owner: 'team-a', response: answer('resp_none', { id: 'msg_not_a_list' }) },
];

describe('SQLite: the item index built for responses stored before it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-response-items-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds their items by id after the upgrade, per owner, and skips what it cannot read', async () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path, [stepsBefore(RESPONSE_MIGRATIONS, 'stored_response_items')]);
    const insert = old.prepare('INSERT INTO stored_responses (id, owner, created_at, input, response, bytes) VALUES (?, ?, ?, ?, ?, ?)');
    for (const row of earlier) insert.run(row.id, row.owner, now, '[]', row.response, row.response.length);
    old.close();

    const db = openDatabase(path, []);
    const store = new SqliteResponseStore(db, clock);
    expect((await store.holdingItem('team-a', 'fc_1'))?.id).toBe('resp_old');
    expect((await store.holdingItem('team-a', 'rs_1'))?.id).toBe('resp_old');
    expect((await store.holdingItem(null, 'msg_open'))?.id).toBe('resp_open');
    expect(await store.holdingItem('team-a', 'msg_open')).toBeUndefined();
    expect(await store.holdingItem('team-a', 'msg_not_a_list')).toBeUndefined();
    const entries = db.prepare('SELECT item_id, response_id FROM stored_response_items ORDER BY item_id').all();
    expect(entries).toEqual([
      { item_id: 'fc_1', response_id: 'resp_old' },
      { item_id: 'msg_open', response_id: 'resp_open' },
      { item_id: 'rs_1', response_id: 'resp_old' },
    ]);
    db.close();
  });
});

describe('PostgreSQL: the item ids filled in for responses stored before the column', () => {
  const scratch = scratchSchema();

  it('finds their items by id after the upgrade, per owner, and leaves what it cannot read unindexed', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, scratch.schema, [stepsBefore(RESPONSE_TABLES, 'item_ids')]);
    for (const row of earlier) {
      await pool.query('INSERT INTO stored_responses (id, owner, created_at, input, response, bytes) VALUES ($1, $2, $3, $4, $5, $6)', [row.id, row.owner, now, '[]', row.response, row.response.length]);
    }
    await migratePostgres(pool, scratch.schema, [RESPONSE_TABLES]);
    const store = await PgResponseStore.open(pool, clock);
    expect((await store.holdingItem('team-a', 'fc_1'))?.id).toBe('resp_old');
    expect((await store.holdingItem('team-a', 'rs_1'))?.id).toBe('resp_old');
    expect((await store.holdingItem(null, 'msg_open'))?.id).toBe('resp_open');
    expect(await store.holdingItem('team-a', 'msg_open')).toBeUndefined();
    const { rows } = await pool.query<{ id: string; item_ids: string[] | null }>('SELECT id, item_ids FROM stored_responses ORDER BY id');
    expect(rows).toEqual([
      { id: 'resp_none', item_ids: [] },
      { id: 'resp_old', item_ids: ['rs_1', 'fc_1'] },
      { id: 'resp_open', item_ids: ['msg_open'] },
      { id: 'resp_text', item_ids: null },
    ]);
  });
});

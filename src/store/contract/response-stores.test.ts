import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/sqlite/open-database.js';
import { MemoryResponseStore } from '../../gateway/responses/memory-response-store.js';
import { manualClock, responseStoreContract } from './response-store.contract.js';
import { SqliteResponseStore } from '../sqlite/sqlite-response-store.js';
import { migratePostgres } from '../postgres/migrate.js';
import { PgResponseStore, RESPONSE_TABLES } from '../postgres/pg-response-store.js';
import { scratchSchema } from './scratch-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-responses-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

responseStoreContract('memory', async (clock, retention) => new MemoryResponseStore(clock, retention));
// A file per test, as the gateway uses: WAL mode and migrations included.
responseStoreContract('sqlite', async (clock, retention) => new SqliteResponseStore(openDatabase(join(dir, `r${files++}.db`), []), clock, retention));

// One schema for the file; each test starts from an empty table.
const scratch = scratchSchema();
async function pgPool() {
  const pool = await scratch.open();
  await migratePostgres(pool, scratch.schema, [RESPONSE_TABLES]);
  return pool;
}
responseStoreContract('postgres', async (clock, retention) => {
  const pool = await pgPool();
  await pool.query('TRUNCATE stored_responses');
  return PgResponseStore.open(pool, clock, retention);
});

describe('postgres response store across replicas', () => {
  it('serves, on another replica, what one replica stored and deletes, and bounds what both add', async () => {
    const clock = manualClock();
    const pool = await pgPool();
    await pool.query('TRUNCATE stored_responses');
    const retention = { maxEntries: 3, maxAgeMs: 60_000, maxBytes: 1_000_000 };
    const [a, b] = [await PgResponseStore.open(pool, clock, retention), await PgResponseStore.open(await scratch.open(), clock, retention)];
    const record = (id: string) => ({ id, owner: 'support', createdAt: clock.now(), input: [{ type: 'message', role: 'user', content: `hi ${id}\u0000` }], response: { id, object: 'response' } });
    await a.put(record('resp_a'));
    expect(await b.get('resp_a')).toEqual(record('resp_a'));
    expect(await b.delete('resp_a')).toBe(true);
    expect(await a.get('resp_a')).toBeUndefined();
    for (const id of ['resp_1', 'resp_2', 'resp_3']) {
      clock.advance(1);
      await a.put(record(id));
    }
    // b opened before these: a new replica reads the table's totals when it opens.
    clock.advance(1);
    const c = await PgResponseStore.open(await scratch.open(), clock, retention);
    await c.put(record('resp_4'));
    expect(await a.get('resp_1')).toBeUndefined();
    for (const id of ['resp_2', 'resp_3', 'resp_4']) expect((await b.get(id))?.id).toBe(id);
  });
});

describe('sqlite response store across restarts', () => {
  it('reads back what an earlier process stored, and keeps bounding it', async () => {
    const path = join(dir, 'restart.db');
    const clock = manualClock();
    const retention = { maxEntries: 2, maxAgeMs: 60_000, maxBytes: 1_000_000 };
    const record = (id: string) => ({ id, owner: null, createdAt: clock.now(), input: [], response: { id, object: 'response' } });
    const before = new SqliteResponseStore(openDatabase(path, []), clock, retention);
    await before.put(record('resp_a'));
    clock.advance(1);
    await before.put(record('resp_b'));
    clock.advance(1);
    const after = new SqliteResponseStore(openDatabase(path, []), clock, retention);
    expect((await after.get('resp_a'))?.response).toEqual({ id: 'resp_a', object: 'response' });
    await after.put(record('resp_c'));
    expect(await after.get('resp_a')).toBeUndefined();
    expect((await after.get('resp_b'))?.id).toBe('resp_b');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/sqlite/open-database.js';
import { MemoryResponseStore } from '../../gateway/responses/memory-response-store.js';
import { manualClock, responseStoreContract } from './response-store.contract.js';
import { SqliteResponseStore } from '../sqlite/sqlite-response-store.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-responses-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

responseStoreContract('memory', async (clock, retention) => new MemoryResponseStore(clock, retention));
// A file per test, as the gateway uses: WAL mode and migrations included.
responseStoreContract('sqlite', async (clock, retention) => new SqliteResponseStore(openDatabase(join(dir, `r${files++}.db`), []), clock, retention));

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

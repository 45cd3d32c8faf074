import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openDatabase } from '../../store/sqlite/open-database.js';
import { MemoryResponseStore } from './memory-response-store.js';
import { responseStoreContract } from './response-store.contract.js';
import { SqliteResponseStore } from './sqlite-response-store.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-responses-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

responseStoreContract('memory', async (clock, retention) => new MemoryResponseStore(clock, retention));
// A file per test, as the gateway uses: WAL mode and migrations included.
responseStoreContract('sqlite', async (clock, retention) => new SqliteResponseStore(openDatabase(join(dir, `r${files++}.db`), []), clock, retention));

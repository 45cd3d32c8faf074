import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../core/trace.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { openStores } from '../open-stores.js';
import { migratePostgres } from '../postgres/migrate.js';
import { PgTraceStore } from '../postgres/pg-trace-store.js';
import { ROLLUP_TABLES, TRACE_TABLES } from '../postgres/pg-schema.js';
import { TRACE_SEARCH_TABLES } from '../postgres/pg-trace-search.js';
import { TRACE_MIGRATIONS } from '../sqlite/migrations.js';
import { openDatabase } from '../sqlite/open-database.js';
import { openSqliteStores } from '../sqlite/open-sqlite-stores.js';
import { ROLLUP_MIGRATIONS } from '../sqlite/rollup-migrations.js';
import { SqliteTraceStore } from '../sqlite/sqlite-trace-store.js';
import { TRACE_SEARCH_MIGRATIONS } from '../sqlite/trace-search-migrations.js';
import type { Stores } from '../stores.js';
import { TEST_POSTGRES_URL } from './backends.js';
import { scratchSchema } from './scratch-schema.js';

// A store made before the spend dimension (2026-12-06) holds calls whose spend the export read
// from the traces. The migration folds them into the rollups once, so the export still lists them
// (and keeps them once retention deletes the traces); calls made after are counted once, by the writer.

const DAY = Date.UTC(2026, 10, 20);
const before: TraceRecord[] = [
  makeTrace({ id: 'tr_1', ts: DAY + 1_000, team: 'red', keyName: 'app', requestedModel: 'small', inputTokens: 100, outputTokens: 10, costUsd: 0.5 }),
  makeTrace({ id: 'tr_2', ts: DAY + 2_000, team: 'red', keyName: 'app', requestedModel: 'small', inputTokens: 50, outputTokens: 5, costUsd: 0.25 }),
  makeTrace({ id: 'tr_3', ts: DAY + 3_000, team: null, keyName: null, requestedModel: 'big', inputTokens: 7, outputTokens: 1, costUsd: 2 }),
];
const after = makeTrace({ id: 'tr_4', ts: DAY + 4_000, team: 'red', keyName: 'app', requestedModel: 'small', inputTokens: 1, outputTokens: 1, costUsd: 1 });

async function expectFoldedOnce(stores: Stores): Promise<void> {
  // The old calls, and one made since through the writer's path (store, then rollups).
  await stores.traces.insertTraces([after]);
  await stores.rollups.apply([after]);
  const rows = await stores.spend.spendRows(DAY, DAY + 86_400_000);
  expect([...rows].sort((a, b) => a.model.localeCompare(b.model))).toEqual([
    { day: DAY, team: null, key: null, model: 'big', requests: 1, inputTokens: 7, outputTokens: 1, costUsd: 2 },
    { day: DAY, team: 'red', key: 'app', model: 'small', requests: 3, inputTokens: 151, outputTokens: 16, costUsd: 1.75 },
  ]);
  // Retention deletes the traces; the export keeps them.
  await stores.traces.pruneTraces({ deleteBefore: DAY + 86_400_000, limit: 100 });
  expect((await stores.traces.listTraces({ limit: 10 })).traces).toEqual([]);
  expect(await stores.spend.spendRows(DAY, DAY + 86_400_000)).toHaveLength(2);
}

describe('SQLite: the spend dimension, added to a file that holds calls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-spend-rollup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('folds the calls stored before it into the export once', async () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path, [TRACE_MIGRATIONS, TRACE_SEARCH_MIGRATIONS, { feature: ROLLUP_MIGRATIONS.feature, steps: ROLLUP_MIGRATIONS.steps.slice(0, 1) }]);
    await new SqliteTraceStore(old).insertTraces(before);
    // The rollups had them already (all but spend): the writer's backfill marker is set.
    old.prepare("INSERT INTO rollup_state VALUES ('backfilled', '0')").run();
    old.close();
    const stores = openSqliteStores(path);
    try {
      await expectFoldedOnce(stores);
    } finally {
      await stores.close();
    }
  });

  it('folds them once too into a file whose rollups start now (traces from before any rollup)', async () => {
    const path = join(dir, 'older.db');
    const old = openDatabase(path, [TRACE_MIGRATIONS, TRACE_SEARCH_MIGRATIONS]);
    await new SqliteTraceStore(old).insertTraces(before);
    old.close();
    const stores = openSqliteStores(path);
    try {
      await expectFoldedOnce(stores);
    } finally {
      await stores.close();
    }
  });
});

describe('PostgreSQL: the spend dimension, added to a schema that holds calls', () => {
  const scratch = scratchSchema();

  it('folds the calls stored before it into the export once', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, scratch.schema, [TRACE_TABLES, TRACE_SEARCH_TABLES, { feature: ROLLUP_TABLES.feature, steps: ROLLUP_TABLES.steps.slice(0, 1) }]);
    await new PgTraceStore(pool).insertTraces(before);
    const stores = await openStores({ postgres: `${TEST_POSTGRES_URL}?schema=${scratch.schema}` });
    try {
      await expectFoldedOnce(stores);
    } finally {
      await stores.close();
    }
  });
});

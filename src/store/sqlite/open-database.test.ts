import { describe, expect, it } from 'vitest';
import { openSqliteStores, SQLITE_FEATURES } from './open-sqlite-stores.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrace } from '../../monitor/test-traces.js';
import { TRACE_MIGRATIONS } from './migrations.js';
import { openDatabase } from './open-database.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';

describe('opening the SQLite store', () => {
  it('names the path and the fix when the file cannot be opened', () => {
    expect(() => openDatabase('/etc/hostname/nope.db')).toThrow(/store\.sqlite: cannot open \/etc\/hostname\/nope\.db: .*pick a writable path/);
  });

  it('applies every feature\'s schema steps once and records them', async () => {
    const stores = openSqliteStores(':memory:');
    // Every step of every feature, in order; the table keeps each feature's last version.
    expect(stores.migrated).toEqual(SQLITE_FEATURES.flatMap((f) => f.steps.map((_, i) => ({ feature: f.feature, version: i + 1 }))));
    expect(stores.db.prepare('SELECT feature, version FROM schema_migrations ORDER BY feature').all()).toEqual(
      SQLITE_FEATURES.map((f) => ({ feature: f.feature, version: f.steps.length })).sort((a, b) => (a.feature < b.feature ? -1 : 1)),
    );
    expect(SQLITE_FEATURES.map((f) => f.feature)).toEqual(expect.arrayContaining(['traces', 'trace_search', 'monitor_rollups', 'review', 'evals', 'sessions', 'keys', 'app_spans']));
    await stores.close();
  });

  it('indexes the traces a file already held when it gains trace search', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-search-'));
    try {
      const path = join(dir, 'old.db');
      const before = openDatabase(path, [TRACE_MIGRATIONS]);
      await new SqliteTraceStore(before).insertTraces([
        makeTrace({ id: 'tr_before', ts: 1, request: { messages: [{ role: 'user', content: 'a pelican before search' }] } }),
        makeTrace({ id: 'tr_other', ts: 2, request: { messages: [{ role: 'user', content: 'unrelated' }] } }),
      ]);
      before.close();
      const stores = openSqliteStores(path);
      expect(stores.migrated).toContainEqual({ feature: 'trace_search', version: 1 });
      expect((await stores.traces.listTraces({ text: 'Pelican' })).traces.map((t) => t.id)).toEqual(['tr_before']);
      await stores.traces.insertTraces([makeTrace({ id: 'tr_after', ts: 3, request: { messages: [{ role: 'user', content: 'a pelican after' }] } })]);
      expect((await stores.traces.listTraces({ text: 'pelican' })).traces.map((t) => t.id)).toEqual(['tr_after', 'tr_before']);
      await stores.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

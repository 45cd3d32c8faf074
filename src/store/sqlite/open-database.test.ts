import { describe, expect, it } from 'vitest';
import { cpuMs } from '../../test-support/cpu-clock.js';
import { openSqliteStores, SQLITE_FEATURES } from './open-sqlite-stores.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrace } from '../../monitor/test-traces.js';
import { TRACE_MIGRATIONS } from './migrations.js';
import { REVIEW_MIGRATIONS } from './review-migrations.js';
import { openDatabase, type SqliteDatabase } from './open-database.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';

describe('opening the SQLite store', () => {
  it('names the path and the fix when the file cannot be opened', () => {
    expect(() => openDatabase('/etc/hostname/nope.db')).toThrow(/store\.sqlite: cannot open \/etc\/hostname\/nope\.db: .*pick a writable path/);
  });

  it('names a file that is no SQLite database, or a device, without a stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-open-notdb-'));
    const text = join(dir, 'traces.jsonl');
    writeFileSync(text, '{"input": "a JSONL file given as --db"}\n'.repeat(200));
    try {
      // Both were a bare SqliteError ("file is not a database", "disk I/O error") with its stack.
      expect(() => openDatabase(text)).toThrow(`store.sqlite: cannot use ${text}: it is not a SQLite database (file is not a database); expected the SQLite file a gateway writes (store: { sqlite: FILE } or --db FILE)`);
      expect(() => openDatabase('/dev/null')).toThrow(/^store\.sqlite: cannot use \/dev\/null: not a regular file \(.+\); expected the SQLite file a gateway writes/);
      expect(readFileSync(text, 'utf8')).toBe('{"input": "a JSONL file given as --db"}\n'.repeat(200));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder the system says is not there under one that is, where Node 20\'s recursive mkdir looped for ever', () => {
    expect(() => openDatabase('/proc/switchyard-nope/x.db')).toThrow(/store\.sqlite: cannot open \/proc\/switchyard-nope\/x\.db: ENOENT.*pick a writable path/);
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
      expect(stores.migrated).toContainEqual({ feature: 'trace_search', version: 2 });
      expect((await stores.traces.listTraces({ text: 'Pelican' })).traces.map((t) => t.id)).toEqual(['tr_before']);
      await stores.traces.insertTraces([makeTrace({ id: 'tr_after', ts: 3, request: { messages: [{ role: 'user', content: 'a pelican after' }] } })]);
      expect((await stores.traces.listTraces({ text: 'pelican' })).traces.map((t) => t.id)).toEqual(['tr_after', 'tr_before']);
      await stores.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the traces table of a new file', () => {
    // A short chat's trace, about the size of bench:gateway's (~1.2 kB of bodies and fields).
    const chat = (id: string, content = 'refund my parcel') =>
      makeTrace({ id, ts: 1, request: { messages: [{ role: 'user', content: `${content} ${'x'.repeat(300)}` }] }, response: { choices: [{ message: { role: 'assistant', content: 'y'.repeat(700) } }] } });
    const layout = (db: SqliteDatabase) => ({
      withoutRowid: /WITHOUT ROWID/i.test((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'traces'").get() as { sql: string }).sql),
      overflowPages: (db.prepare("SELECT count(*) AS n FROM dbstat WHERE name = 'traces' AND pagetype = 'overflow'").get() as { n: number }).n,
      dependents: db.prepare("SELECT type, name FROM sqlite_master WHERE tbl_name = 'traces' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name").all(),
    });

    it('is a rowid table, so a short chat\'s trace fits in its page, with the same indexes and triggers', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sy-layout-'));
      try {
        const stores = openSqliteStores(join(dir, 'new.db'));
        await stores.traces.insertTraces(Array.from({ length: 20 }, (_, i) => chat(`tr_${i}`)));
        await stores.traces.insertTraces([chat('tr_3', 'a pelican instead')]);
        stores.traces.indexAll();
        expect(layout(stores.db)).toEqual({
          withoutRowid: false,
          overflowPages: 0,
          dependents: [
            { type: 'index', name: 'traces_judged_ts' },
            { type: 'index', name: 'traces_key_id_ts' },
            { type: 'index', name: 'traces_key_ts' },
            { type: 'index', name: 'traces_model_ts' },
            { type: 'trigger', name: 'traces_search_delete' },
            { type: 'trigger', name: 'traces_search_insert' },
            { type: 'trigger', name: 'traces_search_update' },
            { type: 'index', name: 'traces_session_ts' },
            { type: 'index', name: 'traces_status_ts' },
            { type: 'index', name: 'traces_ts' },
          ],
        });
        // Written again under its id: replaced, and found by its new text only.
        expect(stores.db.prepare('SELECT count(*) AS n FROM traces').get()).toEqual({ n: 20 });
        expect((await stores.traces.listTraces({ text: 'pelican' })).traces.map((t) => t.id)).toEqual(['tr_3']);
        expect((await stores.traces.getTraces(['tr_3', 'tr_7'])).map((t) => t.id).sort()).toEqual(['tr_3', 'tr_7']);
        await stores.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('keeps its layout in a file that already holds traces (converting would copy them all at start-up)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sy-layout-'));
      try {
        const path = join(dir, 'old.db');
        const before = openDatabase(path, [TRACE_MIGRATIONS]);
        await new SqliteTraceStore(before).insertTraces(Array.from({ length: 20 }, (_, i) => chat(`tr_${i}`)));
        before.close();
        const stores = openSqliteStores(path);
        await stores.traces.insertTraces([chat('tr_new', 'a pelican after')]);
        // There each short chat spills into an overflow page of its own.
        expect(layout(stores.db)).toMatchObject({ withoutRowid: true, overflowPages: 21 });
        expect((await stores.traces.listTraces({ text: 'pelican' })).traces.map((t) => t.id)).toEqual(['tr_new']);
        await stores.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('opens a file another connection is writing without waiting for its write lock, and new files vacuum incrementally', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-open-busy-'));
    const path = join(dir, 'gateway.db');
    const gateway = openDatabase(path, SQLITE_FEATURES);
    try {
      expect(gateway.pragma('auto_vacuum', { simple: true })).toBe(2);
      // The gateway mid-write: `switchyard alerts` (any CLI reader) waited 5 s here, then failed
      // with "database is locked", when opening set auto_vacuum, which takes the write lock.
      gateway.exec('BEGIN IMMEDIATE');
      gateway.exec("INSERT INTO schema_migrations (feature, version) VALUES ('busy-probe', 1)");
      // Waiting for the lock would end in SQLITE_BUSY after the busy timeout, failing the open itself;
      // the bound is on the open's CPU, which a loaded machine does not stretch.
      const started = cpuMs();
      const reader = openSqliteStores(path, { writer: false });
      expect(cpuMs() - started).toBeLessThan(2_000);
      expect(await reader.monitor.listDocs('alert-event', { limit: 20 })).toEqual([]);
      await reader.close();
    } finally {
      gateway.exec('ROLLBACK');
      gateway.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the feature, the step, the file and what to do when a step fails, and keeps nothing of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-migrate-'));
    try {
      const path = join(dir, 'dev.db');
      // A file a development branch migrated: review v4, with a table main's step 5 creates.
      const dev = openDatabase(path, [{ feature: 'review', steps: REVIEW_MIGRATIONS.steps.slice(0, 4) }]);
      dev.exec('CREATE TABLE review_claims (item_id TEXT)');
      dev.close();
      let thrown: unknown;
      try {
        openSqliteStores(path);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'internal' });
      const message = (thrown as Error).message;
      expect(message).toContain(`the review schema's step 5 of ${REVIEW_MIGRATIONS.steps.length} failed on ${path}: table review_claims already exists; nothing of that step was kept (schema_migrations still records review v4)`);
      expect(message).toContain('open the database with the build that last migrated it, or restore it from a backup');
      expect(((thrown as Error).cause as Error).message).toBe('table review_claims already exists');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTrace } from '../../monitor/test-traces.js';
import { TRACE_MIGRATIONS } from './migrations.js';
import { openDatabase } from './open-database.js';
import { openSqliteStores } from './open-sqlite-stores.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';
import { INDEX_PENDING_SQL, TRACE_SEARCH_MIGRATIONS } from './trace-search-migrations.js';

const said = (id: string, ts: number, content: string) => makeTrace({ id, ts, request: { messages: [{ role: 'user', content }] } });

describe('the trace search index, kept after the write', () => {
  it('finds every trace before and after the indexer ran, and only by its current text', async () => {
    const stores = openSqliteStores(':memory:');
    const { traces, db } = stores;
    const backlog = () => (db.prepare(INDEX_PENDING_SQL.backlog).get() as { n: number }).n;
    const inIndex = (word: string) => (db.prepare('SELECT count(*) AS n FROM traces_fts WHERE traces_fts MATCH ?').get(word) as { n: number }).n;
    const ids = async (text: string) => (await traces.listTraces({ text })).traces.map((t) => t.id);

    await traces.insertTraces([said('tr_old', 1_000, 'ancient walrus'), said('tr_mid', 2_000, 'middle walrus'), said('tr_new', 3_000, 'recent walrus')]);
    // Written, not indexed yet: found by the recheck of what the index has not reached.
    expect(backlog()).toBe(3);
    expect(inIndex('walrus')).toBe(0);
    expect(await ids('walrus')).toEqual(['tr_new', 'tr_mid', 'tr_old']);

    expect(traces.indexPending(2)).toBe(2);
    expect(backlog()).toBe(1);
    expect(await ids('walrus')).toEqual(['tr_new', 'tr_mid', 'tr_old']);
    traces.indexAll();
    expect(backlog()).toBe(0);
    expect(inIndex('walrus')).toBe(3);
    expect(await ids('recent walrus')).toEqual(['tr_new']);

    // Retention on indexed traces: a deleted one leaves the index, a stripped one is re-indexed without its body.
    await traces.pruneTraces({ deleteBefore: 1_500, stripBodies: { from: 1_500, before: 2_500 }, limit: 100 });
    expect(inIndex('walrus')).toBe(1);
    expect(await ids('walrus')).toEqual(['tr_new']);
    expect(await ids('tr_mid')).toEqual(['tr_mid']);

    // An indexed trace written again: found by its new text at once; its old entry, until the
    // indexer replaces it, is filtered out by the recheck of the exact text.
    await traces.insertTraces([said('tr_new', 3_000, 'rewritten otter')]);
    expect(backlog()).toBe(1);
    expect(inIndex('walrus')).toBe(1);
    expect(await ids('walrus')).toEqual([]);
    expect(await ids('otter')).toEqual(['tr_new']);
    traces.indexAll();
    expect(inIndex('walrus')).toBe(0);
    expect(inIndex('otter')).toBe(1);
    expect(await ids('otter')).toEqual(['tr_new']);
    // Written twice within one pass: numbered and indexed once, by its last text.
    await traces.insertTraces([said('tr_twice', 3_500, 'first draft of a kestrel')]);
    await traces.insertTraces([said('tr_twice', 3_500, 'final kestrel')]);
    traces.indexAll();
    expect(inIndex('kestrel')).toBe(1);
    expect(inIndex('draft')).toBe(0);
    expect(await ids('kestrel')).toEqual(['tr_twice']);

    // Stripped and deleted before the indexer reached them: nothing stale ever enters the index.
    await traces.insertTraces([said('tr_a', 4_000, 'fleeting heron'), said('tr_b', 5_000, 'doomed heron')]);
    await traces.pruneTraces({ deleteBefore: 4_500, stripBodies: { from: 4_500, before: 6_000 }, limit: 100 });
    expect(await ids('heron')).toEqual([]);
    traces.indexAll();
    expect(inIndex('heron')).toBe(0);
    expect(await ids('tr_b')).toEqual(['tr_b']);
    await stores.close();
  });

  it('indexes what a process wrote before it closes, so the next one reads it from the index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-index-'));
    try {
      const path = join(dir, 'traces.db');
      const first = openSqliteStores(path);
      await first.traces.insertTraces(Array.from({ length: 1_500 }, (_, i) => said(`tr_${String(i).padStart(4, '0')}`, i, `note ${i} about a pelican`)));
      await first.close();
      const second = openSqliteStores(path);
      expect((second.db.prepare(INDEX_PENDING_SQL.backlog).get() as { n: number }).n).toBe(0);
      expect((await second.traces.listTraces({ text: 'note 1499 about', limit: 5 })).traces.map((t) => t.id)).toEqual(['tr_1499']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps what a file indexed with the numbering of the third step, and queues what it had not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-index-'));
    try {
      const path = join(dir, 'v3.db');
      const v3 = openDatabase(path, [TRACE_MIGRATIONS, { feature: 'trace_search', steps: TRACE_SEARCH_MIGRATIONS.steps.slice(0, 3) }]);
      await new SqliteTraceStore(v3).insertTraces([said('tr_done', 1, 'indexed puffin'), said('tr_todo', 2, 'pending puffin')]);
      // The third step's indexer had reached the first trace only.
      v3.exec(`INSERT INTO traces_fts (rowid, body) SELECT rowid, 'indexed puffin' FROM trace_search_ids WHERE id = 'tr_done';
               UPDATE trace_search_state SET indexed_upto = (SELECT rowid FROM trace_search_ids WHERE id = 'tr_done');`);
      v3.close();
      const stores = openSqliteStores(path);
      expect(stores.migrated).toContainEqual({ feature: 'trace_search', version: 4 });
      expect((stores.db.prepare(INDEX_PENDING_SQL.backlog).get() as { n: number }).n).toBe(1);
      expect((await stores.traces.listTraces({ text: 'puffin' })).traces.map((t) => t.id)).toEqual(['tr_todo', 'tr_done']);
      stores.traces.indexAll();
      expect((stores.db.prepare("SELECT count(*) AS n FROM traces_fts WHERE traces_fts MATCH 'puffin'").get() as { n: number }).n).toBe(2);
      expect((await stores.traces.listTraces({ text: 'pending puffin' })).traces.map((t) => t.id)).toEqual(['tr_todo']);
      await stores.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

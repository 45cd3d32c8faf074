import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTrace } from '../../monitor/test-traces.js';
import { openSqliteStores } from './open-sqlite-stores.js';
import { INDEX_PENDING_SQL } from './trace-search-migrations.js';

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

    // The newest indexed trace written again: its new text gets a new number above the mark.
    await traces.insertTraces([said('tr_new', 3_000, 'rewritten otter')]);
    expect(inIndex('walrus')).toBe(0);
    expect(backlog()).toBe(1);
    expect(await ids('walrus')).toEqual([]);
    expect(await ids('otter')).toEqual(['tr_new']);
    traces.indexAll();
    expect(inIndex('otter')).toBe(1);
    expect(await ids('otter')).toEqual(['tr_new']);

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
});

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

  it('pages a phrase in more traces than a page newest first, as a rare one, whatever order the traces were indexed in', async () => {
    const { traces } = openSqliteStores(':memory:');
    // 150 traces say the phrase (written in shuffled time order, so the index numbers them out of
    // order; pairs share a timestamp), 30 hold its words the other way round; the last 20 wait in
    // the queue. Past √(traces × page) matches the search walks the newest traces (~37 here).
    const order = Array.from({ length: 180 }, (_, i) => (i * 67) % 180);
    const written = order.map((n) => said(`tr_${String(n).padStart(3, '0')}`, 1_000 + Math.floor(n / 2), n % 6 === 5 ? 'heron grey, the' : `the grey heron ${n} flew`));
    await traces.insertTraces(written.slice(0, 100));
    await traces.insertTraces(written.slice(100, 160));
    traces.indexAll();
    await traces.insertTraces(written.slice(160));
    const expected = written
      .filter((t) => JSON.stringify(t.request).includes('grey heron'))
      .sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : -1))
      .map((t) => t.id);
    expect(expected).toHaveLength(150);
    const pages = async (text: string, limit: number) => {
      const ids: string[] = [];
      let before: string | undefined;
      do {
        const page = await traces.listTraces({ text, limit, ...(before ? { before } : {}) });
        expect(page.traces.length).toBeLessThanOrEqual(limit);
        ids.push(...page.traces.map((t) => t.id));
        before = page.next ?? undefined;
      } while (before);
      return ids;
    };
    const first = await traces.listTraces({ text: 'grey heron', limit: 10 });
    expect(first.traces.map((t) => t.id)).toEqual(expected.slice(0, 10));
    expect(await pages('grey heron', 10)).toEqual(expected);
    expect(await pages('grey heron', 7)).toEqual(expected);
    // Few matches (a number in one trace, or the words the other way round in 30): looked up and sorted, the same order.
    expect(await pages('grey heron 16 flew', 10)).toEqual(['tr_016']);
    expect(await pages('heron grey', 10)).toEqual(['tr_179', 'tr_173', 'tr_167', 'tr_161', 'tr_155', 'tr_149', 'tr_143', 'tr_137', 'tr_131', 'tr_125', 'tr_119', 'tr_113', 'tr_107', 'tr_101', 'tr_095', 'tr_089', 'tr_083', 'tr_077', 'tr_071', 'tr_065', 'tr_059', 'tr_053', 'tr_047', 'tr_041', 'tr_035', 'tr_029', 'tr_023', 'tr_017', 'tr_011', 'tr_005']);
  });

  it('pages a phrase in many old traces past a walk of the newest ones that holds none', async () => {
    const { traces } = openSqliteStores(':memory:');
    // 60 old traces say it, 200 newer ones do not: more matches than the look-ups take (~54),
    // and none in the newest traces the walk reads (~108), so the rest comes from the older ones.
    const old = Array.from({ length: 60 }, (_, i) => said(`tr_a${String(i).padStart(2, '0')}`, 1_000 + Math.floor(i / 3), `a grey heron ${i}`));
    const newer = Array.from({ length: 200 }, (_, i) => said(`tr_b${String(i).padStart(3, '0')}`, 2_000 + i, `a white egret ${i}`));
    await traces.insertTraces(old);
    await traces.insertTraces(newer);
    traces.indexAll();
    const expected = [...old].sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : -1)).map((t) => t.id);
    const first = await traces.listTraces({ text: 'grey heron', limit: 10 });
    expect(first.traces.map((t) => t.id)).toEqual(expected.slice(0, 10));
    const ids: string[] = [];
    let before: string | undefined;
    do {
      const page = await traces.listTraces({ text: 'grey heron', limit: 25, ...(before ? { before } : {}) });
      ids.push(...page.traces.map((t) => t.id));
      before = page.next ?? undefined;
    } while (before);
    expect(ids).toEqual(expected);
    // With the newest traces saying it too: the page is the walk’s and the older traces’ together.
    await traces.insertTraces([said('tr_c', 3_000, 'a grey heron again')]);
    expect((await traces.listTraces({ text: 'grey heron', limit: 3 })).traces.map((t) => t.id)).toEqual(['tr_c', ...expected.slice(0, 2)]);
  });

  it('pages a text whose words every trace holds but few say exactly, past the newest traces that never do', async () => {
    const { traces } = openSqliteStores(':memory:');
    // 260 traces hold the words; the exact text (`;` for `,`) is in none of the newest 40 (the
    // traces checked before a walk), in 12 a little older and in 5 of the oldest, two pairs sharing a timestamp.
    const exact = new Set([45, 46, 47, 50, 51, 60, 61, 62, 70, 80, 81, 90, 255, 256, 257, 258, 259]);
    const written = Array.from({ length: 260 }, (_, i) =>
      said(`tr_${String(i).padStart(3, '0')}`, 10_000 - i + (i === 46 || i === 259 ? 1 : 0), exact.has(i) ? `open Settings; then ${i}` : `open Settings, then ${i}`),
    );
    await traces.insertTraces(written);
    traces.indexAll();
    const expected = written
      .filter((t) => JSON.stringify(t.request).includes('Settings; then'))
      .sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : -1))
      .map((t) => t.id);
    expect(expected).toHaveLength(17);
    for (const limit of [10, 4]) {
      const ids: string[] = [];
      let before: string | undefined;
      do {
        const page = await traces.listTraces({ text: 'open Settings; then', limit, ...(before ? { before } : {}) });
        expect(page.traces.length).toBeLessThanOrEqual(limit);
        ids.push(...page.traces.map((t) => t.id));
        before = page.next ?? undefined;
      } while (before);
      expect(ids).toEqual(expected);
    }
    // The comma form is in the other 243: the walk fills the page from the newest.
    expect((await traces.listTraces({ text: 'open Settings, then', limit: 3 })).traces.map((t) => t.id)).toEqual(['tr_000', 'tr_001', 'tr_002']);
  });

  it('pages a phrase in many traces within a status class, common or rare, as it pages all of them', async () => {
    const { traces } = openSqliteStores(':memory:');
    // 260 traces say it; every seventh failed (37: fewer than the walk’s bound of ~108, so that
    // class is sorted) and the rest are ok (more: the walk checks each row’s status).
    const written = Array.from({ length: 260 }, (_, i) => ({
      ...said(`tr_${String(i).padStart(3, '0')}`, 10_000 - Math.floor(i / 2), `the grey heron ${i}`),
      status: i % 7 === 3 ? 502 : 200,
    }));
    await traces.insertTraces(written);
    traces.indexAll();
    const sorted = [...written].sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : -1));
    for (const status of ['ok', 'error', 502] as const) {
      const expected = sorted.filter((t) => (status === 'ok' ? t.status < 400 : t.status >= 400)).map((t) => t.id);
      const ids: string[] = [];
      let before: string | undefined;
      do {
        const page = await traces.listTraces({ text: 'grey heron', status, limit: 10, ...(before ? { before } : {}) });
        ids.push(...page.traces.map((t) => t.id));
        before = page.next ?? undefined;
      } while (before);
      expect(ids).toEqual(expected);
    }
  });

  it('pages a rare status class among many traces (read by its index and sorted) in the (ts, id) order', async () => {
    // 1,200 traces with ts ties in pairs; 36 of one class (under the ~120 that make a class rare
    // for a page of 2), the rest of the other: errors rare in one file, ok rare in the other.
    for (const rare of ['error', 'ok'] as const) {
      const { traces } = openSqliteStores(':memory:');
      const written = Array.from({ length: 1_200 }, (_, i) => {
        const odd = i % 67 === 5 || i % 67 === 6;
        return {
          ...said(`tr_${String(i).padStart(4, '0')}`, 100_000 - Math.floor(i / 2), `the grey heron ${i}`),
          status: odd === (rare === 'error') ? 500 : 200,
          requestedModel: i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
          team: i % 2 === 0 ? 'cx' : 'ops',
        };
      });
      await traces.insertTraces(written);
      traces.indexAll();
      const sorted = [...written].sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : -1));
      const extras: { model?: string; team?: string; since?: number }[] = [{}, { model: 'gpt-4o-mini' }, { team: 'cx' }, { since: 100_000 - 400 }];
      for (const extra of extras) {
        const expected = sorted
          .filter((t) => (rare === 'error' ? t.status >= 400 : t.status < 400))
          .filter((t) => (extra.model === undefined || t.requestedModel === extra.model) && (extra.team === undefined || t.team === extra.team))
          .filter((t) => extra.since === undefined || t.ts >= extra.since)
          .map((t) => t.id);
        expect(expected.length).toBeGreaterThan(4);
        const ids: string[] = [];
        let before: string | undefined;
        do {
          const page = await traces.listTraces({ status: rare, ...extra, limit: 2, ...(before ? { before } : {}) });
          ids.push(...page.traces.map((t) => t.id));
          before = page.next ?? undefined;
        } while (before);
        expect(ids).toEqual(expected);
      }
    }
  });

  it('files a pass in the order traces were queued, whatever order their ids sort in, as one segment, and merges 8 segments a level', async () => {
    const stores = openSqliteStores(':memory:');
    const { traces, db } = stores;
    // Ids that sort against the order they arrive in (traces that finished out of order): FTS5
    // writes a new segment whenever a number is below the last one's, so filed in id order the
    // pass would leave ~one segment per trace for the merges to copy again.
    await traces.insertTraces(Array.from({ length: 1_000 }, (_, i) => said(`tr_${String(9_999 - i).padStart(4, '0')}`, i, `note ${i} about an ibis`)));
    traces.indexAll();
    const pages = (db.prepare('SELECT count(*) AS n FROM traces_fts_data').get() as { n: number }).n;
    // 18 pages filed in order; 38 in id order, after the merges.
    expect(pages).toBeLessThan(25);
    expect(db.prepare("SELECT v FROM traces_fts_config WHERE k = 'automerge'").pluck().get()).toBe(8);
    expect((await traces.listTraces({ text: 'note 7 about', limit: 5 })).traces.map((t) => t.id)).toEqual(['tr_9992']);
    await stores.close();
  });

  it("after a purge blanks answers, the index's segments keep none of their words once merged", async () => {
    const stores = openSqliteStores(':memory:');
    const { traces, db } = stores;
    const answered = (id: string, ts: number, answer: string) => makeTrace({ id, ts, request: { messages: [{ role: 'user', content: 'who left' }] }, response: { choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] }, decisions: { knowledge: { base: 'handbook', version: 1, chunks: [{ docId: 'docs/leaked.md', chunkId: 'c1' }] } } });
    // A few filing passes, each its own segment, as traces arrive over time.
    for (let pass = 0; pass < 3; pass++) {
      await traces.insertTraces([answered(`tr_${pass}`, pass, `Quillenbrook was dismissed, pass ${pass}`)]);
      traces.indexAll();
    }
    const inSegments = (word: string) => (db.prepare('SELECT block FROM traces_fts_data').pluck().all() as Buffer[]).some((b) => Buffer.isBuffer(b) && b.toString('latin1').includes(word));
    expect(inSegments('quillenbrook')).toBe(true);
    expect(await traces.forgetAnswers(['tr_0', 'tr_1', 'tr_2'], { base: 'handbook', docIds: ['docs/leaked.md'], at: 5 })).toBe(3);
    traces.indexAll();
    expect((await traces.listTraces({ text: 'Quillenbrook' })).traces).toEqual([]);
    // Not found by a search, but FTS5 keeps a deleted row's terms in its segments until they merge.
    expect(inSegments('quillenbrook')).toBe(true);
    let steps = 0;
    while (await traces.mergeSearchIndex(1)) steps++;
    expect(steps).toBeGreaterThan(0);
    expect(inSegments('quillenbrook')).toBe(false);
    expect((await traces.listTraces({ text: 'who left' })).traces).toHaveLength(3);
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

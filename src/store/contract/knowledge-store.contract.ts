import { describe, expect, it } from 'vitest';
import { hashedEmbedder } from '../../knowledge/embed/hashed-embedder.js';
import { paragraphBlocks } from '../../knowledge/ingest/paragraph-blocks.js';
import { documentSet } from '../../knowledge/ingest/source-item.js';
import { indexDocuments, reembed } from '../../knowledge/index-documents.js';
import { openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import { search } from '../../knowledge/search/search.js';
import { removeDocuments } from '../../knowledge/remove-documents.js';
import type { Embedder, LoadedDocument, Metadata } from '../../knowledge/types.js';
import type { KnowledgeStore, WriterLease } from '../../knowledge/store/knowledge-store.js';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';

const doc = (id: string, text: string, metadata: Metadata = {}): LoadedDocument => ({ id, title: id, text, blocks: paragraphBlocks(text), metadata });

const HANDBOOK = [
  doc('refunds', 'Refunds are paid to the original card within five business days.', { team: 'support', year: 2024, public: true }),
  doc('shipping', 'Parcels ship from the Leeds warehouse by tracked courier.', { team: 'logistics', year: 2025, public: true }),
  doc('security', 'Rotate every API key after an engineer leaves the company.', { team: 'platform', year: 2025, public: false }),
  doc('running', 'The running club meets on Thursdays; runners of every pace are welcome.', { team: 'social', year: 2023, public: true }),
];

/** The hashed embedder, counting the texts it embeds. */
function countingEmbedder(): Embedder & { texts: string[] } {
  const inner = hashedEmbedder(64);
  const texts: string[] = [];
  return { model: inner.model, texts, embed: async (batch: string[]) => (texts.push(...batch), inner.embed(batch)) };
}

let counter = 0;
const uniqueName = () => `kb-${process.pid}-${Date.now().toString(36)}-${counter++}`;

/**
 * The behaviour every KnowledgeStore must have, driven through the public API (open, index,
 * search), run against each engine. `fresh` returns a store with no knowledge bases named like
 * the ones this suite creates.
 */
export function knowledgeStoreContract(engine: string, fresh: () => Promise<KnowledgeStore>): void {
  describe(`${engine} knowledge store`, () => {
    const setup = async (documents = HANDBOOK) => {
      const store = await fresh();
      const kb = await openKnowledgeBase({ store, name: uniqueName(), create: true, clock: { now: () => 1_700_000_000_000, sleep: async () => undefined } });
      const report = await indexDocuments(kb, documentSet('handbook', documents));
      return { store, kb, report };
    };

    it('indexes a set as version 1 and finds chunks by any query word, stemmed (an OR query)', async () => {
      const { kb, report } = await setup();
      expect(report).toMatchObject({ version: 1, published: true, added: 4, changed: 0, unchanged: 0, removed: 0, chunks: 4 });
      expect(kb.record).toMatchObject({ version: 1, documents: 4, chunks: 4, embeddingModel: null });
      const { chunks } = await search(kb, 'refund timelines for zebras', { k: 3 });
      expect(chunks[0]?.docId).toBe('refunds');
      const runners = await search(kb, 'run', { k: 3 });
      expect(runners.chunks.map((c) => c.docId)).toEqual(['running']);
      const ranked = await search(kb, 'warehouse key', { k: 10 });
      expect(ranked.chunks.map((c) => c.docId).sort()).toEqual(['security', 'shipping']);
      expect(ranked.chunks[0]?.score).toBeGreaterThanOrEqual(ranked.chunks[1]?.score ?? 0);
    });

    it('returns citations whose offsets point at the cited text of the stored document', async () => {
      const { kb, store } = await setup();
      const [hit] = (await search(kb, 'tracked courier', { k: 1 })).chunks;
      const stored = await store.getDocument(kb.record.id, hit?.docId ?? '', kb.record.version);
      expect(stored?.text.slice(hit?.start, hit?.end)).toBe(hit?.text);
      expect(hit).toMatchObject({ chunkId: 'shipping#0', title: 'shipping', headingPath: [], metadata: { team: 'logistics' } });
    });

    it('treats query syntax and SQL in user text as words', async () => {
      const { kb } = await setup();
      for (const hostile of ['refund" OR body:* NEAR(', "'; DROP TABLE kb_documents; --", 'title:refunds AND -x', '\u0000\u{1F600}*', '"""']) {
        await expect(search(kb, hostile, { k: 5 })).resolves.toBeDefined();
      }
      expect((await search(kb, "refunds'; DROP TABLE x", { k: 1 })).chunks[0]?.docId).toBe('refunds');
      expect((await search(kb, '?!.,', { k: 5 })).chunks).toEqual([]);
    });

    it('filters on metadata: equality, any-of, numbers and booleans, with precise errors', async () => {
      const { kb } = await setup();
      const ids = async (filter: Record<string, string | number | boolean | (string | number)[]>) =>
        (await search(kb, 'refunds parcels key running', { k: 10, filter })).chunks.map((c) => c.docId).sort();
      expect(await ids({ team: 'support' })).toEqual(['refunds']);
      expect(await ids({ team: ['support', 'platform'] })).toEqual(['refunds', 'security']);
      expect(await ids({ year: 2025 })).toEqual(['security', 'shipping']);
      expect(await ids({ public: false })).toEqual(['security']);
      expect(await ids({ year: 2025, public: true })).toEqual(['shipping']);
      expect(await ids({ missing: 'x' })).toEqual([]);
      await expect(search(kb, 'x', { filter: { "a'b": 'x' } })).rejects.toThrow(/filter field "a'b" must be/);
    });

    it('matches a filter value against a list field when the list holds it (front matter tags), in BM25 and dense search', async () => {
      const tagged = [
        doc('pricing', 'Annual billing saves 20 percent on every plan.', { tags: ['pricing', 'plans'], years: [2024, 2025], flags: [true] }),
        doc('travel', 'Hotel nights are reimbursed up to 150 euros per plan.', { tags: ['travel'], years: [2025], flags: [false] }),
        doc('holiday', 'Staff get 28 days of paid holiday under every plan.', { tags: 'holiday', years: 2023 }),
      ];
      const { store } = await setup();
      const kb = await openKnowledgeBase({ store, name: uniqueName(), create: true });
      const embedder = hashedEmbedder();
      await indexDocuments(kb, documentSet('tagged', tagged), { embedder });
      const ids = async (filter: Record<string, string | number | boolean | (string | number)[]>, mode: 'bm25' | 'dense' = 'bm25') =>
        (await search(kb, 'plan billing hotel holiday', { k: 10, filter, mode, embedder })).chunks.map((c) => c.docId).sort();
      for (const mode of ['bm25', 'dense'] as const) {
        expect([mode, await ids({ tags: 'pricing' }, mode)]).toEqual([mode, ['pricing']]);
        expect([mode, await ids({ tags: ['travel', 'holiday'] }, mode)]).toEqual([mode, ['holiday', 'travel']]);
      }
      expect(await ids({ years: 2025 })).toEqual(['pricing', 'travel']);
      expect(await ids({ years: '2025' })).toEqual([]);
      expect(await ids({ flags: true })).toEqual(['pricing']);
      expect(await ids({ tags: 'plan' })).toEqual([]);
      const [hit] = (await search(kb, 'annual billing', { k: 1 })).chunks;
      expect(hit?.metadata).toEqual({ tags: ['pricing', 'plans'], years: [2024, 2025], flags: [true] });
    });

    it('re-indexes incrementally as a new version and keeps old versions searchable', async () => {
      const { kb } = await setup();
      const changed = [HANDBOOK[0] as LoadedDocument, doc('shipping', 'Parcels now ship from the Bristol depot.', { team: 'logistics' }), HANDBOOK[3] as LoadedDocument];
      const report = await indexDocuments(kb, documentSet('handbook', changed));
      expect(report).toMatchObject({ version: 2, added: 0, changed: 1, unchanged: 2, removed: 1, chunks: 1 });
      expect(kb.record).toMatchObject({ version: 2, documents: 3, chunks: 3 });
      expect((await search(kb, 'Leeds', { k: 5 })).chunks).toEqual([]);
      expect((await search(kb, 'Bristol', { k: 5 })).chunks.map((c) => c.docId)).toEqual(['shipping']);
      expect((await search(kb, 'Leeds', { k: 5, version: 1 })).chunks.map((c) => c.docId)).toEqual(['shipping']);
      expect((await search(kb, 'API key', { k: 5, version: 1 })).chunks.map((c) => c.docId)).toEqual(['security']);
      const again = await indexDocuments(kb, documentSet('handbook', changed));
      expect(again).toMatchObject({ version: 2, published: false, unchanged: 3 });
      expect((await kb.store.versions(kb.record.id)).map((v) => [v.version, v.added, v.changed, v.removed, v.documents])).toEqual([
        [1, 4, 0, 0, 4],
        [2, 0, 1, 1, 3],
      ]);
      await expect(search(kb, 'x', { version: 3 })).rejects.toThrow(/versions 1–2; version 3 does not exist/);
    });

    it('removes only documents of the roots being re-indexed', async () => {
      const { kb } = await setup();
      await indexDocuments(kb, documentSet('other-root', [doc('faq', 'Opening hours are nine to five.')]));
      expect(kb.record.documents).toBe(5);
      await indexDocuments(kb, documentSet('other-root', []));
      expect(kb.record.documents).toBe(4);
    });

    it('never shows an unpublished version, and discards it on the next indexing', async () => {
      const { kb, store } = await setup();
      const next = await store.beginVersion(kb.record.id);
      await store.writeDocuments(kb.record.id, next, [{ docId: 'ghost', source: 'handbook', title: 'ghost', hash: 'h', text: 'phantom text', metadata: {}, chunks: [{ chunkId: 'ghost#0', ordinal: 0, text: 'phantom text', start: 0, end: 12, headingPath: [] }] }]);
      await store.removeDocuments(kb.record.id, next, ['refunds']);
      expect((await search(kb, 'phantom', { k: 5 })).chunks).toEqual([]);
      expect((await search(kb, 'refunds', { k: 5 })).chunks.map((c) => c.docId)).toEqual(['refunds']);
      const report = await indexDocuments(kb, documentSet('handbook', HANDBOOK));
      expect(report).toMatchObject({ published: false, unchanged: 4 });
      expect((await search(kb, 'phantom', { k: 5 })).chunks).toEqual([]);
      expect(kb.record.documents).toBe(4);
    });

    it('resumes an interrupted indexing: keeps what it wrote, embeds only the rest, and ends as an uninterrupted run does', async () => {
      const store = await fresh();
      const clock = { now: () => 1_700_000_000_000, sleep: async () => undefined };
      const first = Array.from({ length: 6 }, (_, i) => doc(`d${i}`, `Document ${i} covers refunds, card fees and statement number ${i}.`));
      // The second run: d0–d2 changed, d5 deleted, d6–d11 new.
      const second = [
        ...first.slice(0, 5).map((d, i) => (i < 3 ? doc(d.id, `${d.text} Revised in the spring.`) : d)),
        ...Array.from({ length: 6 }, (_, i) => doc(`d${i + 6}`, `Document ${i + 6} covers transfers and exchange limit ${i}.`)),
      ];
      const build = async () => {
        const kb = await openKnowledgeBase({ store, name: uniqueName(), create: true, clock });
        await indexDocuments(kb, documentSet('corpus', first), { embedder: countingEmbedder() });
        return kb;
      };
      const whole = await build();
      const wholeReport = await indexDocuments(whole, documentSet('corpus', second), { embedder: countingEmbedder() });

      const kb = await build();
      const interrupted = countingEmbedder();
      const stop = new AbortController();
      // Aborted as the 7th document (d7) is offered, it stops before the 8th: d0–d2 and d6 are
      // written (batches of two); d7's batch is not.
      const onProgress = ({ done }: { done: number }) => done === 6 && stop.abort();
      await expect(indexDocuments(kb, documentSet('corpus', second), { embedder: interrupted, batchDocuments: 2, signal: stop.signal, onProgress })).rejects.toThrow(/abort/i);
      expect(interrupted.texts).toHaveLength(4);
      // Nothing published: searches keep version 1, d5 (never reached as deleted) included.
      expect(kb.record).toMatchObject({ version: 1, documents: 6 });
      expect((await search(kb, 'revised spring', { k: 5 })).chunks).toEqual([]);
      expect((await search(kb, 'statement number 5', { k: 1 })).chunks[0]?.docId).toBe('d5');
      expect([...(await store.pendingHeads(kb.record.id)).keys()].sort()).toEqual(['d0', 'd1', 'd2', 'd6']);

      const resumed = countingEmbedder();
      const report = await indexDocuments(kb, documentSet('corpus', second), { embedder: resumed });
      expect(resumed.texts).toEqual(second.slice(6).map((d) => d.text)); // d7–d11 only
      expect(report).toMatchObject({ version: 2, published: true, added: 6, changed: 3, unchanged: 2, resumed: 4, removed: 1, embedded: 5, chunks: 5 });
      expect(wholeReport).toMatchObject({ added: 6, changed: 3, unchanged: 2, resumed: 0, removed: 1, embedded: 9 });
      const shape = async (base: typeof kb) => ({
        versions: (await store.versions(base.record.id)).map(({ createdAt: _, ...v }) => v),
        documents: (await store.listDocuments(base.record.id, base.record.version, 100)).map(({ docId, hash, text, chunks, versionFrom }) => ({ docId, hash, text, chunks, versionFrom })),
        record: { documents: base.record.documents, chunks: base.record.chunks, embeddedChunks: base.record.embeddedChunks },
        dense: (await search(base, 'refunds revised in spring', { k: 12, mode: 'dense', embedder: hashedEmbedder(64) })).chunks.map((c) => [c.chunkId, c.score.toFixed(6)]),
      });
      expect(await shape(kb)).toEqual(await shape(whole));
      expect(await store.pendingHeads(kb.record.id)).toEqual(new Map());
    });

    it('drops what an interrupted run wrote when the next run finds it changed again or gone', async () => {
      const { kb, store } = await setup();
      const stop = new AbortController();
      const grown = [...HANDBOOK, doc('parking', 'Staff park behind the Leeds warehouse.'), doc('lunch', 'Lunch is served at noon.'), doc('gym', 'The gym opens at six.')];
      await expect(indexDocuments(kb, documentSet('handbook', grown), { batchDocuments: 1, signal: stop.signal, onProgress: ({ done }) => done === 5 && stop.abort() })).rejects.toThrow(/abort/i);
      expect([...(await store.pendingHeads(kb.record.id)).keys()].sort()).toEqual(['lunch', 'parking']);
      // Aborted as lunch (the 6th) is offered: gym was never reached. Since, parking changed and lunch is gone.
      const report = await indexDocuments(kb, documentSet('handbook', [...HANDBOOK, doc('parking', 'Staff park in the north lot.'), doc('gym', 'The gym opens at six.')]));
      expect(report).toMatchObject({ added: 2, changed: 0, resumed: 0, removed: 0, unchanged: 4 });
      expect((await store.listDocuments(kb.record.id, kb.record.version, 10)).map((d) => d.docId)).toEqual(['gym', 'parking', 'refunds', 'running', 'security', 'shipping']);
      expect((await search(kb, 'lunch noon', { k: 5 })).chunks).toEqual([]);
      expect((await search(kb, 'north lot', { k: 1 })).chunks[0]?.docId).toBe('parking');
    });

    it('searches dense and hybrid with one embedding model, and refuses to mix models', async () => {
      const { kb } = await setup();
      const embedder = hashedEmbedder(128);
      const report = await indexDocuments(kb, documentSet('handbook', HANDBOOK), { embedder });
      expect(report).toMatchObject({ published: false, embedded: 4 });
      expect(kb.record).toMatchObject({ embeddingModel: 'hashed-bow-128', dimensions: 128, embeddedChunks: 4 });
      const dense = await search(kb, 'original card refunds', { k: 2, mode: 'dense', embedder });
      expect(dense.chunks[0]?.docId).toBe('refunds');
      expect(dense.chunks[0]?.score).toBeGreaterThan(dense.chunks[1]?.score ?? 1);
      const filtered = await search(kb, 'original card refunds', { k: 5, mode: 'dense', embedder, filter: { team: 'platform' } });
      expect(filtered.chunks.map((c) => c.docId)).toEqual(['security']);
      const hybrid = await search(kb, 'club on Thursdays', { k: 4, mode: 'hybrid', embedder });
      expect(hybrid.chunks[0]?.docId).toBe('running');
      const other = hashedEmbedder(64, 'another-model');
      await expect(search(kb, 'refunds', { mode: 'dense', embedder: other })).rejects.toThrow(/vectors from embedding model "hashed-bow-128".*not "another-model".*Re-embed/);
      await expect(indexDocuments(kb, documentSet('handbook', HANDBOOK), { embedder: other })).rejects.toThrow(/re-embed/i);
      expect(await reembed(kb, other)).toEqual({ embedded: 4 });
      expect(kb.record).toMatchObject({ embeddingModel: 'another-model', dimensions: 64 });
      expect((await search(kb, 'original card refunds', { k: 1, mode: 'dense', embedder: other })).chunks[0]?.docId).toBe('refunds');
    });

    it('removes one document as a new version searches use at once; earlier versions keep it', async () => {
      const { kb, store } = await setup();
      expect((await search(kb, 'Leeds warehouse', { k: 5 })).chunks.map((c) => c.docId)).toEqual(['shipping']);
      const report = await removeDocuments(kb, ['shipping']);
      expect(report).toEqual({ version: 2, removed: ['shipping'], documents: 3, chunks: 3 });
      expect(kb.record).toMatchObject({ version: 2, documents: 3 });
      expect((await search(kb, 'Leeds warehouse', { k: 5 })).chunks).toEqual([]);
      expect((await search(kb, 'Leeds warehouse', { k: 5, version: 1 })).chunks.map((c) => c.docId)).toEqual(['shipping']);
      expect((await store.versions(kb.record.id)).map(({ createdAt: _, ...v }) => v)).toEqual([
        { version: 1, added: 4, changed: 0, removed: 0, documents: 4, chunks: 4 },
        { version: 2, added: 0, changed: 0, removed: 1, documents: 3, chunks: 3 },
      ]);
      // A second base reading the same store (a gateway) sees the new version on its next read.
      const other = await openKnowledgeBase({ store, name: kb.name });
      expect((await search(other, 'Leeds warehouse', { k: 5 })).chunks).toEqual([]);
      // The next indexing of the source brings it back, as a file still on disk would.
      expect(await indexDocuments(kb, documentSet('handbook', HANDBOOK))).toMatchObject({ version: 3, added: 1, unchanged: 3 });
    });

    it('removes every document of a source, and refuses an unknown id naming the base and the closest ids, removing nothing', async () => {
      const { kb } = await setup();
      await indexDocuments(kb, documentSet('faq.jsonl', [doc('faq/hours', 'Opening hours are nine to five.'), doc('faq/parking', 'Staff park behind the warehouse.')]));
      await expect(removeDocuments(kb, ['refund', 'shipping'])).rejects.toThrow(`no document "refund" (did you mean "refunds"?) in knowledge base "${kb.name}" (version 2, 6 documents); nothing was removed. switchyard kb show ${kb.name} lists its document ids`);
      await expect(removeDocuments(kb, ['sequrity', 'zzz'])).rejects.toThrow(/^no documents "sequrity" \(did you mean "security"\?\), "zzz" in knowledge base/);
      expect(kb.record).toMatchObject({ version: 2, documents: 6 });
      expect((await removeDocuments(kb, ['faq.jsonl'])).removed).toEqual(['faq/hours', 'faq/parking']);
      await indexDocuments(kb, documentSet('guides', [doc('guides/travel/hotels', 'Hotels up to 150 euros.'), doc('guides/travel/trains', 'Trains in standard class.'), doc('guides/pay', 'Paid monthly.')]));
      // A folder under a source stands for the documents in it, with or without its slash.
      expect(await removeDocuments(kb, ['guides/travel/'])).toMatchObject({ removed: ['guides/travel/hotels', 'guides/travel/trains'], documents: 5 });
      await expect(removeDocuments(kb, ['guides/travel'])).rejects.toThrow(/^no document "guides\/travel" in knowledge base/);
    });

    it('leaves what an interrupted indexing wrote unpublished, for the next run to resume', async () => {
      const { kb, store } = await setup();
      const stop = new AbortController();
      const grown = [doc('refunds', 'Refunds now take ten business days.'), ...HANDBOOK.slice(1), doc('parking', 'Staff park in the north lot.'), doc('gym', 'The gym opens at six.')];
      await expect(indexDocuments(kb, documentSet('handbook', grown), { batchDocuments: 1, signal: stop.signal, onProgress: ({ done }) => done === 5 && stop.abort() })).rejects.toThrow(/abort/i);
      expect([...(await store.pendingHeads(kb.record.id)).keys()].sort()).toEqual(['gym', 'parking', 'refunds']);
      // Removing refunds drops its unpublished rewrite too; parking and gym stay pending, unpublished.
      expect(await removeDocuments(kb, ['refunds'])).toMatchObject({ version: 2, documents: 3 });
      expect((await search(kb, 'north lot', { k: 5 })).chunks).toEqual([]);
      expect((await search(kb, 'refunds business days', { k: 5 })).chunks).toEqual([]);
      expect((await search(kb, 'refunds business days', { k: 5, version: 1 })).chunks.map((c) => c.docId)).toEqual(['refunds']);
      expect([...(await store.pendingHeads(kb.record.id)).keys()].sort()).toEqual(['gym', 'parking']);
      const resumed = await indexDocuments(kb, documentSet('handbook', grown));
      expect(resumed).toMatchObject({ version: 3, resumed: 2, added: 3, unchanged: 3 });
      expect((await search(kb, 'north lot', { k: 1 })).chunks[0]?.docId).toBe('parking');
      expect((await search(kb, 'ten business days', { k: 1 })).chunks[0]?.docId).toBe('refunds');
      expect(kb.record.documents).toBe(6);
    });

    it('lets one writer change a base at a time: an indexing and a removal started together both land, one after the other', async () => {
      const { kb, store } = await setup();
      // A second handle on the same store, as a gateway's admin API or another process has.
      const other = await openKnowledgeBase({ store, name: kb.name, clock: kb.clock });
      const notes = Array.from({ length: 40 }, (_, i) => doc(`notes/${i}`, `Note ${i} about the canteen menu.`));
      const waited: string[] = [];
      const onWait = (holder: WriterLease) => void waited.push(holder.operation);
      const [added, removed] = await Promise.all([
        indexDocuments(kb, documentSet('notes', notes), { batchDocuments: 5, lock: { onWait } }),
        removeDocuments(other, ['shipping'], { lock: { onWait } }),
      ]);
      // The second to come waits for the first (unless, on a busy server, the first was done before it came).
      expect(waited.length).toBeLessThanOrEqual(1);
      expect([added.version, removed.version].sort()).toEqual([2, 3]);
      const versions = (await store.versions(kb.record.id)).map(({ createdAt: _, ...v }) => v);
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
      expect(versions[2]?.documents).toBe(43);
      await kb.refresh();
      expect(kb.record).toMatchObject({ version: 3, documents: 43, chunks: 43 });
      expect((await search(kb, 'Leeds warehouse', { k: 5 })).chunks).toEqual([]);
      expect((await search(kb, 'canteen menu', { k: 50 })).chunks).toHaveLength(40);
      // Each version holds what its record says: nothing was written into a published one.
      for (const v of versions) expect((await store.listDocuments(kb.record.id, v.version, 100)).length).toBe(v.documents);
      expect(await store.pendingHeads(kb.record.id)).toEqual(new Map());
    });

    it('grants the write lease to one taker at a time, and to another once it expired, was released or its holder is known dead', async () => {
      const { kb, store } = await setup();
      const id = kb.record.id;
      const lease = (token: string, expiresAt: number): WriterLease => ({ token, operation: 'kb add', pid: 4711, host: 'build-2', since: 0, expiresAt });
      expect(await store.acquireWriter(id, lease('a', 1000), 0)).toBeUndefined();
      expect(await store.acquireWriter(id, lease('b', 2000), 500)).toEqual(lease('a', 1000));
      expect(await store.renewWriter(id, 'a', 3000)).toBe(true);
      expect(await store.acquireWriter(id, lease('b', 4000), 2000)).toMatchObject({ token: 'a', expiresAt: 3000 });
      expect(await store.acquireWriter(id, lease('b', 5000), 3000)).toBeUndefined(); // a's lease ran out
      expect(await store.renewWriter(id, 'a', 9000)).toBe(false); // a lost it
      expect(await store.acquireWriter(id, lease('c', 6000), 3500, 'b')).toBeUndefined(); // b known dead
      await store.releaseWriter(id, 'b'); // b holds nothing: no effect
      expect(await store.acquireWriter(id, lease('d', 7000), 3600)).toMatchObject({ token: 'c' });
      await store.releaseWriter(id, 'c');
      expect(await store.acquireWriter(id, lease('d', 7000), 3600)).toBeUndefined();
    });

    it('gives up on a base another writer holds, naming it; takes over from a writer on this host whose process is gone', async () => {
      const { kb, store } = await setup();
      const now = 1_700_000_000_000;
      await store.acquireWriter(kb.record.id, { token: 'elsewhere', operation: 'kb add', pid: 4711, host: 'build-2', since: now - 75_000, expiresAt: now + 60_000 }, now);
      await expect(removeDocuments(kb, ['shipping'], { lock: { waitMs: 0 } })).rejects.toThrow(`knowledge base "${kb.name}" is being written by kb add (pid 4711 on build-2, for 75 s); did not wait: one writer at a time, try again when it finishes`);
      await expect(removeDocuments(kb, ['shipping'], { lock: { waitMs: 250 } })).rejects.toMatchObject({ status: 409, retryable: true });
      expect(kb.record.version).toBe(1);
      await store.releaseWriter(kb.record.id, 'elsewhere');
      const dead = spawnSync(process.execPath, ['-e', '0']).pid as number; // a pid of this host that has exited
      await store.acquireWriter(kb.record.id, { token: 'crashed', operation: 'kb add', pid: dead, host: hostname(), since: now, expiresAt: now + 60_000 }, now);
      expect(await removeDocuments(kb, ['shipping'], { lock: { waitMs: 0 } })).toMatchObject({ version: 2, removed: ['shipping'] });
    });

    it('purges a document from every version: no version, search or listing returns its text, and the versions are recounted', async () => {
      const { kb, store } = await setup();
      await indexDocuments(kb, documentSet('handbook', [doc('refunds', 'Refunds now take ten business days.'), ...HANDBOOK.slice(1)])); // v2: refunds rewritten
      await removeDocuments(kb, ['shipping']); // v3: a plain removal keeps it in v1 and v2
      expect((await search(kb, 'Leeds warehouse', { k: 5, version: 2 })).chunks.map((c) => c.docId)).toEqual(['shipping']);
      // Only earlier versions hold it now: a plain removal cannot name it, a purge can, without a new version.
      await expect(removeDocuments(kb, ['shipping'])).rejects.toThrow(/^no document "shipping"/);
      expect(await removeDocuments(kb, ['shipping'], { purge: true })).toEqual({ version: 3, removed: ['shipping'], documents: 3, chunks: 3, purged: { versions: [1, 2], rows: 1, chunks: 1 } });
      // A live document with an earlier revision: gone from a new version and from every earlier one.
      expect(await removeDocuments(kb, ['refunds'], { purge: true })).toMatchObject({ version: 4, documents: 2, purged: { versions: [1, 2, 3], rows: 2, chunks: 2 } });
      for (const version of [1, 2, 3, 4]) {
        expect((await search(kb, 'Leeds warehouse parcels', { k: 5, version })).chunks).toEqual([]);
        expect((await search(kb, 'refunds business days original card', { k: 5, version })).chunks).toEqual([]);
        expect(await store.getDocument(kb.record.id, 'refunds', version)).toBeUndefined();
        expect((await store.listDocuments(kb.record.id, version, 10)).map((d) => d.docId)).toEqual(['running', 'security']);
      }
      expect((await store.versions(kb.record.id)).map((v) => [v.version, v.documents, v.chunks])).toEqual([[1, 2, 2], [2, 2, 2], [3, 2, 2], [4, 2, 2]]);
      expect([...(await store.allDocumentHeads(kb.record.id)).keys()].sort()).toEqual(['running', 'security']);
      await expect(removeDocuments(kb, ['refunds'], { purge: true })).rejects.toThrow(/^no document "refunds"/);
    });

    it('lists and deletes knowledge bases', async () => {
      const { kb, store } = await setup();
      expect((await store.listKnowledgeBases()).map((r) => r.name)).toContain(kb.name);
      expect(await store.deleteKnowledgeBase(kb.name)).toBe(true);
      expect(await store.getKnowledgeBase(kb.name)).toBeUndefined();
      expect(await store.deleteKnowledgeBase(kb.name)).toBe(false);
    });
  });
}

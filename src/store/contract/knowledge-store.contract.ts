import { describe, expect, it } from 'vitest';
import { hashedEmbedder } from '../../knowledge/embed/hashed-embedder.js';
import { paragraphBlocks } from '../../knowledge/ingest/paragraph-blocks.js';
import { documentSet } from '../../knowledge/ingest/source-item.js';
import { indexDocuments, reembed } from '../../knowledge/index-documents.js';
import { openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import { search } from '../../knowledge/search/search.js';
import type { LoadedDocument, Metadata } from '../../knowledge/types.js';
import type { KnowledgeStore } from '../../knowledge/store/knowledge-store.js';

const doc = (id: string, text: string, metadata: Metadata = {}): LoadedDocument => ({ id, title: id, text, blocks: paragraphBlocks(text), metadata });

const HANDBOOK = [
  doc('refunds', 'Refunds are paid to the original card within five business days.', { team: 'support', year: 2024, public: true }),
  doc('shipping', 'Parcels ship from the Leeds warehouse by tracked courier.', { team: 'logistics', year: 2025, public: true }),
  doc('security', 'Rotate every API key after an engineer leaves the company.', { team: 'platform', year: 2025, public: false }),
  doc('running', 'The running club meets on Thursdays; runners of every pace are welcome.', { team: 'social', year: 2023, public: true }),
];

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

    it('lists and deletes knowledge bases', async () => {
      const { kb, store } = await setup();
      expect((await store.listKnowledgeBases()).map((r) => r.name)).toContain(kb.name);
      expect(await store.deleteKnowledgeBase(kb.name)).toBe(true);
      expect(await store.getKnowledgeBase(kb.name)).toBeUndefined();
      expect(await store.deleteKnowledgeBase(kb.name)).toBe(false);
    });
  });
}

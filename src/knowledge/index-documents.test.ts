import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hashedEmbedder } from './embed/hashed-embedder.js';
import { paragraphBlocks } from './ingest/paragraph-blocks.js';
import { documentSet } from './ingest/source-item.js';
import { walkPaths } from './ingest/walk-paths.js';
import { indexDocuments } from './index-documents.js';
import { openKnowledgeBase } from './knowledge-base.js';
import { search } from './search/search.js';
import { openSqliteKnowledgeStore } from '../store/sqlite/knowledge/sqlite-knowledge-store.js';
import type { Embedder, LoadedDocument } from './types.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/docs', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An embedder that counts the texts it embeds (and can be told to fail). */
function countingEmbedder(): Embedder & { texts: string[]; fail: boolean } {
  const inner = hashedEmbedder(64);
  const embedder = {
    model: inner.model,
    texts: [] as string[],
    fail: false,
    async embed(texts: string[]) {
      if (embedder.fail) throw new Error('embedding service down');
      embedder.texts.push(...texts);
      return inner.embed(texts);
    },
  };
  return embedder;
}

const open = async (name = 'docs') => openKnowledgeBase({ store: openSqliteKnowledgeStore(':memory:'), name, create: true });

describe('incremental indexing of a folder', () => {
  it('re-reads every file of a base indexed by the previous loaders, so front matter tags they dropped become filterable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-kb-format-'));
    dirs.push(dir);
    const page = '---\ntags: [pricing, plans]\n---\n\n# Plans\n\nStarter costs $19 a month.\n';
    writeFileSync(join(dir, 'pricing.md'), page);
    const kb = await open();
    // As the previous loaders stored it: no tags, under the previous format's content hash.
    const before: LoadedDocument = { id: 'pricing.md', title: 'Plans', text: page, blocks: paragraphBlocks(page), metadata: { path: 'pricing.md', format: 'markdown' } };
    const oldHash = createHash('sha256').update('switchyard-kb-1\0').update(page).update('\0').digest('hex');
    await indexDocuments(kb, { sources: ['.'], items: (async function* () { yield { id: 'pricing.md', source: '.', hash: oldHash, load: async () => ({ ok: true as const, document: before }) }; })() });
    expect((await search(kb, 'starter', { k: 1, filter: { tags: 'pricing' } })).chunks).toEqual([]);
    const report = await indexDocuments(kb, walkPaths(['.'], { cwd: dir }));
    expect(report).toMatchObject({ changed: 1, unchanged: 0 });
    expect((await search(kb, 'starter', { k: 1, filter: { tags: 'pricing' } })).chunks.map((c) => c.docId)).toEqual(['pricing.md']);
  });


  it('re-chunks and re-embeds only the changed file, removes the deleted one, and keeps the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-kb-inc-'));
    dirs.push(dir);
    cpSync(fixtures, join(dir, 'docs'), { recursive: true });
    const kb = await open();
    const embedder = countingEmbedder();
    const first = await indexDocuments(kb, walkPaths(['docs'], { cwd: dir }), { embedder });
    expect(first).toMatchObject({ version: 1, added: 4, skipped: 3 });
    expect(embedder.texts.length).toBe(first.chunks);

    writeFileSync(join(dir, 'docs/notes.txt'), 'Warehouse opening hours\n\nThe Leeds warehouse now also opens on Saturdays from 9:00 to 13:00.\n');
    rmSync(join(dir, 'docs/warranty.pdf'));
    embedder.texts = [];
    const progress: number[] = [];
    const second = await indexDocuments(kb, walkPaths(['docs'], { cwd: dir }), { embedder, onProgress: (p) => progress.push(p.done) });
    expect(second).toMatchObject({ version: 2, added: 0, changed: 1, unchanged: 2, removed: 1, skipped: 3, chunks: 1, embedded: 1 });
    expect(embedder.texts).toEqual(['Warehouse opening hours\n\nThe Leeds warehouse now also opens on Saturdays from 9:00 to 13:00.']);
    expect(progress.at(-1)).toBe(6);
    expect((await search(kb, 'Saturdays', { k: 3 })).chunks.map((c) => c.docId)).toEqual(['docs/notes.txt']);
    expect((await search(kb, 'warranty stitching', { k: 3 })).chunks).toEqual([]);
    expect((await search(kb, 'warranty stitching', { k: 3, version: 1 })).chunks.map((c) => c.docId)).toEqual(['docs/warranty.pdf']);
  });

  it('removes a document that became unreadable, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-kb-bad-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'a.md'), '# A\n\nAlpha text.');
    const kb = await open();
    await indexDocuments(kb, walkPaths(['.'], { cwd: dir }));
    writeFileSync(join(dir, 'a.md'), '');
    const report = await indexDocuments(kb, walkPaths(['.'], { cwd: dir }));
    expect(report).toMatchObject({ version: 2, removed: 1, skipped: 1, warnings: ['skipped a.md: empty document (no text)'] });
    expect(kb.record.documents).toBe(0);
  });
});

describe('indexing failures and odd input', () => {
  const doc = (id: string, text: string): LoadedDocument => ({ id, title: id, text, blocks: paragraphBlocks(text), metadata: {} });

  it('keeps the previous version when embedding fails half way, and finishes on the next run', async () => {
    const kb = await open();
    const embedder = countingEmbedder();
    await indexDocuments(kb, documentSet('s', [doc('a', 'alpha')]), { embedder });
    embedder.fail = true;
    await expect(indexDocuments(kb, documentSet('s', [doc('a', 'alpha two'), doc('b', 'beta')]), { embedder })).rejects.toThrow(/embedding service down/);
    expect(kb.record).toMatchObject({ version: 1, documents: 1 });
    expect((await search(kb, 'beta', { k: 3 })).chunks).toEqual([]);
    embedder.fail = false;
    const report = await indexDocuments(kb, documentSet('s', [doc('a', 'alpha two'), doc('b', 'beta')]), { embedder });
    expect(report).toMatchObject({ version: 2, added: 1, changed: 1, embedded: 2 });
    expect(kb.record).toMatchObject({ documents: 2, chunks: 2, embeddedChunks: 2 });
  });

  it('indexes a document offered twice once, with a warning', async () => {
    const kb = await open();
    const report = await indexDocuments(kb, documentSet('s', [doc('a', 'first'), doc('a', 'second')]));
    expect(report).toMatchObject({ added: 1, skipped: 1, warnings: ['skipped a: offered twice; the first one is indexed'] });
  });

  it('embeds chunks indexed before the base had an embedder, and warns when new chunks get none', async () => {
    const kb = await open();
    await indexDocuments(kb, documentSet('s', [doc('a', 'alpha')]));
    const embedder = countingEmbedder();
    const backfill = await indexDocuments(kb, documentSet('s', [doc('a', 'alpha')]), { embedder });
    expect(backfill).toMatchObject({ published: false, unchanged: 1, embedded: 1 });
    const withoutEmbedder = await indexDocuments(kb, documentSet('s', [doc('a', 'alpha'), doc('b', 'beta')]));
    expect(withoutEmbedder.warnings).toEqual(['1 chunks have no vector: dense search skips them until they are embedded with "hashed-bow-64"']);
    const dense = await search(kb, 'beta', { mode: 'dense', embedder });
    expect(dense.warnings).toEqual(['1 of 2 chunks have no vector and cannot be found by dense search']);
  });

  it('refuses bad names and a different chunking for an existing base', async () => {
    const store = openSqliteKnowledgeStore(':memory:');
    await expect(openKnowledgeBase({ store, name: '../etc', create: true })).rejects.toThrow(/knowledge base name "..\/etc" must be/);
    await expect(openKnowledgeBase({ store, name: 'nope' })).rejects.toThrow(/knowledge base "nope" does not exist \(known: none\)/);
    await openKnowledgeBase({ store, name: 'kb', create: true, chunking: { maxChars: 800 } });
    await expect(openKnowledgeBase({ store, name: 'kb', chunking: { maxChars: 900 } })).rejects.toThrow(/chunks at maxChars 800, overlapChars 200/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFile } from './load-file.js';
import { readJsonl } from './load-jsonl.js';
import { walkPaths } from './walk-paths.js';
import type { LoadedDocument } from '../types.js';
import type { SkippedItem, SourceItem } from './source-item.js';

const fixtures = fileURLToPath(new URL('../__fixtures__', import.meta.url));
const load = async (rel: string) => loadFile(`docs/${rel}`, readFileSync(join(fixtures, rel.includes('/') ? rel : `docs/${rel}`)));
const loaded = async (rel: string): Promise<LoadedDocument> => {
  const result = await load(rel);
  if (!result.ok) throw new Error(result.reason);
  return result.document;
};
const blockTexts = (doc: LoadedDocument) => doc.blocks.map((b) => doc.text.slice(b.start, b.end));

async function collect(set: ReturnType<typeof walkPaths>): Promise<(SourceItem | SkippedItem)[]> {
  const out: (SourceItem | SkippedItem)[] = [];
  for await (const item of set.items) out.push(item);
  return out;
}

describe('loading files', () => {
  it('reads Markdown with front matter as metadata, headings as structure and offsets into the file', async () => {
    const doc = await loaded('returns-policy.md');
    expect(doc.title).toBe('Returns policy');
    expect(doc.metadata).toMatchObject({ team: 'support', audience: 'customers', format: 'markdown', path: 'docs/returns-policy.md' });
    expect(doc.text).toBe(readFileSync(join(fixtures, 'docs/returns-policy.md'), 'utf8'));
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => [b.level, b.heading]);
    expect(headings).toEqual([[1, 'Returns policy'], [2, 'Refunds'], [3, 'Shipping costs'], [2, 'Exchanges']]);
    expect(blockTexts(doc)).toContain('| Reason for return | Who pays shipping |\n| --- | --- |\n| Damaged or wrong item | Harbor Outfitters |\n| Changed your mind | The customer (£4.95 label) |');
    expect(blockTexts(doc).some((t) => t.includes('title: Returns policy'))).toBe(false);
  });

  it('reads HTML without navigation, cookie banner, sidebar, footer or script, and keeps the table row by row', async () => {
    const doc = await loaded('care-guide.html');
    expect(doc.title).toMatch(/^Waxed jacket care guide/);
    for (const boilerplate of ['Log in', 'cookies', 'You may also like', 'Company no.', 'analytics']) expect(doc.text).not.toContain(boilerplate);
    expect(doc.text).toContain('Use | Re-wax every | Wax needed\nDaily commuting | 6 months | 1 tin\nWeekend walks | 12 months | 1 tin\nSailing and fishing | 3 months | 2 tins');
    expect(doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.heading)).toEqual(['Cleaning', 'Re-waxing schedule']);
  });

  it('reads the text layer of a PDF page by page, with its title and page count', async () => {
    const doc = await loaded('warranty.pdf');
    expect(doc.title).toBe('Jacket warranty');
    expect(doc.metadata).toMatchObject({ format: 'pdf', pages: 2 });
    expect(doc.text).toMatch(/^Warranty terms\nEvery Harbor Outfitters jacket carries a five year warranty/);
    expect(blockTexts(doc)[1]).toMatch(/^Making a claim\nSend a photo of the defect/);
  });

  it('skips encrypted and damaged PDFs, binary files and empty documents with the reason', async () => {
    expect(await load('bad/encrypted.pdf')).toEqual({ ok: false, reason: 'encrypted PDF (needs a password)' });
    expect(await load('bad/truncated.pdf')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a readable PDF/) });
    expect(await load('photo.png')).toEqual({ ok: false, reason: 'binary file (not text, Markdown, HTML or PDF)' });
    expect(await load('empty.md')).toEqual({ ok: false, reason: 'empty document (no text)' });
    expect(await load('blank.txt')).toEqual({ ok: false, reason: 'empty document (no text)' });
  });
});

describe('walking paths', () => {
  it('offers every file under a folder in order, with ids relative to the working directory and content hashes', async () => {
    const set = walkPaths(['docs', 'bad/encrypted.pdf'], { cwd: fixtures });
    expect(set.sources).toEqual(['docs', 'bad/encrypted.pdf']);
    const items = await collect(set);
    expect(items.map((i) => i.id)).toEqual(['docs/blank.txt', 'docs/care-guide.html', 'docs/empty.md', 'docs/notes.txt', 'docs/photo.png', 'docs/returns-policy.md', 'docs/warranty.pdf', 'bad/encrypted.pdf']);
    const hashes = items.map((i) => ('hash' in i ? i.hash : ''));
    expect(new Set(hashes).size).toBe(items.length);
    expect(await set.total?.()).toBe(8);
  });

  it('refuses a path that does not exist before reading anything, and skips files over the size limit', async () => {
    expect(() => walkPaths(['docs', 'nope'], { cwd: fixtures })).toThrow(/path not found: nope/);
    const items = await collect(walkPaths(['docs/notes.txt'], { cwd: fixtures, maxFileBytes: 10 }));
    expect(items).toEqual([{ id: 'docs/notes.txt', source: 'docs/notes.txt', reason: 'file of 174 bytes is over the 10-byte limit' }]);
  });
});

describe('reading JSONL', () => {
  it('turns records into documents with configurable fields and skips bad lines naming file and line', async () => {
    const file = join(fixtures, 'records.jsonl');
    const items = [];
    for await (const item of readJsonl(file, { id: 'key', text: 'body', title: 'name' }).items) items.push(item);
    expect(items.map((i) => ('reason' in i ? `skip ${i.id}: ${i.reason}` : i.id))).toEqual([
      'faq-1',
      '42',
      `skip ${file}:3: not valid JSON`,
      `skip ${file}:4: no "key" field (string or number)`,
      `skip faq-5: ${file}:5: no "body" field (string)`,
    ]);
    const first = items[0] as SourceItem;
    const result = await first.load();
    expect(result).toMatchObject({ ok: true, document: { id: 'faq-1', title: 'Opening hours', metadata: { lang: 'en', year: 2024 } } });
    expect(() => readJsonl(join(fixtures, 'missing.jsonl'))).toThrow(/JSONL file not found/);
  });
});

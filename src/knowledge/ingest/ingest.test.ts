import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../../test-support/pdf-document.js';
import { loadFile } from './load-file.js';
import { documentTitle } from './load-pdf.js';
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

  it('keeps front matter lists of scalars (tags, authors) as metadata, and leaves out what a filter could not name', async () => {
    const md = '---\ntitle: Pricing plans\ntags: [pricing, plans]\nyears: [2024, 2025]\nowner: { name: Ann }\nmixed: [a, { b: 1 }]\n---\n\n# Plans\n\nStarter costs $19.\n';
    const result = await loadFile('docs/pricing.md', Buffer.from(md));
    expect(result.ok && result.document.metadata).toEqual({ title: 'Pricing plans', tags: ['pricing', 'plans'], years: [2024, 2025], path: 'docs/pricing.md', format: 'markdown', bytes: md.length });
    const file = join(mkdtempSync(join(tmpdir(), 'kb-meta-')), 'faq.jsonl');
    writeFileSync(file, '{"id":"a","text":"Starter costs $19.","tags":["pricing"],"deep":[[1]],"n":null}\n');
    const [record] = await collect(readJsonl(file));
    const loadedRecord = record && 'load' in record ? await record.load() : undefined;
    expect(loadedRecord?.ok && loadedRecord.document.metadata).toEqual({ tags: ['pricing'], n: null });
  });

  it('titles a PDF by its file name when its /Title names a source file, a path, an address or nothing', async () => {
    const titled = async (title: string) => {
      const result = await loadFile('docs/travel-policy.pdf', pdfDocument(['Hotel nights are reimbursed up to 150 euros.'], { title }));
      return result.ok ? result.document.title : result.reason;
    };
    // What Chrome writes when it prints a local page, and what LaTeX, Office and others write.
    expect(await titled('travel.html')).toBe('travel-policy');
    expect(await titled('Microsoft Word - Travel policy 2026.docx')).toBe('Travel policy 2026');
    expect(await titled('Travel policy 2026.docx')).toBe('Travel policy 2026');
    expect(await titled('Travel policy')).toBe('Travel policy');
    for (const raw of ['main.dvi', 'Untitled', 'Untitled-1', 'https://intranet.example/travel', 'C:\\Users\\ann\\travel.doc', '/home/ann/travel', '   ']) {
      expect([raw, documentTitle(raw)]).toEqual([raw, undefined]);
    }
    expect(documentTitle('Version 2.0 of the policy')).toBe('Version 2.0 of the policy');
    expect(documentTitle('ASP.NET deployment guide')).toBe('ASP.NET deployment guide');
  });

  it('skips encrypted and damaged PDFs, binary files and empty documents with the reason', async () => {
    expect(await load('bad/encrypted.pdf')).toEqual({ ok: false, reason: 'encrypted PDF (needs a password)' });
    expect(await load('bad/truncated.pdf')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a readable PDF/) });
    expect(await load('photo.png')).toEqual({ ok: false, reason: 'binary file (not text, Markdown, HTML or PDF)' });
    expect(await load('empty.md')).toEqual({ ok: false, reason: 'empty document (no text)' });
    expect(await load('blank.txt')).toEqual({ ok: false, reason: 'empty document (no text)' });
  });
});

describe('a file whose content is not what its name says', () => {
  const text = Buffer.from('Quarter,Revenue\nQ3,1200\n');
  // A zip with a NUL in its header, as every real .xlsx has.
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml')]);

  it('refuses a text file named .xlsx, naming what it is and what an .xlsx starts with (it was indexed as text)', async () => {
    expect(await loadFile('reports/q3.xlsx', text)).toEqual({
      ok: false,
      reason: 'named .xlsx (an Excel workbook) but its content is text, not a zip archive (an Excel workbook starts with PK\\x03\\x04): not indexed; rename it to what it holds (e.g. .txt) to index it as such, or get the real file again',
    });
  });

  it('names an HTML page (a download that returned a sign-in page), a PDF and another binary format by what they are', async () => {
    const page = Buffer.from('\n<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>');
    expect(await loadFile('q3.XLSX', page)).toMatchObject({ ok: false, reason: expect.stringMatching(/^named \.xlsx \(an Excel workbook\) but its content is an HTML page, not a zip archive/) });
    expect(await loadFile('deck.pptx', Buffer.from('%PDF-1.7\n'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^named \.pptx \(a PowerPoint presentation\) but its content is a PDF, not a zip archive/) });
    expect(await loadFile('old.xls', zip)).toMatchObject({ ok: false, reason: expect.stringMatching(/^named \.xls \(an Excel 97–2003 workbook\) but its content is a zip archive, not an Office 97–2003 \(OLE2\) file/) });
    expect(await loadFile('scan.jpg', Buffer.from('just a caption\n'))).toMatchObject({ ok: false, reason: expect.stringContaining('named .jpg (a JPEG image) but its content is text, not a JPEG image') });
    // Bytes of no known format under a binary name are not called a mismatch: a damaged or unusual file of that format.
    expect(await loadFile('scan.jpg', Buffer.from([0, 1, 2, 3, 0, 0, 9]))).toEqual({ ok: false, reason: 'binary file (not text, Markdown, HTML or PDF)' });
  });

  it('says what a real workbook is, and still reads text under a name that claims no binary format', async () => {
    expect(await loadFile('q3.xlsx', zip)).toEqual({ ok: false, reason: 'binary file (an Excel workbook: not text, Markdown, HTML or PDF)' });
    expect(await loadFile('notes.md', zip)).toEqual({ ok: false, reason: 'binary file (a zip archive: not text, Markdown, HTML or PDF)' });
    expect(await loadFile('q3.csv', text)).toMatchObject({ ok: true, document: { text: 'Quarter,Revenue\nQ3,1200\n' } });
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

  it('skips a record whose id holds a newline, another control character or a bidi control, naming the line and the id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-jsonl-ids-'));
    const file = join(dir, 'odd-ids.jsonl');
    const lines = [
      { id: 'refunds\npolicy', text: 'Five days.' },
      { id: 'tab\there', text: 'A tab.' },
      { id: 'invoice\u202Etxt.exe', text: 'Reordered.' },
      { id: 'hours', text: 'Nine to five.' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const items = [];
    for await (const item of readJsonl(file).items) items.push(item);
    expect(items.map((i) => ('reason' in i ? `skip ${i.id}: ${i.reason}` : i.id))).toEqual([
      `skip ${file}:1: "id" "refunds\\npolicy" holds U+000A (a control character: listings and citations would show the id split or garbled); change the id to index the record`,
      `skip ${file}:2: "id" "tab\\there" holds U+0009 (a control character: listings and citations would show the id split or garbled); change the id to index the record`,
      `skip ${file}:3: "id" "invoice\\u202etxt.exe" holds U+202E (a bidirectional control: listings and citations would show the id reordered); change the id to index the record`,
      'hours',
    ]);
  });
});

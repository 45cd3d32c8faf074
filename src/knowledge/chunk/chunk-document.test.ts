import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../ingest/load-file.js';
import { paragraphBlocks } from '../ingest/paragraph-blocks.js';
import type { LoadedDocument } from '../types.js';
import { chunkDocument } from './chunk-document.js';
import { splitRange } from './split-range.js';

const fixture = async (name: string): Promise<LoadedDocument> => {
  const bytes = readFileSync(fileURLToPath(new URL(`../__fixtures__/docs/${name}`, import.meta.url)));
  const result = await loadFile(`docs/${name}`, bytes);
  if (!result.ok) throw new Error(result.reason);
  return result.document;
};

describe('chunking by structure', () => {
  it('cuts a heading to 200 characters in the heading path', async () => {
    const source = `# ${'A'.repeat(5_000)}\n\nRefunds take 5 days.\n`;
    const doc = await loadFile('docs/long-heading.md', Buffer.from(source));
    if (!doc.ok) throw new Error(doc.reason);
    const chunks = chunkDocument(doc.document, { maxChars: 1600, overlapChars: 200 });
    expect(chunks.map((c) => c.headingPath)).toEqual(chunks.map(() => [`${'A'.repeat(200)}…`]));
    expect(chunks.at(-1)?.text).toBe('Refunds take 5 days.');
  });

  it('gives each Markdown section its own chunk, opened by its heading, with the heading path', async () => {
    const doc = await fixture('returns-policy.md');
    const chunks = chunkDocument(doc, { maxChars: 1600, overlapChars: 200 });
    expect(chunks.map((c) => [c.chunkId, c.headingPath])).toEqual([
      ['docs/returns-policy.md#0', ['Returns policy']],
      ['docs/returns-policy.md#1', ['Returns policy', 'Refunds']],
      ['docs/returns-policy.md#2', ['Returns policy', 'Refunds', 'Shipping costs']],
      ['docs/returns-policy.md#3', ['Returns policy', 'Exchanges']],
    ]);
    expect(chunks[1]?.text).toMatch(/^## Refunds\n\nRefunds go back[\s\S]*not refundable\.$/);
  });

  it('keeps citation offsets exact on Markdown, HTML, PDF and text: text === document.text.slice(start, end)', async () => {
    for (const name of ['returns-policy.md', 'care-guide.html', 'warranty.pdf', 'notes.txt']) {
      const doc = await fixture(name);
      for (const options of [{ maxChars: 1600, overlapChars: 200 }, { maxChars: 120, overlapChars: 40 }]) {
        const chunks = chunkDocument(doc, options);
        expect(chunks.length).toBeGreaterThan(0);
        for (const chunk of chunks) {
          expect(doc.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
          expect(chunk.text.length).toBeLessThanOrEqual(options.maxChars);
          expect(chunk.text).toBe(chunk.text.trim());
        }
      }
    }
  });

  it('finds a quoted sentence at the offsets of the chunk that cites it', async () => {
    const doc = await fixture('care-guide.html');
    const sentence = 'Sailing and fishing | 3 months | 2 tins';
    const chunk = chunkDocument(doc, { maxChars: 200, overlapChars: 50 }).find((c) => c.text.includes(sentence));
    const at = (chunk?.start ?? 0) + (chunk?.text.indexOf(sentence) ?? 0);
    expect(doc.text.slice(at, at + sentence.length)).toBe(sentence);
    expect(chunk?.headingPath).toEqual(['Re-waxing schedule']);
  });

  it('splits an oversized section between paragraphs, and continues with an overlap that starts on a sentence', () => {
    const text = ['First paragraph talks about refunds. It has two sentences.', 'Second paragraph covers exchanges in some detail.', 'Third paragraph is about the Leeds warehouse.'].join('\n\n');
    const doc: LoadedDocument = { id: 'd', title: 'd', text, blocks: paragraphBlocks(text), metadata: {} };
    const chunks = chunkDocument(doc, { maxChars: 120, overlapChars: 40 });
    expect(chunks.length).toBe(2);
    expect(chunks[0]?.text).toBe(`${text.split('\n\n')[0]}\n\n${text.split('\n\n')[1]}`);
    expect(chunks[1]?.start).toBeLessThan(chunks[0]?.end ?? 0);
    expect(chunks[1]?.text).toMatch(/^Second paragraph covers exchanges in some detail\.\n\nThird paragraph/);
  });

  it('cuts a paragraph with no sentence end at whitespace, and never in the middle of a surrogate pair', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    for (const [start, end] of splitRange(words, 0, words.length, 50)) {
      expect(end - start).toBeLessThanOrEqual(50);
      expect(words.slice(start, end)).toMatch(/^word\d+( word\d+)*$/);
    }
    const emoji = '😀'.repeat(40);
    for (const [start, end] of splitRange(emoji, 0, emoji.length, 51)) expect(emoji.slice(start, end)).toMatch(/^(😀)+$/u);
  });

  it('rejects chunking options outside their bounds, naming the field', () => {
    const doc: LoadedDocument = { id: 'd', title: 'd', text: 'x', blocks: paragraphBlocks('x'), metadata: {} };
    expect(() => chunkDocument(doc, { maxChars: 10, overlapChars: 0 })).toThrow(/chunking.maxChars must be an integer from 50 to 100000, got 10/);
    expect(() => chunkDocument(doc, { maxChars: 100, overlapChars: 80 })).toThrow(/chunking.overlapChars must be an integer from 0 to maxChars\/2 \(50\), got 80/);
  });
});

import { deflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { incrementalUpdate, pdfDocument } from '../test-support/pdf-document.js';
import { claudePageImageTokens } from './image-tokens.js';
import { claudePdfTokens, geminiPdfTokens, openAIPdfTokens, summarisePdf } from './pdf-tokens.js';

// Every inflate summarisePdf makes, with the bytes it produced: its work, counted instead of timed.
const inflated = vi.hoisted(() => ({ inputs: [] as number[], bytes: [] as number[], limits: [] as number[] }));
vi.mock('node:zlib', async (original) => {
  const zlib = await original<typeof import('node:zlib')>();
  const inflateSync: typeof zlib.inflateSync = (buffer, options) => {
    inflated.inputs.push(typeof buffer === 'string' ? buffer.length : buffer.byteLength);
    inflated.limits.push(options?.maxOutputLength ?? Infinity);
    const out = zlib.inflateSync(buffer, options);
    inflated.bytes.push(out.length);
    return out;
  };
  return { ...zlib, inflateSync };
});

// A4 landscape: 47 × 34 patches (1,316 × 952 px), the most that fits 1,600.
const LANDSCAPE = 47 * 34;
const LINE = 'The quick brown fox jumps over the lazy dog (twice).';

describe('summarisePdf', () => {
  it('finds every page, its MediaBox and the text its content shows, plain or compressed in object streams', () => {
    for (const compressed of [false, true]) {
      const summary = summarisePdf(pdfDocument([LINE, 'Second page', 'Third'], { compressed, size: { width: 595, height: 842 } }));
      expect(summary.pages).toBe(3);
      expect(summary.pageSizes).toEqual(Array(3).fill({ width: 595, height: 842 }));
      // Escaped parentheses count as the characters they stand for.
      expect(summary.textChars).toBe(LINE.length + 'Second page'.length + 'Third'.length);
    }
  });

  it('counts the pages of the final page tree after an incremental update, not every page object ever written', () => {
    const page = (n: number, extra = '') => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${n + 1} 0 R${extra} >>`;
    const three = pdfDocument(['one', 'two', 'three']);
    // Annotated (a signature, a comment): two pages written again. Before: 5 pages.
    const annotated = incrementalUpdate(three, { 3: page(3, ' /Annots [ 20 0 R ]'), 5: page(5, ' /Annots [ 21 0 R ]') });
    expect(summarisePdf(annotated).pages).toBe(3);
    // A page removed: the tree's root written again with two kids; the page object stays in the file. Before: 3 pages.
    const removed = incrementalUpdate(three, { 2: '<< /Type /Pages /Kids [ 3 0 R 7 0 R ] /Count 2 >>' });
    expect(summarisePdf(removed).pages).toBe(2);
    // A page added, of its own size: counted, with its MediaBox.
    const added = incrementalUpdate(three, { 9: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 10 0 R >>', 2: '<< /Type /Pages /Kids [ 3 0 R 5 0 R 7 0 R 9 0 R ] /Count 4 >>' });
    expect(summarisePdf(added).pageSizes).toEqual([...Array(3).fill({ width: 612, height: 792 }), { width: 842, height: 595 }]);
    // Pages in an object stream (no object numbers of their own here), one written again uncompressed: the root's /Count decides.
    const packed = incrementalUpdate(pdfDocument(['one', 'two', 'three'], { compressed: true }), { 3: page(3, ' /Annots [ 20 0 R ]') });
    expect(summarisePdf(packed).pages).toBe(3);
    // The token counts follow: three Letter pages, not five.
    expect(geminiPdfTokens('gemini-2.5-flash', annotated)).toBe(3 * 258);
  });

  it('never counts more pages than page objects, whatever a /Count says', () => {
    expect(summarisePdf(incrementalUpdate(pdfDocument(['one']), { 2: '<< /Type /Pages /Kids [ 3 0 R ] /Count 999999999 >>' })).pages).toBe(1);
  });

  it('counts nothing from what is not a PDF, and does not count the /Pages node as a page', () => {
    expect(summarisePdf(Buffer.from('not a pdf (hello) Tj'))).toMatchObject({ pages: 0 });
    expect(summarisePdf(Buffer.from('<< /Type /Pages /Count 3 >>')).pages).toBe(0);
  });
});

describe('claudePdfTokens', () => {
  it('counts per page an image at the most Claude reads, plus the shown text at 4 characters a token', () => {
    expect(claudePageImageTokens({ width: 612, height: 792 })).toBe(35 * 45);
    expect(claudePageImageTokens({ width: 842, height: 595 })).toBe(LANDSCAPE);
    const text = 'x'.repeat(4000);
    expect(claudePdfTokens(pdfDocument([text]))).toBe(35 * 45 + 1000);
    expect(claudePdfTokens(pdfDocument([text, text, text], { compressed: true }))).toBe(3 * (35 * 45 + 1000));
  });

  it('counts a file with no page it can read as one Letter page', () => {
    expect(claudePdfTokens(Buffer.from('%PDF-1.7 encrypted'))).toBe(35 * 45);
  });
});

describe('summarisePdf bounds its work', () => {
  /** A PDF with one page of text plus a stream that inflates to `inflated` bytes, described by `dictionary`. */
  function withStream(dictionary: string, inflated: number): Buffer {
    const pdf = pdfDocument(['Hello'], { compressed: true });
    const bomb = deflateSync(Buffer.alloc(inflated, 0x20));
    const object = Buffer.concat([Buffer.from(`99 0 obj\n<< ${dictionary} /Length ${bomb.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), bomb, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
    return Buffer.concat([pdf, object]);
  }

  it('does not inflate image streams, and stops inflating past 8 MB in all (a zip bomb costs its bytes, not its size)', () => {
    const image = withStream('/Type /XObject /Subtype /Image /Width 8000 /Height 8000', 100 * 1024 * 1024);
    const bomb = withStream('', 100 * 1024 * 1024);
    inflated.inputs = [];
    expect(summarisePdf(image)).toMatchObject({ pages: 1, textChars: 5 });
    // The file is ~100 kB, nearly all of it the image's stream, which is never inflated: only the
    // page's own small streams are.
    expect(inflated.inputs.length).toBeGreaterThan(0);
    expect(Math.max(...inflated.inputs)).toBeLessThan(4096);
    inflated.bytes = [];
    inflated.limits = [];
    expect(summarisePdf(bomb).pages).toBe(1);
    // The bomb's stream is inflated, but never past what is left of the 8 MB.
    expect(Math.max(...inflated.limits)).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(inflated.bytes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('counts pages without reading text when asked (content streams stay compressed)', () => {
    expect(summarisePdf(pdfDocument(['a'.repeat(100), 'b'], { compressed: true }), { text: false })).toMatchObject({ pages: 2, textChars: 0 });
  });
});

describe('openAIPdfTokens', () => {
  it('counts per page an image at the model’s default detail (low before GPT-5.6, high from it), plus the text', () => {
    const pdf = pdfDocument(['x'.repeat(400), 'y'.repeat(400)]);
    // gpt-4o, low detail: the 85-token base a page.
    expect(openAIPdfTokens('gpt-4o', pdf)).toBe(2 * 85 + 200);
    // Letter rendered large: 768 × 994 px after OpenAI's scaling, 2 × 2 tiles.
    expect(openAIPdfTokens('gpt-4o', pdf, 'high')).toBe(2 * (85 + 4 * 170) + 200);
    expect(openAIPdfTokens('gpt-5.6', pdf)).toBe(2 * (70 + 4 * 140) + 200);
    expect(openAIPdfTokens('gpt-5.4', pdf)).toBe(2 * 70 + 200);
  });
});

describe('geminiPdfTokens', () => {
  it('counts a fixed cost a page: 258 before Gemini 3, 560 on Gemini 3 (native text not charged), by media resolution', () => {
    const pdf = pdfDocument(['x'.repeat(4000), 'y', 'z'], { compressed: true });
    expect(geminiPdfTokens('gemini-2.5-flash', pdf)).toBe(3 * 258);
    expect(geminiPdfTokens('gemini-2.5-flash', pdf, 'MEDIA_RESOLUTION_LOW')).toBe(3 * 66);
    expect(geminiPdfTokens('gemini-3-flash-preview', pdf)).toBe(3 * 560);
    expect(geminiPdfTokens('gemini-3-flash-preview', pdf, 'MEDIA_RESOLUTION_HIGH')).toBe(3 * 1120);
    expect(geminiPdfTokens('gemini-3-flash-preview', pdf, 'MEDIA_RESOLUTION_LOW')).toBe(3 * 280);
    expect(geminiPdfTokens('gemini-2.5-pro', Buffer.from('%PDF-1.7 encrypted'))).toBe(258);
  });
});

import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../test-support/pdf-document.js';
import { claudePageImageTokens } from './image-tokens.js';
import { claudePdfTokens, summarisePdf } from './pdf-tokens.js';

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

/**
 * What a PDF costs Claude (Anthropic's PDF support guide, "Estimate your costs"): the text
 * extracted from each page, plus each page as an image, counted as any image is. Read from the
 * file itself without a PDF library: its pages are its `/Type /Page` objects, their text the
 * literal strings shown by the content streams' text operators, their shape the `/MediaBox`.
 */
import { inflateSync } from 'node:zlib';
import { claudePageImageTokens } from './image-tokens.js';

/** What one PDF reads as: its pages, the shape of each, and the characters of text they show. */
export interface PdfSummary {
  pages: number;
  /** Width and height of each page in points, in file order (US Letter when a page names none). */
  pageSizes: { width: number; height: number }[];
  textChars: number;
}

const LETTER = { width: 612, height: 792 };
// A page object (`/Type /Page`, not the `/Pages` tree's nodes), wherever it sits.
const PAGE = /\/Type\s*\/Page(?![A-Za-z])/g;
const MEDIA_BOX = /\/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]/;
const STREAM = /stream\r?\n/g;
// How far back from `stream` its dictionary is looked for (dictionaries are short; bounds the work).
const DICTIONARY_REACH = 2048;
// A stream inflating past this is not read further (a PDF is a client's bytes: no zip bombs).
const MAX_INFLATED = 64 * 1024 * 1024;

/**
 * Pages, page shapes and shown text of a PDF. Object streams (PDF 1.5 and later keep page
 * objects in compressed ones) and Flate-compressed content streams are inflated; a stream that
 * does not inflate is skipped. Hex strings (fonts with their own encodings) count one character
 * per two digits. Linear in the file's size: every pattern is a plain scan.
 *
 * @example summarisePdf(readFileSync('three-pages.pdf')) // { pages: 3, pageSizes: [{ width: 612, height: 792 }, …], textChars: 2400 }
 */
export function summarisePdf(pdf: Buffer): PdfSummary {
  const raw = pdf.toString('latin1');
  const bodies = [raw];
  for (const match of raw.matchAll(STREAM)) {
    const at = match.index ?? 0;
    // `endstream` matches too; a stream's keyword follows its dictionary's `>>`.
    if (raw.slice(Math.max(0, at - 3), at) === 'end' || !/>>\s*$/.test(raw.slice(Math.max(0, at - 16), at))) continue;
    const dictionary = raw.slice(Math.max(0, at - DICTIONARY_REACH), at);
    if (!dictionary.slice(dictionary.lastIndexOf('obj') + 1).includes('/FlateDecode')) continue; // uncompressed: already in `raw`
    const start = at + match[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      // Sync flush: the end-of-line before `endstream` is not part of the data, and need not be a whole block.
      bodies.push(inflateSync(pdf.subarray(start, end), { finishFlush: 2, maxOutputLength: MAX_INFLATED }).toString('latin1'));
    } catch {
      // Not a Flate stream after all, or damaged: its text and pages are not counted.
    }
  }
  const pageSizes: PdfSummary['pageSizes'] = [];
  let textChars = 0;
  for (const body of bodies) {
    for (const page of body.matchAll(PAGE)) pageSizes.push(mediaBoxAround(body, page.index ?? 0));
    textChars += shownTextChars(body);
  }
  return { pages: pageSizes.length, pageSizes, textChars };
}

/** The page's `/MediaBox` when its dictionary states one; else Letter (an inherited box is not followed). */
function mediaBoxAround(body: string, at: number): { width: number; height: number } {
  const from = body.lastIndexOf('obj', at);
  const next = body.indexOf('endobj', at);
  const box = MEDIA_BOX.exec(body.slice(Math.max(0, from, at - DICTIONARY_REACH), next < 0 ? at + DICTIONARY_REACH : Math.min(next, at + DICTIONARY_REACH)));
  if (!box) return LETTER;
  const width = Math.abs(Number(box[3]) - Number(box[1]));
  const height = Math.abs(Number(box[4]) - Number(box[2]));
  return width > 0 && height > 0 ? { width, height } : LETTER;
}

/**
 * Characters of the strings that text operators show: `(…) Tj`, `(…) '`, `(…) "` and the
 * strings of `[…] TJ`. One pass: strings seen since the last operator are counted when the
 * operator is one of those, dropped otherwise.
 */
function shownTextChars(body: string): number {
  let chars = 0;
  let pending = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '(') {
      const [length, next] = literalString(body, i);
      pending += length;
      i = next;
    } else if (c === '<' && body[i + 1] !== '<') {
      const close = body.indexOf('>', i);
      const end = close < 0 ? body.length : close;
      pending += Math.floor(body.slice(i + 1, end).replace(/\s/g, '').length / 2);
      i = end + 1;
    } else if (c === '/') {
      i++;
      while (i < body.length && /[A-Za-z0-9_.#+-]/.test(body[i] as string)) i++;
    } else if (c !== undefined && /[A-Za-z'"]/.test(c)) {
      let end = i + 1;
      while (end < body.length && /[A-Za-z*]/.test(body[end] as string)) end++;
      const operator = body.slice(i, end);
      if (operator === 'Tj' || operator === 'TJ' || operator === "'" || operator === '"') chars += pending;
      pending = 0;
      i = end;
    } else i++;
  }
  return chars;
}

/** A literal string's length in characters (escapes as one) and where it ends; nested parentheses balance. */
function literalString(body: string, open: number): [number, number] {
  let depth = 0;
  let length = 0;
  for (let i = open; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      i++;
      length++;
    } else if (c === '(') {
      if (depth++ > 0) length++;
    } else if (c === ')') {
      if (--depth === 0) return [length, i + 1];
      length++;
    } else length++;
  }
  return [length, body.length];
}

/**
 * Tokens Claude counts for a PDF: per page an image of the page (`claudePageImageTokens`: the
 * page's shape at the most Claude reads, 1,575 for US Letter, 1,598 for A4), plus the text the pages
 * show at 4 characters a token. A PDF with no page object found (damaged, encrypted) counts one page.
 *
 * @example claudePdfTokens(threePageLetterPdf) // 3 × 1,575 + its text
 */
export function claudePdfTokens(pdf: Buffer): number {
  const { pageSizes, textChars } = summarisePdf(pdf);
  const pages = pageSizes.length > 0 ? pageSizes : [LETTER];
  return pages.reduce((sum, size) => sum + claudePageImageTokens(size), 0) + Math.ceil(textChars / 4);
}

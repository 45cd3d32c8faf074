/**
 * What a PDF costs each vendor, read from the file itself without a PDF library: its pages are its
 * `/Type /Page` objects, their text the literal strings shown by the content streams' text
 * operators, their shape the `/MediaBox`. Claude (Anthropic's PDF support guide, "Estimate your
 * costs") and OpenAI (the file inputs guide) read the extracted text plus an image of each page;
 * Gemini a fixed number of tokens a page (the document processing and media resolution guides).
 */
import { inflateSync } from 'node:zlib';
import { claudePageImageTokens, geminiPageTokens, openAIImageTokens } from './image-tokens.js';

/** What one PDF reads as: its pages, the shape of each, and the characters of text they show. */
export interface PdfSummary {
  pages: number;
  /** Width and height of each page in points, in file order (US Letter when a page names none). */
  pageSizes: { width: number; height: number }[];
  textChars: number;
}

/** How much of a PDF `summarisePdf` reads. */
export interface PdfReading {
  /** Read the text the pages show (inflating content streams); false counts pages only, which is cheaper. */
  text?: boolean;
}

const LETTER = { width: 612, height: 792 };
// A page object (`/Type /Page`, not the `/Pages` tree's nodes), wherever it sits.
const PAGE = /\/Type\s*\/Page(?![A-Za-z])/g;
const MEDIA_BOX = /\/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]/;
const STREAM = /stream\r?\n/g;
// How far back from `stream` its dictionary is looked for (dictionaries are short; bounds the work).
const DICTIONARY_REACH = 2048;
// Streams that hold neither page objects nor page text: images, embedded fonts (`/Length1`…, or a
// font program's subtype), cross-reference streams, XMP metadata, attached files. Inflating a
// scanned PDF's page images was most of the work, for nothing.
const NO_TEXT = /\/Subtype\s*\/(?:Image|Type1C|CIDFontType0C|OpenType)\b|\/Length[123]\b|\/Type\s*\/(?:XRef|Metadata|EmbeddedFile)\b/;
const OBJECT_STREAM = /\/Type\s*\/ObjStm\b/;
/**
 * The most a whole PDF inflates to before reading stops (a PDF is a client's bytes: no zip bombs,
 * and the work is bounded whatever the file: reading 8 MB of content streams for text takes
 * ~50 ms). Past the text of 1,000 dense pages (the most Gemini takes; 100 to 600 on Claude):
 * ~5 MB at 5,000 characters a page with the content streams' operators around them.
 */
const MAX_INFLATED = 8 * 1024 * 1024;

/**
 * Pages, page shapes and shown text of a PDF. Object streams (PDF 1.5 and later keep page
 * objects in compressed ones) and Flate-compressed content streams are inflated, at most
 * `MAX_INFLATED` (8 MB) in all; streams that hold no text (images, fonts) are skipped, and a stream
 * that does not inflate is skipped. Hex strings (fonts with their own encodings) count one
 * character per two digits. Linear in the file's size: every pattern is a plain scan.
 *
 * @example summarisePdf(readFileSync('three-pages.pdf')) // { pages: 3, pageSizes: [{ width: 612, height: 792 }, …], textChars: 2400 }
 * @example summarisePdf(pdf, { text: false }).pages // 3: object streams inflated, content streams not
 */
export function summarisePdf(pdf: Buffer, reading: PdfReading = {}): PdfSummary {
  const withText = reading.text ?? true;
  const raw = pdf.toString('latin1');
  // Pages are looked for in the file and in the object streams; text only in content streams
  // (the strings of a page image's or a font's bytes are noise: 20,000 characters in a scan).
  // Each with where it sits in the file: an incremental update appends objects that supersede earlier ones.
  const pageBodies: PageBody[] = [{ body: raw, at: 0, numbered: true }];
  const textBodies: string[] = [];
  let budget = MAX_INFLATED;
  for (const match of raw.matchAll(STREAM)) {
    if (budget <= 0) break;
    const at = match.index ?? 0;
    // `endstream` matches too; a stream's keyword follows its dictionary's `>>`.
    if (raw.slice(Math.max(0, at - 3), at) === 'end' || !/>>\s*$/.test(raw.slice(Math.max(0, at - 16), at))) continue;
    const window = raw.slice(Math.max(0, at - DICTIONARY_REACH), at);
    const dictionary = window.slice(window.lastIndexOf('obj') + 1);
    if (NO_TEXT.test(dictionary)) continue;
    const objects = OBJECT_STREAM.test(dictionary);
    if (!withText && !objects) continue;
    const start = at + match[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) continue;
    if (!dictionary.includes('/FlateDecode')) {
      // Uncompressed (its pages are already in `raw`), or in a filter not read here.
      if (!dictionary.includes('/Filter')) textBodies.push(raw.slice(start, end));
      continue;
    }
    try {
      // Sync flush: the end-of-line before `endstream` is not part of the data, and need not be a whole block.
      const inflated = inflateSync(pdf.subarray(start, end), { finishFlush: 2, maxOutputLength: budget });
      budget -= inflated.length;
      if (objects) pageBodies.push({ body: inflated.toString('latin1'), at, numbered: false });
      else textBodies.push(inflated.toString('latin1'));
    } catch {
      // Not a Flate stream after all, damaged, or past what is left to inflate: its text and pages are not counted.
      budget -= end - start;
    }
  }
  const pageSizes = finalPages(pageBodies);
  let textChars = 0;
  if (withText) for (const body of textBodies) textChars += shownTextChars(body);
  return { pages: pageSizes.length, pageSizes, textChars };
}

/** Text that may hold page objects: the file itself, or an inflated object stream, and its place in the file. */
interface PageBody {
  body: string;
  at: number;
  /** Whether its objects have `N G obj` headers (the file's own; an object stream's are listed apart). */
  numbered: boolean;
}

/**
 * The page sizes of the final page tree. An incremental update (a signature, an annotation, a
 * form filled in) appends new versions of the objects it changes and leaves the old ones in the
 * file: every `/Type /Page` object ever written counted a signed 3-page PDF as 4 pages, a PDF with
 * each page annotated as twice its pages. So a numbered page object counts once, at its last
 * version, and the pages are no more than the `/Count` of the page tree's root (the `/Pages` node
 * without a `/Parent`) written last, which drops pages an update removed; a tree with no root
 * found (damaged) keeps every page object found.
 */
function finalPages(bodies: readonly PageBody[]): PdfSummary['pageSizes'] {
  const byObject = new Map<string, { width: number; height: number }>();
  const unnumbered: { width: number; height: number }[] = [];
  let root: { at: number; count: number } | undefined;
  for (const { body, at, numbered } of bodies) {
    for (const match of body.matchAll(PAGES_NODE)) {
      const where = match.index ?? 0;
      const node = enclosingDictionary(body, where);
      const count = node === undefined || /\/Parent\b/.test(node) ? undefined : /\/Count\s+(\d+)/.exec(node)?.[1];
      // The file's own objects by their offset; an object stream's at the stream's.
      const written = numbered ? where : at;
      if (count !== undefined && (root === undefined || written >= root.at)) root = { at: written, count: Number(count) };
    }
    for (const page of body.matchAll(PAGE)) {
      const where = page.index ?? 0;
      const size = mediaBoxAround(body, where);
      const object = numbered ? objectNumberBefore(body, where) : undefined;
      if (object === undefined) unnumbered.push(size);
      else {
        // Re-set so the last version also takes the last place.
        byObject.delete(object);
        byObject.set(object, size);
      }
    }
  }
  const pages = [...byObject.values(), ...unnumbered];
  // Never more than the page objects found: a `/Count` is a client's number (a billion of them was one line away).
  return root === undefined ? pages : pages.slice(0, root.count);
}

// A page tree node (`/Type /Pages`).
const PAGES_NODE = /\/Type\s*\/Pages(?![A-Za-z])/g;
const OBJECT_HEADER = /(\d+)\s+(\d+)\s+obj\b/g;

/** The `N G` of the `N G obj` a page object at `at` is in, looked for within DICTIONARY_REACH before it. */
function objectNumberBefore(body: string, at: number): string | undefined {
  let last: string | undefined;
  for (const header of body.slice(Math.max(0, at - DICTIONARY_REACH), at).matchAll(OBJECT_HEADER)) last = `${header[1]} ${header[2]}`;
  return last;
}

/** The `<< … >>` dictionary that encloses `at`, its nested dictionaries included, within DICTIONARY_REACH either side. */
function enclosingDictionary(body: string, at: number): string | undefined {
  let depth = 0;
  let start = -1;
  for (let i = at - 1; i >= Math.max(1, at - DICTIONARY_REACH); i--) {
    const pair = body.slice(i - 1, i + 1);
    if (pair === '>>') {
      depth++;
      i--;
    } else if (pair === '<<') {
      if (depth === 0) {
        start = i - 1;
        break;
      }
      depth--;
      i--;
    }
  }
  if (start < 0) return undefined;
  depth = 0;
  for (let i = start; i < Math.min(body.length - 1, at + DICTIONARY_REACH); i++) {
    const pair = body.slice(i, i + 2);
    if (pair === '<<') {
      depth++;
      i++;
    } else if (pair === '>>') {
      depth--;
      i++;
      if (depth === 0) return body.slice(start, i + 1);
    }
  }
  return undefined;
}

/** The page's `/MediaBox` when its dictionary states one; else Letter (an inherited box is not followed). */
function mediaBoxAround(body: string, at: number): { width: number; height: number } {
  // Looked for within DICTIONARY_REACH either side only: an object stream has no `obj`/`endobj`
  // to stop at, and an unbounded search from each of 1,000 pages was quadratic (37 ms for 0.2 MB).
  const start = Math.max(0, at - DICTIONARY_REACH);
  const before = body.slice(start, at);
  const after = body.slice(at, at + DICTIONARY_REACH);
  const from = before.lastIndexOf('obj');
  const next = after.indexOf('endobj');
  const box = MEDIA_BOX.exec(before.slice(from < 0 ? 0 : from) + (next < 0 ? after : after.slice(0, next)));
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

/** A PDF's bytes, or its summary when already read (one summary serves every vendor's count). */
export type PdfInput = Buffer | PdfSummary;

function summaryOf(pdf: PdfInput): PdfSummary {
  return Buffer.isBuffer(pdf) ? summarisePdf(pdf) : pdf;
}

/** Page sizes to count: a PDF with no page object found (damaged, encrypted) counts one Letter page. */
function pagesOf(summary: PdfSummary): PdfSummary['pageSizes'] {
  return summary.pageSizes.length > 0 ? summary.pageSizes : [LETTER];
}

/**
 * Tokens Claude counts for a PDF: per page an image of the page (`claudePageImageTokens`: the
 * page's shape at the most Claude reads, 1,575 for US Letter, 1,598 for A4), plus the text the pages
 * show at 4 characters a token. A PDF with no page object found (damaged, encrypted) counts one page.
 *
 * @example claudePdfTokens(threePageLetterPdf) // 3 × 1,575 + its text
 */
export function claudePdfTokens(pdf: PdfInput): number {
  const summary = summaryOf(pdf);
  return pagesOf(summary).reduce((sum, size) => sum + claudePageImageTokens(size), 0) + Math.ceil(summary.textChars / 4);
}

/**
 * OpenAI's page-image detail when the request names none (the file inputs guide, "PDF detail
 * levels": `auto` is `high` on GPT-5.6 and later, `low` on earlier models; Chat Completions file
 * parts cannot name one).
 */
function openAIPageDetail(model: string, detail: string | undefined): 'low' | 'high' {
  if (detail === 'low' || detail === 'high') return detail;
  const version = /^gpt-(\d+)(?:\.(\d+))?/.exec(model);
  const major = Number(version?.[1] ?? 0);
  return major > 5 || (major === 5 && Number(version?.[2] ?? 0) >= 6) ? 'high' : 'low';
}

/**
 * Tokens OpenAI counts for a PDF (the file inputs guide: "the API extracts both text and page
 * images and sends both to the model"): per page an image of the page at `detail` (Responses'
 * `input_file.detail`; `auto` as the guide says for the model), counted as any image on the model
 * is (`openAIImageTokens`) with the page rendered as large as the model reads (the guide does not
 * say at what size), plus the text at 4 characters a token.
 *
 * @example openAIPdfTokens('gpt-4o', threePageLetterPdf) // 3 × 85 (low detail) + its text
 */
export function openAIPdfTokens(model: string, pdf: PdfInput, detail?: string): number {
  const summary = summaryOf(pdf);
  const pageDetail = openAIPageDetail(model, detail);
  let tokens = Math.ceil(summary.textChars / 4);
  for (const page of pagesOf(summary)) {
    const render = 4096 / Math.max(page.width, page.height);
    tokens += openAIImageTokens(model, { width: Math.round(page.width * render), height: Math.round(page.height * render) }, pageDetail);
  }
  return tokens;
}

/**
 * Tokens Gemini counts for a PDF: a fixed cost a page (`geminiPageTokens`: 258 before Gemini 3,
 * 560 on Gemini 3 at its default media resolution), whatever the page shows; Gemini 3 does not
 * charge the native text it extracts, and earlier models read the page as an image only.
 *
 * @example geminiPdfTokens('gemini-2.5-flash', threePagePdf) // 774
 */
export function geminiPdfTokens(model: string, pdf: PdfInput, resolution?: string): number {
  return pagesOf(Buffer.isBuffer(pdf) ? summarisePdf(pdf, { text: false }) : pdf).length * geminiPageTokens(model, resolution);
}

import { extractText, getDocumentProxy } from 'unpdf';
import type { Block } from '../types.js';
import { paragraphBlocks } from './paragraph-blocks.js';
import { countOf } from '../../core/plural.js';

export interface ParsedPdf {
  text: string;
  blocks: Block[];
  title: string | undefined;
  pages: number;
}

/** Why a PDF cannot be indexed, in words a person can act on. */
export class UnreadablePdf extends Error {
  override readonly name = 'UnreadablePdf';
}

/**
 * Extracts the text layer of a PDF (pdf.js through unpdf), page by page; pages are separated by
 * a blank line and each page's paragraphs become blocks. Encrypted, damaged and image-only files
 * throw `UnreadablePdf` with the reason.
 *
 * @example const { text, pages } = await parsePdf(readFileSync('guide.pdf'));
 */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedPdf> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the buffer it is given: pass a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') throw new UnreadablePdf('encrypted PDF (needs a password)');
    throw new UnreadablePdf(`not a readable PDF (${(error as Error).message})`);
  }
  try {
    const { text: pageTexts, totalPages } = await extractText(pdf, { mergePages: false });
    let title: string | undefined;
    try {
      const info = (await pdf.getMetadata()).info as { Title?: unknown } | undefined;
      if (typeof info?.Title === 'string') title = documentTitle(info.Title);
    } catch {
      // A broken info dictionary costs only the title.
    }
    let text = '';
    const blocks: Block[] = [];
    for (const raw of pageTexts) {
      const page = raw.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').trim();
      if (!page) continue;
      if (text) text += '\n\n';
      blocks.push(...paragraphBlocks(page, text.length));
      text += page;
    }
    if (!text.trim()) throw new UnreadablePdf(`no text layer in ${countOf(totalPages, 'page')} (a scanned image?)`);
    return { text, blocks, title, pages: totalPages };
  } catch (error) {
    if (error instanceof UnreadablePdf) throw error;
    throw new UnreadablePdf(`cannot extract text (${(error as Error).message})`);
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

// "Microsoft Word - Q3 report.docx": what Office's PDF printer writes as every file's title.
const PRINTER_PREFIX = /^Microsoft\s+(?:Office\s+)?(?:Word|PowerPoint|Excel)\s+-\s+/i;
const DOCUMENT_EXTENSION = /\.(?:docx?|docm|dotx?|pptx?|xlsx?|odt|odp|ods|rtf|pages|key|numbers|html?|xhtml|txt|md|tex|dvi|ps|pdf|indd|qxp)$/i;

/**
 * The PDF's own `/Title` when it names the document. Writers often fill it with something else:
 * the source file's name (a browser printing `travel.html`, LaTeX's `main.dvi`), a path or
 * address, "Untitled", or Office's "Microsoft Word - report.docx"; cited under such a title a
 * chunk names another file. Those give undefined (the loader then uses the PDF's file name),
 * except a name a person wrote with spaces, kept without its prefix and extension.
 *
 * @example documentTitle('Microsoft Word - Q3 report.docx') // 'Q3 report'
 * @example documentTitle('travel.html') // undefined
 */
export function documentTitle(raw: string): string | undefined {
  const title = raw.replace(/\s+/g, ' ').trim();
  const printed = PRINTER_PREFIX.exec(title);
  if (printed) return title.slice(printed[0].length).replace(DOCUMENT_EXTENSION, '').trim() || undefined;
  if (!title || /^untitled\b/i.test(title)) return undefined;
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*$/i.test(title)) return undefined; // an address
  if (/^\S*[\\/]\S*$/.test(title)) return undefined; // a path
  if (DOCUMENT_EXTENSION.test(title)) {
    // A file name: without spaces most likely a source's (`main.dvi`), so the PDF's own name is
    // better; with spaces a person named it ("Travel policy 2024.docx"): kept without extension.
    return /\s/.test(title) ? title.replace(DOCUMENT_EXTENSION, '').trim() : undefined;
  }
  return title;
}

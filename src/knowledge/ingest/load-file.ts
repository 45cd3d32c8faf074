import { basename, extname } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { utf16Order } from '../../core/utf16-order.js';
import type { LoadedDocument } from '../types.js';
import { type FileFormat, detectFormat } from '../../core/detect-format.js';
import { binaryKind, nameMismatch } from '../../core/file-signature.js';
import { paragraphBlocks } from './paragraph-blocks.js';
import { lineOfByte, invalidUtf8At, notUtf8 } from '../../core/data-text.js';
import { fromLegacyEncoding } from './legacy-encoding.js';
import type { EncodingChoice, LoadResult, TextEncodingName } from './source-item.js';

/**
 * Reads one file's bytes into a document by format. Never throws for bad content: binary files,
 * encrypted or damaged PDFs and documents without text come back as `{ ok: false, reason }`.
 *
 * @example await loadFile('docs/setup.md', bytes) // { ok: true, document: { id: 'docs/setup.md', … } }
 */
export async function loadFile(id: string, fileBytes: Uint8Array, options: { encoding?: EncodingChoice } = {}): Promise<LoadResult> {
  // A name that claims a binary format its bytes do not start with is refused before anything is read as text.
  const mismatch = nameMismatch(id, fileBytes);
  if (mismatch !== undefined) return { ok: false, reason: `${mismatch}: not indexed; rename it to what it holds (e.g. .txt) to index it as such, or get the real file again` };
  const utf16 = fromUtf16WithBom(fileBytes);
  if (utf16 === null) return { ok: false, reason: 'opens with a UTF-16 byte order mark but is not valid UTF-16 (an odd number of bytes or an unpaired surrogate); save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)' };
  let bytes = utf16?.utf8 ?? fileBytes;
  let encoding: TextEncodingName | undefined = utf16?.encoding;
  const format = detectFormat(id, bytes);
  if (!format) {
    const order = utf16Order(bytes);
    if (order) return { ok: false, reason: `UTF-16 text (${order}), not UTF-8; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)` };
    const known = binaryKind(id, bytes);
    return { ok: false, reason: `binary file (${known === undefined ? '' : `${known}: `}not text, Markdown, HTML or PDF)` };
  }
  // The whole file, not only the head detectFormat reads: a Latin-1 byte past it became U+FFFD in
  // the index. Text that is not UTF-8 is read as Windows-1252 (Latin-1) or a Central European
  // encoding, by its letters, unless its bytes rule them out (or `--encoding` names one).
  if (format !== 'pdf' && !isUtf8(bytes)) {
    const choice = options.encoding ?? 'auto';
    if (choice === 'utf-8') {
      const at = invalidUtf8At(bytes);
      return { ok: false, reason: `${notUtf8(bytes, at, 'file')}, line ${lineOfByte(bytes, at)}, and --encoding utf-8 reads no other encoding; leave --encoding out to read it by its letters, or name its encoding` };
    }
    const legacy = fromLegacyEncoding(bytes, choice === 'auto' ? undefined : choice);
    if ('reason' in legacy) return { ok: false, reason: legacy.reason };
    bytes = legacy.utf8;
    encoding = legacy.encoding;
  }
  const fallbackTitle = basename(id, extname(id));
  let parsed: Omit<LoadedDocument, 'id' | 'metadata'> & { extra?: LoadedDocument['metadata'] };
  try {
    parsed = await parseByFormat(format, bytes, fallbackTitle);
  } catch (error) {
    if ((error as Error).name === 'UnreadablePdf') return { ok: false, reason: (error as Error).message };
    return { ok: false, reason: `cannot parse as ${format}: ${(error as Error).message}` };
  }
  if (!parsed.text.trim() || parsed.blocks.length === 0) return { ok: false, reason: 'empty document (no text)' };
  const metadata = { ...parsed.extra, path: id, format, bytes: fileBytes.length, ...(encoding ? { encoding } : {}) };
  return { ok: true, document: { id, title: parsed.title, text: parsed.text, blocks: parsed.blocks, metadata }, ...(encoding ? { encoding } : {}) };
}

// Parsers load on first use: a process that only searches never pays for pdf.js or a DOM.
async function parseByFormat(format: FileFormat, bytes: Uint8Array, fallbackTitle: string) {
  if (format === 'pdf') {
    const { parsePdf } = await import('./load-pdf.js');
    const pdf = await parsePdf(bytes);
    return { title: pdf.title ?? fallbackTitle, text: pdf.text, blocks: pdf.blocks, extra: { pages: pdf.pages } };
  }
  // A byte-order mark is not part of the text a citation points at.
  const source = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes).replace(/\r\n?/g, '\n');
  if (format === 'markdown') {
    const { parseMarkdown } = await import('./load-markdown.js');
    const md = parseMarkdown(source);
    return { title: md.title ?? fallbackTitle, text: md.text, blocks: md.blocks, extra: md.metadata };
  }
  if (format === 'html') {
    const { parseHtml } = await import('./load-html.js');
    const html = parseHtml(source);
    return { title: html.title ?? fallbackTitle, text: html.text, blocks: html.blocks };
  }
  return { title: fallbackTitle, text: source, blocks: paragraphBlocks(source) };
}

/**
 * A file that opens with a UTF-16 byte order mark (Notepad's "Unicode", Windows PowerShell's `>`)
 * says its encoding itself, so it is read, as document loaders do, rather than refused; the rest
 * of the loader sees UTF-8. Without a mark the byte order is a guess, and such a file is refused.
 * Returns undefined for a file without the mark, null for one whose UTF-16 is broken.
 *
 * @example fromUtf16WithBom(Buffer.from('\uFEFFhi', 'utf16le'))?.encoding // 'utf-16le'
 */
function fromUtf16WithBom(bytes: Uint8Array): { utf8: Uint8Array; encoding: 'utf-16le' | 'utf-16be' } | null | undefined {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (encoding === undefined) return undefined;
  try {
    // fatal: an unpaired surrogate (or an odd byte count) is refused, not indexed as U+FFFD.
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return { utf8: new TextEncoder().encode(text), encoding };
  } catch {
    return null;
  }
}

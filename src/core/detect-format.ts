import { extname } from 'node:path';

export type FileFormat = 'markdown' | 'html' | 'pdf' | 'text';

const BY_EXTENSION: Record<string, FileFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
  '.txt': 'text',
  '.text': 'text',
  '.rst': 'text',
  '.adoc': 'text',
};

/**
 * The format of a file from its extension and first bytes: a `%PDF` header is a PDF whatever its
 * name; bytes with NULs, or invalid UTF-8 with many control bytes, are binary (undefined); other
 * unknown names are text (text that is not UTF-8 is read by loadFile as Windows-1252, or refused naming the byte).
 *
 * @example detectFormat('notes/a.md', bytes) // 'markdown'
 */
export function detectFormat(path: string, bytes: Uint8Array): FileFormat | undefined {
  const head = bytes.subarray(0, 8192);
  if (head.length >= 5 && Buffer.from(head.subarray(0, 5)).toString('latin1') === '%PDF-') return 'pdf';
  const byName = BY_EXTENSION[extname(path).toLowerCase()];
  if (byName === 'pdf') return 'pdf'; // a broken PDF is reported as such, not as binary
  if (looksBinary(head)) return undefined;
  return byName ?? 'text';
}

function looksBinary(head: Uint8Array): boolean {
  if (head.includes(0)) return true;
  // Cut at the last complete character so a multi-byte sequence split by the 8 KiB window passes.
  let end = head.length;
  let back = 0;
  while (back < 4 && end - back - 1 >= 0 && ((head[end - back - 1] as number) & 0xc0) === 0x80) back++;
  if (end - back - 1 >= 0 && (head[end - back - 1] as number) >= 0xc0) end = end - back - 1;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return false;
  } catch {
    // Text in another encoding (Latin-1, Windows-1252) has hardly any control bytes; binary data
    // has about one in nine. The first is text, read by loadFile as Windows-1252 (or refused naming the byte).
    return controlBytes(head) > head.length / 50;
  }
}

/** Bytes below 0x20 other than tab, line feed, form feed, carriage return and escape. */
function controlBytes(head: Uint8Array): number {
  let count = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) count++;
  return count;
}

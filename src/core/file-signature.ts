import { extname } from 'node:path';
import { SwitchyardError } from './errors.js';
import { utf16Order } from './utf16-order.js';
import { detectFormat } from './detect-format.js';

/** A binary container format known by the bytes it starts with. */
type Signature = 'zip' | 'ole2' | 'png' | 'jpeg' | 'gif' | 'webp' | 'gzip' | 'parquet';

const MAGIC: Readonly<Record<Signature, { bytes: readonly (number | null)[]; name: string; shown: string }>> = {
  // PK\x03\x04: a zip's first local file header, which every OOXML and ODF document and EPUB is.
  zip: { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'a zip archive', shown: 'PK\\x03\\x04' },
  // The OLE2 compound file of Office 97–2003 (.xls, .doc, .ppt, .msg).
  ole2: { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'an Office 97–2003 (OLE2) file', shown: '\\xd0\\xcf\\x11\\xe0' },
  png: { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], name: 'a PNG image', shown: '\\x89PNG' },
  jpeg: { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image', shown: '\\xff\\xd8\\xff' },
  gif: { bytes: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image', shown: 'GIF8' },
  // RIFF, four bytes of size, WEBP.
  webp: { bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50], name: 'a WebP image', shown: 'RIFF…WEBP' },
  gzip: { bytes: [0x1f, 0x8b], name: 'a gzip file', shown: '\\x1f\\x8b' },
  parquet: { bytes: [0x50, 0x41, 0x52, 0x31], name: 'a Parquet file', shown: 'PAR1' },
};

/** What `looksLike` says of bytes that are neither text nor a known signature. */
export const BINARY_DATA = 'binary data';

/** What a file's name claims it is, for the names whose format is a binary container. */
const CLAIMED: Readonly<Record<string, { what: string; signature: Signature }>> = {
  '.xlsx': { what: 'an Excel workbook', signature: 'zip' },
  '.xlsm': { what: 'an Excel workbook', signature: 'zip' },
  '.docx': { what: 'a Word document', signature: 'zip' },
  '.pptx': { what: 'a PowerPoint presentation', signature: 'zip' },
  '.odt': { what: 'an OpenDocument text', signature: 'zip' },
  '.ods': { what: 'an OpenDocument spreadsheet', signature: 'zip' },
  '.odp': { what: 'an OpenDocument presentation', signature: 'zip' },
  '.epub': { what: 'an EPUB book', signature: 'zip' },
  '.zip': { what: 'a zip archive', signature: 'zip' },
  '.xls': { what: 'an Excel 97–2003 workbook', signature: 'ole2' },
  '.doc': { what: 'a Word 97–2003 document', signature: 'ole2' },
  '.ppt': { what: 'a PowerPoint 97–2003 presentation', signature: 'ole2' },
  '.png': { what: 'a PNG image', signature: 'png' },
  '.jpg': { what: 'a JPEG image', signature: 'jpeg' },
  '.jpeg': { what: 'a JPEG image', signature: 'jpeg' },
  '.gif': { what: 'a GIF image', signature: 'gif' },
  '.webp': { what: 'a WebP image', signature: 'webp' },
  '.gz': { what: 'a gzip file', signature: 'gzip' },
  '.tgz': { what: 'a gzip file', signature: 'gzip' },
  '.parquet': { what: 'a Parquet file', signature: 'parquet' },
};

/**
 * The binary container `bytes` start as, by its magic bytes, or undefined.
 *
 * @example signatureOf(Uint8Array.of(0x50, 0x4b, 3, 4, 20)) // 'zip'
 */
export function signatureOf(bytes: Uint8Array): Signature | undefined {
  for (const [signature, { bytes: magic }] of Object.entries(MAGIC) as [Signature, (typeof MAGIC)[Signature]][]) {
    if (bytes.length >= magic.length && magic.every((b, i) => b === null || bytes[i] === b)) return signature;
  }
  return undefined;
}


const claimOf = (path: string) => {
  const extension = extname(path).toLowerCase();
  return Object.hasOwn(CLAIMED, extension) ? CLAIMED[extension] : undefined;
};

/**
 * What a binary file is by its signature, in its name's words when the two agree ("an Excel
 * workbook"), else the signature's ("a zip archive"); undefined when no signature matches.
 *
 * @example binaryKind('q3.xlsx', zipBytes) // 'an Excel workbook'
 */
export function binaryKind(path: string, bytes: Uint8Array): string | undefined {
  const found = signatureOf(bytes);
  if (found === undefined) return undefined;
  const claim = claimOf(path);
  return claim?.signature === found ? claim.what : MAGIC[found].name;
}

/**
 * Why a file cannot be what its name says, or undefined when its bytes agree (or the name claims no
 * binary format): the statement only, each caller says what it did about it (`not indexed`, `not
 * imported`). A `.xlsx` or `.parquet` that holds text is most often a download that returned a
 * sign-in or error page, or a file renamed by hand. `looksLike` (default {@link contentKind}) names
 * what the content is when no signature does; content it calls "binary data" is not a mismatch to
 * report (a variant or a damaged file of the format named): the caller refuses it as binary.
 * Shared by `kb add` and `datasets import`.
 *
 * @example nameMismatch('q3.xlsx', bytes) // 'named .xlsx (an Excel workbook) but its content is text, not a zip archive (an Excel workbook starts with PK\x03\x04)'
 */
export function nameMismatch(path: string, bytes: Uint8Array, looksLike: () => string = () => contentKind(bytes)): string | undefined {
  const claim = claimOf(path);
  if (claim === undefined) return undefined;
  const found = signatureOf(bytes);
  if (found === claim.signature) return undefined;
  const content = found === undefined ? looksLike() : MAGIC[found].name;
  if (content === BINARY_DATA) return undefined;
  const extension = extname(path).toLowerCase();
  const expected = MAGIC[claim.signature];
  return `named ${extension} (${claim.what}) but its content is ${content}, not ${expected.name} (${claim.what} starts with ${expected.shown})`;
}

/** What content with no known signature is, for a name it contradicts: "text", "an HTML page", "a PDF". */
export function contentKind(bytes: Uint8Array): string {
  const format = detectFormat('', bytes);
  if (format === 'pdf') return 'a PDF';
  if (format === undefined) return utf16Order(bytes) ? 'UTF-16 text' : BINARY_DATA;
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8').replace(/^\uFEFF?\s*/, '').toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') ? 'an HTML page' : 'text';
}

/**
 * Throws, naming the file and what it holds, when bytes read as text are a binary container by
 * their magic bytes (a workbook, an archive, gzip, an image, Parquet): read as UTF-8 they failed
 * as "not valid UTF-8 at byte 11", which said nothing of what the file is. Parquet counts only
 * with its closing `PAR1` too, as a text starting "PAR1" may be a header. Every reader of a
 * user's text file meets it through `decodeDataFile`.
 *
 * @example refuseBinaryContainer(xlsxBytes, 'q3.xlsx') // throws: q3.xlsx: the file is an Excel workbook (PK\x03\x04), not text; export it as text (CSV or JSONL for data) and use that
 */
export function refuseBinaryContainer(bytes: Uint8Array, source: string): void {
  const found = signatureOf(bytes);
  if (found === undefined || (found === 'parquet' && !endsWithParquetMagic(bytes))) return;
  const fix = found === 'gzip' ? containerFix(found, 'use') : 'export it as text (CSV or JSONL for data) and use that';
  throw new SwitchyardError('invalid_request', `${source}: the file is ${binaryKind(source, bytes)} (${MAGIC[found].shown}), not text; ${fix}`);
}

const endsWithParquetMagic = (bytes: Uint8Array) => bytes.length >= 8 && signatureOf(bytes.subarray(bytes.length - 4)) === 'parquet';

/** What to do with a container no data is read from, for a message that says what it is. */
function containerFix(found: Signature, verb: string): string {
  return found === 'gzip' ? `decompress it (gunzip) and ${verb} the file inside` : `save it as CSV or JSONL and ${verb} that`;
}

/**
 * Refuses a data file (CSV, TSV, JSONL, JSON, Parquet) by its first bytes, naming the file and
 * what it holds: one whose name claims a binary format its bytes are not (a `.parquet` or `.xlsx`
 * that is a sign-in page or a renamed CSV: read as the name says, it failed as "not a readable
 * Parquet file (footer != PAR1)" or was read as a CSV whose header was the page), and one that is
 * a binary format no data is read from (a workbook, an archive, gzip: read as CSV it failed on
 * "not valid UTF-8 at byte 11"). Parquet's own bytes pass, whatever the name. `verb` is what the
 * command does with the file (`import`, `use`). Shared by `datasets import` and the readers of
 * labelled examples (`local train`, `local eval`).
 *
 * @example refuseMislabelledData(head, 'q3.xlsx', 'import') // throws: q3.xlsx is an Excel workbook, not a JSONL, JSON, CSV, TSV or Parquet file: save it as CSV or JSONL and import that
 */
export function refuseMislabelledData(head: Uint8Array, path: string, verb: 'import' | 'use'): void {
  const mismatch = nameMismatch(path, head);
  if (mismatch !== undefined) {
    throw new SwitchyardError('invalid_request', `${path}: ${mismatch}: not ${verb === 'import' ? 'imported' : 'used'}; rename it to what it holds (e.g. .csv or .jsonl) to ${verb} it as such, or get the real file again`);
  }
  const found = signatureOf(head);
  if (found === undefined || found === 'parquet') return;
  throw new SwitchyardError('invalid_request', `${path} is ${binaryKind(path, head)}, not a JSONL, JSON, CSV, TSV or Parquet file: ${containerFix(found, verb)}`);
}

import { constants, isUtf8 } from 'node:buffer';
import { SwitchyardError } from './errors.js';
import { countOf } from './plural.js';
import { refuseBinaryContainer } from './file-signature.js';
import { utf16Order } from './utf16-order.js';

/**
 * The most a line (a CSV record: its fields) of a data file may hold, in UTF-8 bytes: datasets,
 * training files, `local predict` and `guard scan` input. A data set's longest real line is tens
 * of kilobytes (a long document with its answer); one JSONL line of 60 MB took 12.8 s and 606 MB
 * of memory to import and became a dataset item no page or report could show.
 */
export const MAX_LINE_BYTES = 1_000_000;

/**
 * What is wrong with a line of `bytes` UTF-8 bytes that is over the limit, for a message that
 * puts the line's number before it.
 *
 * @example lineTooLong(62_914_560) // '62914560 bytes, more than the limit of 1000000 bytes a line may hold'
 */
export function lineTooLong(bytes: number): string {
  return `${bytes} bytes, more than the limit of ${MAX_LINE_BYTES} bytes a line may hold`;
}

/**
 * The message for a line of text over {@link MAX_LINE_BYTES}, or undefined. The UTF-8 size is
 * only measured for lines that could be over (each character is 1 to 3 bytes per UTF-16 unit).
 *
 * @example oversizedLine('hi') // undefined
 */
export function oversizedLine(text: string): string | undefined {
  if (text.length * 3 <= MAX_LINE_BYTES) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > MAX_LINE_BYTES ? lineTooLong(bytes) : undefined;
}

/**
 * Offset of the first byte that does not belong to valid UTF-8 (a stray Latin-1 byte, a cut
 * sequence, an overlong form, a surrogate), or -1 when every byte does. Only for messages: valid
 * input is recognised by the native `isUtf8` first.
 *
 * @example invalidUtf8At(Buffer.from([0x68, 0x69, 0xe9])) // 2
 */
export function invalidUtf8At(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    if ((bytes[i] as number) < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/**
 * The length (2–4) of the valid multi-byte UTF-8 sequence that starts at `bytes[i]`, or 0 when
 * none does: a byte no sequence starts with, a cut sequence, or a second byte out of its range
 * (which rules out overlong forms, surrogates and code points past U+10FFFF).
 *
 * @example utf8SequenceLength(Buffer.from('é'), 0) // 2
 */
export function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  const second = bytes[i + 1] as number;
  const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
  const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return 0;
  return length;
}

/** "not valid UTF-8 at byte 17 of the line (0xE9)": where the first bad byte of `bytes` is, and what it is. */
export function notUtf8(bytes: Uint8Array, at: number, of: 'line' | 'file' | 'value'): string {
  const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return `not valid UTF-8 at byte ${at} of the ${of} (0x${byte})`;
}

/**
 * Throws when a data file's first bytes (`readFileHead`'s, or the whole file's) are UTF-16, with
 * a byte order mark or without one: said as such, since "not valid UTF-8 at byte 0 (0xFF)" and a
 * Latin-1 iconv hint led nowhere, and a UTF-16 file with no byte order mark is valid UTF-8 full
 * of NULs (a header "i\0n\0p\0u\0t"; a `.json` array "[\0{\0", whose items then each failed as
 * "Unexpected token"). Readers that stream a file check its head before they start.
 *
 * @example refuseUtf16(Buffer.from('[{"input":"hi"}]', 'utf16le'), 'a.json') // throws: a.json: the file is UTF-16 (little-endian, no byte order mark), not UTF-8; …
 */
export function refuseUtf16(head: Uint8Array, source: string): void {
  const utf16 = utf16Order(head);
  if (utf16) throw new SwitchyardError('invalid_request', `${source}: the file is UTF-16 (${utf16}), not UTF-8; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)`);
}

/**
 * A data file's bytes as text, refusing bytes that are not UTF-8 instead of reading them as
 * U+FFFD (a Latin-1 "café" became "caf\uFFFD" in a dataset without a word). The error names the
 * line, the byte offset in the file and the byte. A workbook, an archive, gzip or an image is
 * refused first by its magic bytes, saying what it is (`refuseBinaryContainer`), not as "not valid
 * UTF-8 at byte 11". A byte order mark is kept, as `readFile(…,
 * 'utf8')` keeps it, for the parsers that skip it.
 *
 * @example decodeDataFile(readFileSync('a.jsonl'), 'a.jsonl')
 */
export function decodeDataFile(bytes: Buffer, source: string): string {
  return refuseNonUtf8(bytes, source).toString('utf8');
}

/**
 * {@link decodeDataFile}'s checks without the decoding, for a reader that decodes a line at a time
 * (`jsonlLinesOfBytes`): the bytes, once they are known to be UTF-8 text.
 *
 * @example jsonlLinesOfBytes(refuseNonUtf8(bytes, 'big.jsonl'))
 */
export function refuseNonUtf8(bytes: Buffer, source: string): Buffer {
  refuseUtf16(bytes, source);
  refuseBinaryContainer(bytes, source);
  const at = invalidUtf8At(bytes);
  if (at < 0) return bytes;
  throw new SwitchyardError('invalid_request', `${source}:${lineOfByte(bytes, at)}: ${notUtf8(bytes, at, 'file')}; save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)`);
}

/** The most characters Node holds in one string (2^29 − 24 on 64-bit Node 20): what a file read as one text may decode to. */
export const MAX_TEXT_CHARS = constants.MAX_STRING_LENGTH;

/** The line (from 1) byte `at` of `bytes` is on, as jsonlLines counts them: \n, \r\n and a lone \r each end a line. */
export function lineOfByte(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/**
 * {@link oversizedLine} for a CSV or TSV record: its fields and the delimiters between them
 * (a quoted field may span lines; the record is what one item is made of).
 */
export function oversizedRecord(fields: readonly string[]): string | undefined {
  const chars = fields.reduce((sum, field) => sum + field.length, fields.length - 1);
  if (chars * 3 <= MAX_LINE_BYTES) return undefined;
  const bytes = fields.reduce((sum, field) => sum + Buffer.byteLength(field, 'utf8'), fields.length - 1);
  return bytes > MAX_LINE_BYTES ? lineTooLong(bytes) : undefined;
}

/** A field (column) of an item and its size in UTF-8 bytes as stored: a string by its text, any other value as JSON. */
export interface FieldSize {
  name: string;
  bytes: number;
}

/**
 * The sizes of a row's fields (a Parquet row's cells, a `.json` array item's fields), for
 * {@link oversizedFields}. A binary cell arrives as its base64 text, an embedding as a
 * list of numbers: both are measured as they would be stored.
 *
 * @example fieldSizes({ input: 'hi', vector: [0.5, 1] }) // [{ name: 'input', bytes: 2 }, { name: 'vector', bytes: 7 }]
 */
export function fieldSizes(fields: Readonly<Record<string, unknown>>): FieldSize[] {
  return Object.entries(fields).map(([name, value]) => ({ name, bytes: Buffer.byteLength(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''), 'utf8') }));
}

/**
 * The message for a row whose fields together are over {@link MAX_LINE_BYTES} (the bound a JSONL
 * line or a CSV record has), naming its largest field and what to do, or undefined. `what` is
 * `row` (a Parquet file's, whose field is a column) or `item` (a `.json` array's).
 *
 * @example oversizedFields([{ name: 'image', bytes: 2_400_000 }], 'row', 'drop it') // '2400000 bytes, more than … a row may hold; the largest is column "image" (2400000 bytes): drop it'
 */
export function oversizedFields(sizes: readonly FieldSize[], what: 'row' | 'item', advice: string): string | undefined {
  const bytes = sizes.reduce((sum, field) => sum + field.bytes, 0);
  if (bytes <= MAX_LINE_BYTES) return undefined;
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return `${bytes} bytes, more than the limit of ${MAX_LINE_BYTES} bytes ${what === 'row' ? 'a row' : 'an item'} may hold; the largest is ${what === 'row' ? 'column' : 'field'} "${largest.name}" (${largest.bytes} bytes): ${advice}`;
}

/** A malformed line of a data file: its 1-based number, what is wrong, and where when not `file:line` (`file.parquet row 12`). */
export interface BadLine {
  line: number;
  message: string;
  place?: string;
}

/**
 * The first five bad lines of `source`, one indented line each at its place, and how many more:
 * what a refused file's error and a `--skip-bad-lines` note both list.
 *
 * @example badLineList([{ line: 9, message: '"query" is empty' }], 'a.csv') // '  a.csv:9: "query" is empty'
 */
export function badLineList(bad: readonly BadLine[], source: string): string {
  const shown = bad.slice(0, 5).map((b) => `  ${b.place ?? `${source}:${b.line}`}: ${b.message}`);
  return `${shown.join('\n')}${bad.length > 5 ? `\n  … and ${bad.length - 5} more` : ''}`;
}

/**
 * The note for lines a `--skip-bad-lines` read left out: how many, then {@link badLineList}.
 *
 * @example skippedLines([{ line: 9, message: '"query" is empty' }], 'a.csv') // 'skipped 1 malformed line:\n  a.csv:9: "query" is empty'
 */
export function skippedLines(bad: readonly BadLine[], source: string): string {
  return `skipped ${countOf(bad.length, 'malformed line')}:\n${badLineList(bad, source)}`;
}

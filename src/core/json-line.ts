import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';
import { MAX_LINE_BYTES } from './data-text.js';

/**
 * The lines of a JSONL text, split at `\n`, `\r\n` and a lone `\r` (old Mac files; JSON strings
 * cannot hold a raw CR, so no record is cut). Line numbers are the index plus one.
 *
 * @example jsonlLines('{"a":1}\r\n{"a":2}\r{"a":3}') // ['{"a":1}', '{"a":2}', '{"a":3}']
 */
export function jsonlLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** A line over {@link MAX_LINE_BYTES}, by its size: never decoded. */
export interface LongLine {
  tooLong: number;
}

/**
 * {@link jsonlLines} of a file's UTF-8 bytes, each line decoded by itself: decoded whole, a file
 * over 512 MiB was more than the 536,870,888 characters Node holds in one string, and failed as
 * `ERR_STRING_TOO_LONG` short of the 1 GiB a dataset file may hold. A line over
 * {@link MAX_LINE_BYTES} is given by its size only. The bytes are checked as UTF-8 first
 * (`decodeDataFile`'s checks), so each cut falls between characters.
 *
 * @example [...jsonlLinesOfBytes(Buffer.from('{"a":1}\r\n{"a":2}'))] // ['{"a":1}', '{"a":2}']
 */
export function* jsonlLinesOfBytes(bytes: Buffer): Generator<string | LongLine> {
  let from = 0;
  // Each break is looked up again only once passed, so a file without a CR is searched for one once.
  let cr = bytes.indexOf(CR);
  let lf = bytes.indexOf(LF);
  for (;;) {
    if (cr !== -1 && cr < from) cr = bytes.indexOf(CR, from);
    if (lf !== -1 && lf < from) lf = bytes.indexOf(LF, from);
    const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
    const to = end === -1 ? bytes.length : end;
    yield to - from > MAX_LINE_BYTES ? { tooLong: to - from } : bytes.toString('utf8', from, to);
    if (end === -1) return;
    from = end + (bytes[end] === CR && bytes[end + 1] === LF ? 2 : 1);
  }
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * One line of a JSONL file parsed, or what is wrong with it, for a message that names the line.
 * A byte order mark before it (the first line of a file a Windows editor saved) is skipped, and
 * nesting past {@link MAX_JSON_DEPTH} is refused here, before a recursive walk overflows the stack.
 *
 * @example parseJsonLine('\uFEFF{"text":"hi"}') // { value: { text: 'hi' } }
 * @example parseJsonLine('{"text":') // { error: 'not valid JSON (Unexpected end of JSON input)' }
 */
export function parseJsonLine(line: string): { value: unknown } | { error: string } {
  const text = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  const deep = tooDeep(value, text);
  if (deep !== undefined) return { error: `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (at ${deep})` };
  return { value };
}

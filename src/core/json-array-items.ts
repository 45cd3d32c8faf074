import { isUtf8 } from 'node:buffer';
import { invalidUtf8At, MAX_LINE_BYTES, notUtf8 } from './data-text.js';
import { parseJsonLine } from './json-line.js';

/**
 * A `.json` data file holding one array (`[{…}, …]`, as notebooks and many repositories save data
 * sets), read item by item from its bytes as they arrive: only the item being read is held, and
 * an item over {@link MAX_LINE_BYTES} (the bound a JSONL line has) is measured and refused
 * without being kept. Each item's bytes are cut out by counting brackets outside strings and
 * parsed by the native `JSON.parse`, which checks it. On a 25 MB file of 68,295 items: 575–598 ms
 * and 104–105 MB peak RSS, against 274–289 ms and 147–149 MB read whole, and 1,036–1,072 ms and
 * 117–120 MB for a streaming tokenizer in JavaScript (`@streamparser/json` 0.0.26) with the same
 * bound (docs/measurements.md, 2026-12-04, helper datafiles).
 */

/** One item of the array: its value, or what is wrong with it. `offset` is its first byte in the file (0-based). */
export type ArrayItem = { index: number; offset: number; value: unknown } | { index: number; offset: number; error: string };

/** What is wrong with the file's shape (not one array, text after it, cut short): nothing after it is read. */
export interface ArrayShapeError {
  offset: number;
  error: string;
}

/** Where an item of the array is, for messages: `item 3 of the array (byte 120)`. */
export const arrayItem = (index: number, offset?: number): string => `item ${index + 1} of the array${offset === undefined ? '' : ` (byte ${offset})`}`;

/**
 * Whether a file's first bytes open a JSON array (after a byte order mark and whitespace), so it
 * is read with {@link JsonArraySplitter} rather than line by line (a pretty-printed array read
 * as JSONL was a "malformed line" per line).
 *
 * @example startsJsonArray(Buffer.from('\n  [{"input": "hi"}]')) // true
 */
export function startsJsonArray(head: Uint8Array): boolean {
  let at = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (at < head.length && isSpace(head[at] as number)) at++;
  return head[at] === OPEN_ARRAY;
}

/**
 * Splits a JSON array's bytes, fed in chunks of any size, into its items, calling `onItem` for
 * each in order and `onShape` once when the file is not one array (then it stops). Push-based,
 * so a whole text and a file stream are read by the same code ({@link jsonArrayItemsOf},
 * {@link streamJsonArrayItems}).
 *
 * @example const s = new JsonArraySplitter((item) => console.log(item), console.error); s.write(Buffer.from('[1, {"a": 2}]')); s.end(); // { index: 0, offset: 1, value: 1 }, { index: 1, offset: 4, value: { a: 2 } }
 */
export class JsonArraySplitter {
  /** Bytes fed so far: the file offset of the next chunk's first byte. */
  private consumed = 0;
  /** 0 before the array opens; 1 between its items; deeper inside an item's objects and arrays. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  private closed = false;
  private failed = false;
  private index = 0;
  /** The item being read: where it starts, its bytes so far (dropped once it is over the bound), its size. */
  private itemStart = -1;
  private itemParts: Uint8Array[] = [];
  private itemBytes = 0;
  private lastComma = -1;

  constructor(
    private readonly onItem: (item: ArrayItem) => void,
    private readonly onShape: (error: ArrayShapeError) => void,
    private readonly maxItemBytes = MAX_LINE_BYTES,
  ) {}

  write(bytes: Uint8Array): void {
    if (this.failed) return;
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Where the chunk's next backslash is (-1: none left): looked up again only once passed, so a
    // chunk without one is searched once, not once per string.
    let backslash = chunk.indexOf(BACKSLASH);
    let from = 0;
    if (this.consumed === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) from = 3;
    const base = this.consumed;
    this.consumed += chunk.length;
    // A part of an item cut by the chunk's end is kept from here.
    let partFrom = this.itemStart >= 0 ? from : -1;
    for (let i = from; i < chunk.length; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        // Most of a data file is the text inside strings: skipped to the next quote or backslash natively.
        if (backslash !== -1 && backslash < i) backslash = chunk.indexOf(BACKSLASH, i);
        const quote = chunk.indexOf(QUOTE, i);
        if (backslash !== -1 && (quote === -1 || backslash < quote)) {
          i = backslash;
          this.escaped = true;
        } else if (quote === -1) i = chunk.length;
        else {
          i = quote;
          this.inString = false;
        }
        continue;
      }
      const byte = chunk[i] as number;
      if (this.depth === 1) {
        if (byte === COMMA || byte === CLOSE_ARRAY) {
          if (this.itemStart >= 0) {
            this.keep(chunk, partFrom, i);
            this.finishItem();
            partFrom = -1;
          } else if (byte === COMMA || this.lastComma >= 0) {
            // `[1,,2]`, `[,1]` or `[1,]`: JSON has no empty items.
            return this.fail(base + i, `expected an item at byte ${base + i}, found "${String.fromCharCode(byte)}"`);
          }
          if (byte === COMMA) this.lastComma = base + i;
          else {
            this.depth = 0;
            this.closed = true;
          }
          continue;
        }
        if (this.itemStart < 0) {
          if (isSpace(byte)) continue;
          this.itemStart = base + i;
          partFrom = i;
          this.lastComma = -1;
        }
      } else if (this.depth === 0) {
        if (isSpace(byte)) continue;
        if (byte === OPEN_ARRAY && !this.closed) {
          this.depth = 1;
          continue;
        }
        const found = byte < 0x80 ? `"${String.fromCharCode(byte)}"` : `byte 0x${byte.toString(16).toUpperCase()}`;
        return this.fail(base + i, this.closed ? `text after the array's closing "]" at byte ${base + i} (${found}): the file must hold one array` : `the file does not start with "[" but with ${found}: write one array of objects, or one object per line (JSONL)`);
      }
      if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) this.depth++;
      // A stray "}" between an item's own brackets is the item's fault: JSON.parse names it.
      else if ((byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) && this.depth > 1) this.depth--;
    }
    if (partFrom >= 0) this.keep(chunk, partFrom, chunk.length);
  }

  /** The end of the file: an array left open is reported (the item it cut, when there is one). */
  end(): void {
    if (this.failed) return;
    if (this.closed) return;
    const at = this.consumed;
    if (this.depth === 0) return this.fail(at, 'the file is empty: write one array of objects, or one object per line (JSONL)');
    const inside = this.itemStart >= 0 ? ` inside ${arrayItem(this.index, this.itemStart)}${this.inString ? ', in a string that is never closed' : ''}` : '';
    this.fail(at, `the array is never closed: the file ends at byte ${at}${inside}; end it with "]"`);
  }

  private keep(chunk: Uint8Array, from: number, to: number): void {
    this.itemBytes += to - from;
    // Past the bound the item is only measured: its bytes are neither kept nor parsed.
    if (this.itemBytes > this.maxItemBytes) this.itemParts = [];
    else if (to > from) this.itemParts.push(chunk.subarray(from, to));
  }

  private finishItem(): void {
    const index = this.index++;
    const offset = this.itemStart;
    const parts = this.itemParts;
    const size = this.itemBytes;
    this.itemStart = -1;
    this.itemParts = [];
    this.itemBytes = 0;
    if (size > this.maxItemBytes) return this.onItem({ index, offset, error: `${size} bytes, more than the limit of ${this.maxItemBytes} bytes an item may hold: shorten its fields or leave them out of the file` });
    const bytes = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
    if (!isUtf8(bytes)) {
      const bad = invalidUtf8At(bytes);
      return this.onItem({ index, offset, error: `${notUtf8(bytes, bad, 'value')} (byte ${offset + bad} of the file); save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)` });
    }
    const parsed = parseJsonLine(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    this.onItem('error' in parsed ? { index, offset, error: parsed.error } : { index, offset, value: parsed.value });
  }

  private fail(offset: number, error: string): void {
    this.failed = true;
    this.itemParts = [];
    this.onShape({ offset, error });
  }
}

/** An item of the array, or the file's shape error (the last entry when there is one), as readers take them. */
export type ArrayEntry = ArrayItem | { shape: ArrayShapeError };

/**
 * A whole text's array items, as {@link streamJsonArrayItems} reads a file's (a text given inline,
 * a test's fixture).
 *
 * @example jsonArrayItemsOf('[{"input": "hi"}]') // { items: [{ index: 0, offset: 1, value: { input: 'hi' } }] }
 */
export function jsonArrayItemsOf(text: string, maxItemBytes?: number): { items: ArrayItem[]; shape?: ArrayShapeError } {
  const items: ArrayItem[] = [];
  let shape: ArrayShapeError | undefined;
  forEachJsonArrayEntry(text, (entry) => void ('shape' in entry ? (shape = entry.shape) : items.push(entry)), maxItemBytes);
  return shape === undefined ? { items } : { items, shape };
}

/**
 * Hands a whole text's array entries to `take` in order, as {@link streamJsonArrayItems} yields a
 * file's, so one reader takes both.
 *
 * @example forEachJsonArrayEntry('[1, 2]', (entry) => console.log(entry)) // { index: 0, offset: 1, value: 1 }, { index: 1, offset: 4, value: 2 }
 */
export function forEachJsonArrayEntry(text: string, take: (entry: ArrayEntry) => void, maxItemBytes?: number): void {
  const splitter = new JsonArraySplitter(take, (shape) => take({ shape }), maxItemBytes);
  splitter.write(Buffer.from(text, 'utf8'));
  splitter.end();
}

/**
 * A file's array items as its chunks arrive (a `createReadStream`), each yielded before the next
 * chunk is read; a shape error ends the items. `onBytes` hears the bytes read so far, for a
 * progress bar.
 *
 * @example for await (const item of streamJsonArrayItems(createReadStream('data.json'))) if ('value' in item) use(item.value);
 */
export async function* streamJsonArrayItems(chunks: AsyncIterable<Uint8Array>, options: { maxItemBytes?: number; onBytes?: (read: number) => void } = {}): AsyncGenerator<ArrayEntry> {
  const pending: ArrayEntry[] = [];
  const splitter = new JsonArraySplitter((item) => void pending.push(item), (shape) => void pending.push({ shape }), options.maxItemBytes);
  let read = 0;
  for await (const chunk of chunks) {
    splitter.write(chunk);
    read += chunk.length;
    options.onBytes?.(read);
    const ready = pending.splice(0);
    yield* ready;
    // Nothing after a shape error is read: the rest of a file that is not one array is not data.
    if (ready.some((item) => 'shape' in item)) return;
  }
  splitter.end();
  yield* pending.splice(0);
}

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

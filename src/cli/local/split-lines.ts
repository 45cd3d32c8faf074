import type { Readable } from 'node:stream';
import { invalidUtf8At, lineTooLong, MAX_LINE_BYTES, notUtf8 } from '../../core/data-text.js';

/** A line of input: its text, or (text empty) what is wrong with it. */
export interface InputLine {
  line: number;
  text: string;
  /** Over the byte limit (its bytes were counted, not kept) or not UTF-8; the message leaves out "line N: ". */
  error?: string;
}

/**
 * Lines of a byte stream with their 1-based numbers, split at `\n` (a byte no UTF-8 sequence
 * holds, so each line is decoded on its own). A line over `maxBytes` is counted but not
 * buffered, so hostile input cannot grow memory; it and a line that is not UTF-8 come with an
 * `error` instead of text, and the lines after them are read as usual.
 *
 * @example for await (const { line, text, error } of splitLines(process.stdin)) …
 */
export async function* splitLines(input: Readable, maxBytes = MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let line = 1;
  const add = (piece: Buffer) => {
    size += piece.length;
    if (size > maxBytes) parts = [];
    else if (piece.length > 0) parts.push(piece);
  };
  const finish = (): InputLine => {
    const at = line++;
    const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    const over = size;
    parts = [];
    size = 0;
    if (over > maxBytes) return { line: at, text: '', error: lineTooLong(over) };
    const content = bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes;
    const bad = invalidUtf8At(content);
    if (bad >= 0) return { line: at, text: '', error: notUtf8(content, bad, 'line') };
    return { line: at, text: content.toString('utf8') };
  };
  for await (const raw of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      add(chunk.subarray(start, nl));
      start = nl + 1;
      yield finish();
    }
    add(chunk.subarray(start));
  }
  if (size > 0) yield finish();
}

import type { Readable } from 'node:stream';

/**
 * Lines of a byte stream with their 1-based numbers. A line longer than `maxChars` is reported
 * once as `tooLong` (its text dropped) instead of being buffered: hostile input cannot grow memory.
 *
 * @example for await (const { line, text } of splitLines(process.stdin, 1e6)) …
 */
export async function* splitLines(input: Readable, maxChars: number): AsyncGenerator<{ line: number; text: string; tooLong: boolean }> {
  input.setEncoding('utf8');
  let buffer = '';
  let line = 1;
  let skipping = false;
  for await (const chunk of input as AsyncIterable<string>) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, nl);
      start = nl + 1;
      if (skipping) {
        skipping = false;
        line++;
        continue;
      }
      const text = buffer + piece;
      buffer = '';
      if (text.length > maxChars) yield { line: line++, text: '', tooLong: true };
      else yield { line: line++, text: text.endsWith('\r') ? text.slice(0, -1) : text, tooLong: false };
    }
    if (skipping) continue;
    buffer += chunk.slice(start);
    if (buffer.length > maxChars) {
      yield { line, text: '', tooLong: true };
      buffer = '';
      skipping = true;
    }
  }
  if (!skipping && buffer !== '') yield { line, text: buffer.endsWith('\r') ? buffer.slice(0, -1) : buffer, tooLong: false };
}

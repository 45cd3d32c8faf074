import { StringDecoder } from 'node:string_decoder';

export type BoundedLine = { line: string } | { tooLong: number };

/**
 * Lines of a stream, each at most `maxChars`: a longer line is not kept in memory but reported
 * as `{ tooLong: length }`, so one hostile line cannot exhaust memory. `\r\n` endings are trimmed.
 *
 * @example for await (const item of boundedLines(process.stdin, 1 << 20)) …
 */
export async function* boundedLines(input: AsyncIterable<string | Buffer>, maxChars: number): AsyncIterable<BoundedLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let dropped = -1; // length of the line being skipped, or -1
  const take = (text: string): BoundedLine[] => {
    const out: BoundedLine[] = [];
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      const piece = text.slice(from, nl);
      if (dropped >= 0) out.push({ tooLong: dropped + piece.length });
      else if (pending.length + piece.length > maxChars) out.push({ tooLong: pending.length + piece.length });
      else out.push({ line: (pending + piece).replace(/\r$/, '') });
      pending = '';
      dropped = -1;
      from = nl + 1;
    }
    const rest = text.slice(from);
    if (dropped >= 0) dropped += rest.length;
    else if (pending.length + rest.length > maxChars) {
      dropped = pending.length + rest.length;
      pending = '';
    } else pending += rest;
    return out;
  };
  for await (const chunk of input) yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  yield* take(decoder.end());
  if (dropped >= 0) yield { tooLong: dropped };
  else if (pending) yield { line: pending.replace(/\r$/, '') };
}

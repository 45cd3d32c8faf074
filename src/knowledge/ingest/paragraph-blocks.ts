import type { Block } from '../types.js';

/**
 * Body blocks for plain text: runs of non-blank lines, separated by blank lines, with offsets
 * into `text` (shifted by `offset` when `text` is a slice of a larger document).
 *
 * @example paragraphBlocks('one\n\ntwo') // [{kind:'body',level:0,start:0,end:3},{…start:5,end:8}]
 */
export function paragraphBlocks(text: string, offset = 0): Block[] {
  const blocks: Block[] = [];
  const separator = /\n[ \t\r\f\v]*\n\s*/g;
  let from = 0;
  const push = (start: number, end: number) => {
    const trimmed = trimRange(text, start, end);
    if (trimmed) blocks.push({ kind: 'body', level: 0, start: trimmed[0] + offset, end: trimmed[1] + offset });
  };
  for (let match = separator.exec(text); match; match = separator.exec(text)) {
    push(from, match.index);
    from = match.index + match[0].length;
  }
  push(from, text.length);
  return blocks;
}

/**
 * The range without leading and trailing whitespace, or undefined when it is all whitespace.
 *
 * @example trimRange('  ab ', 0, 5) // [2, 4]
 */
export function trimRange(text: string, start: number, end: number): [number, number] | undefined {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  return s < e ? [s, e] : undefined;
}

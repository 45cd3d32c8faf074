import { trimRange } from '../ingest/paragraph-blocks.js';

const SENTENCE_END = /[.!?。！？][)"'\]»”’]*\s+|\n+/g;

/**
 * Cuts `text[start, end)` into trimmed ranges of at most `max` characters, preferring sentence
 * ends, then whitespace, in the second half of each window; a hard cut never splits a UTF-16
 * surrogate pair.
 *
 * @example splitRange('One. Two. Three.', 0, 16, 10) // [[0, 9], [10, 16]]
 */
export function splitRange(text: string, start: number, end: number, max: number): [number, number][] {
  const out: [number, number][] = [];
  let s = start;
  while (s < end) {
    const piece = trimRange(text, s, end);
    if (!piece) break;
    s = piece[0];
    if (end - s <= max) {
      out.push([s, piece[1]]);
      break;
    }
    const cut = cutPoint(text, s, s + max);
    const trimmed = trimRange(text, s, cut);
    if (trimmed) out.push(trimmed);
    s = cut;
  }
  return out;
}

/** Where to end a window [s, limit): after the last sentence end, else whitespace, in its second half. */
function cutPoint(text: string, s: number, limit: number): number {
  const floor = s + Math.floor((limit - s) / 2);
  const window = text.slice(floor, limit);
  let best = -1;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window)) best = floor + m.index + m[0].length;
  if (best > floor && best <= limit) return best;
  const space = window.search(/\s\S*$/);
  if (space > 0) return floor + space + 1;
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/**
 * The start of an overlap: the first sentence (else word) start at or after `from`, before
 * `end`; `end` when there is none.
 *
 * @example overlapStart('Alpha beta. Gamma delta.', 8, 24) // 12
 */
export function overlapStart(text: string, from: number, end: number): number {
  const window = text.slice(from, end);
  SENTENCE_END.lastIndex = 0;
  const sentence = SENTENCE_END.exec(window);
  if (sentence && from + sentence.index + sentence[0].length < end) return from + sentence.index + sentence[0].length;
  if (from > 0 && /\s/.test(text[from - 1] as string) && !/\s/.test(text[from] ?? ' ')) return from;
  const word = window.search(/\s\S/);
  return word >= 0 ? from + word + 1 : end;
}

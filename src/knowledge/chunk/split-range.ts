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
 * Where a continuation chunk starts so that it repeats about `overlap` characters before `end`:
 * the sentence (or paragraph) start nearest to `end - overlap` within twice that distance, else
 * the first word start after it; never before `floor`; `end` when there is none.
 *
 * @example overlapStart('Alpha beta. Gamma delta.', 0, 24, 10) // 12
 */
export function overlapStart(text: string, floor: number, end: number, overlap: number): number {
  const target = end - overlap;
  const from = Math.max(floor, end - 2 * overlap);
  const window = text.slice(from, end);
  let best = -1;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window)) {
    const at = from + m.index + m[0].length;
    if (at < end && (best === -1 || Math.abs(at - target) < Math.abs(best - target))) best = at;
  }
  if (from === floor && floor > 0 && /\s/.test(text[floor - 1] as string) && (best === -1 || Math.abs(floor - target) < Math.abs(best - target))) best = floor;
  if (best !== -1) return best;
  const after = Math.max(from, target);
  if (after > 0 && /\s/.test(text[after - 1] as string) && !/\s/.test(text[after] ?? ' ')) return after;
  const word = text.slice(after, end).search(/\s\S/);
  return word >= 0 ? after + word + 1 : end;
}

// Columns text takes on a terminal, counted per grapheme cluster (what a reader sees as one
// character), as current terminals and string-width 7 do: a family emoji joined by ZWJs, a flag
// (two regional indicators) or a thumbs-up with its skin tone is one cluster of two columns, a
// letter with its combining marks one of one. Counting code points made the family eight columns
// and the Devanagari "हि" two, so a table's borders drifted by each row's difference.

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Code points that take no column on their own: combining marks, format characters (ZWJ, bidi
// marks), variation selectors.
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u200b\ufe00-\ufe0f]+$/u;
// A cluster drawn as an emoji: one that presents as emoji by default, asks for it (U+FE0F),
// carries a skin tone, or is a flag's pair of regional indicators.
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\ufe0f|\p{Emoji_Modifier}|\p{Regional_Indicator}{2}/u;
// East Asian wide and fullwidth characters, by the cluster's first code point.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6],
  [0x1b000, 0x1b2ff], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

/** Columns one grapheme cluster takes: 0, 1 or 2. */
function clusterWidth(cluster: string): number {
  if (ZERO_WIDTH.test(cluster)) return 0;
  const code = cluster.codePointAt(0) ?? 0;
  if (code < 0x7f) return code < 0x20 ? 0 : 1;
  if (EMOJI.test(cluster)) return 2;
  return WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
}

/**
 * The grapheme clusters of `text`, segmented a piece at a time: V8's segmenter takes time growing
 * with the text's length times its clusters (16,000 "é" took 88 ms, 200,000 some 14 s, a million
 * minutes, in a table cell of `switchyard` output), so a text is cut every {@link PIECE} code
 * units (never inside a surrogate pair) and the last cluster of each piece is carried into the
 * next, where it may go on. A cluster past {@link CARRIED} units (only hostile text: a run of
 * marks or of joined emoji) is ended there: what follows starts a cluster of its own, of no
 * width for marks, of two for a joined emoji (wider than drawn, so a cell is cut early, never
 * drawn past its border).
 *
 * @example [...clustersOf('e\u0301👍🏽')] // ['é', '👍🏽']
 */
function* clustersOf(text: string): Generator<string> {
  let carried = '';
  for (let at = 0, end = 0; at < text.length; at = end) {
    end = Math.min(text.length, at + PIECE);
    // Never between the two halves of a surrogate pair.
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff && end < text.length) end++;
    let previous: string | undefined;
    for (const { segment } of graphemes.segment(carried + text.slice(at, end))) {
      if (previous !== undefined) yield previous;
      previous = segment;
    }
    carried = previous ?? '';
    if (end >= text.length || carried.length > CARRIED) {
      yield carried;
      carried = '';
    }
  }
}

const PIECE = 256;
const CARRIED = 1_024;

/** Printable ASCII only: one column a character, no segmenting needed (most names). */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * Columns a line takes on a terminal: an emoji (however many code points are joined into it) or a
 * CJK character takes two, a combining mark none.
 *
 * @example displayWidth('漢字 ok') // 7
 * @example displayWidth('👨‍👩‍👧‍👦') // 2
 */
export function displayWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let width = 0;
  for (const cluster of clustersOf(text)) width += clusterWidth(cluster);
  return width;
}

/**
 * `text` cut to `width` columns with "…" (which takes one) when wider, between grapheme clusters:
 * never inside a joined emoji, a flag, or a letter and its marks.
 *
 * @example cutToWidth('claude-sonnet-4-6', 10) // 'claude-so…'
 * @example cutToWidth('🇯🇵🇺🇦🇫🇷', 5) // '🇯🇵🇺🇦…'
 */
export function cutToWidth(text: string, width: number): string {
  if (PLAIN.test(text)) return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
  let kept = '';
  let used = 0;
  let cut = false;
  // Segmenting stops at the cut: a 10,000-character name costs no more than the room it gets.
  for (const segment of clustersOf(text)) {
    const w = clusterWidth(segment);
    if (used + w > width - 1) {
      cut = true;
      break;
    }
    kept += segment;
    used += w;
  }
  if (!cut) return text;
  // The last cluster may fit exactly without the "…": keep the text whole when it all fits.
  return displayWidth(text) <= width ? text : `${kept}…`;
}

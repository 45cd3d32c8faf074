import { mix } from './char-table.js';
import { TF, type TokenSheet } from './token-sheet.js';

/** Features per token (every token gets exactly this many ids; fixed so arrays are flat). */
export const FEATURES_PER_TOKEN = 32;

/**
 * Changes whenever a feature template changes meaning. Stored in the model file, so a model
 * trained with other features is refused (and the detector falls back) instead of misread.
 */
export const FEATURE_VERSION = 4;

const EDGE = [0x0b0b0b01, 0x0b0b0b02, 0x0b0b0b03, 0x0b0b0b04]; // stand-ins beyond the text's ends
const CONTEXT_FLAGS = TF.LINE_START | TF.DOT_AFTER | TF.GLUED_BEFORE | TF.JOINED;

/**
 * Writes the hashed feature ids of token `t` into `out[offset … offset + FEATURES_PER_TOKEN)`,
 * each already reduced to the weight table (`mask` = buckets − 1). Templates: the word, its
 * shape, lexicon bits, prefix and suffixes; words, shapes and lexicon bits of two tokens either
 * side; and conjunctions of those (previous word × shape, shape trigrams, lexicon bigrams, the
 * line position, lower-case texts, number lengths). Only integers: no feature strings.
 *
 * @example writeFeatures(sheet, 0, ids, 0, (1 << 18) - 1)
 */
export function writeFeatures(sheet: TokenSheet, t: number, out: Int32Array, offset: number, mask: number): void {
  const n = sheet.count;
  const w0 = sheet.word[t]!;
  const s0 = sheet.shape[t]!;
  const l0 = sheet.lex[t]!;
  const f0 = sheet.flags[t]!;
  const wm1 = t > 0 ? sheet.word[t - 1]! : EDGE[0]!;
  const wm2 = t > 1 ? sheet.word[t - 2]! : EDGE[1]!;
  const wp1 = t + 1 < n ? sheet.word[t + 1]! : EDGE[2]!;
  const wp2 = t + 2 < n ? sheet.word[t + 2]! : EDGE[3]!;
  const sm1 = t > 0 ? sheet.shape[t - 1]! : EDGE[0]!;
  const sm2 = t > 1 ? sheet.shape[t - 2]! : EDGE[1]!;
  const sp1 = t + 1 < n ? sheet.shape[t + 1]! : EDGE[2]!;
  const sp2 = t + 2 < n ? sheet.shape[t + 2]! : EDGE[3]!;
  const lm1 = t > 0 ? sheet.lex[t - 1]! : EDGE[0]!;
  const lm2 = t > 1 ? sheet.lex[t - 2]! : EDGE[1]!;
  const lp1 = t + 1 < n ? sheet.lex[t + 1]! : EDGE[2]!;
  const lp2 = t + 2 < n ? sheet.lex[t + 2]! : EDGE[3]!;
  const lineEnd = t + 1 >= n || (sheet.flags[t + 1]! & TF.LINE_START) !== 0 ? 1 : 0;
  const numberLength = f0 & TF.NUMBER ? sheet.length[t]! : 0;
  let i = offset;
  out[i++] = 1; // bias
  out[i++] = mix(2, w0) & mask;
  out[i++] = mix(3, s0) & mask;
  out[i++] = mix(4, l0) & mask;
  out[i++] = mix(5, sheet.prefix[t]!) & mask;
  out[i++] = mix(6, sheet.suffix[t]!) & mask;
  out[i++] = mix(7, sheet.suffix2[t]!) & mask;
  out[i++] = mix(8, wm1) & mask;
  out[i++] = mix(9, wp1) & mask;
  out[i++] = mix(10, wm2) & mask;
  out[i++] = mix(11, wp2) & mask;
  out[i++] = mix(12, sm1) & mask;
  out[i++] = mix(13, sp1) & mask;
  out[i++] = mix(14, lm1) & mask;
  out[i++] = mix(15, lp1) & mask;
  out[i++] = mix(16, lm2) & mask;
  out[i++] = mix(17, lp2) & mask;
  out[i++] = mix(mix(18, wm1), s0) & mask;
  out[i++] = mix(mix(19, s0), wp1) & mask;
  out[i++] = mix(mix(mix(20, sm1), s0), sp1) & mask;
  out[i++] = mix(mix(21, l0), s0) & mask;
  out[i++] = mix(mix(22, f0 & CONTEXT_FLAGS), s0) & mask;
  out[i++] = mix(mix(23, lineEnd), s0) & mask;
  out[i++] = mix(mix(24, lm1), l0) & mask;
  out[i++] = mix(mix(25, l0), lp1) & mask;
  out[i++] = mix(mix(mix(26, sheet.lowerCaseText ? 1 : 0), l0), s0) & mask;
  out[i++] = mix(mix(27, numberLength), sp1) & mask;
  out[i++] = mix(mix(28, wm1), wp1) & mask;
  out[i++] = mix(mix(mix(29, s0), sp1), sp2) & mask;
  out[i++] = mix(mix(mix(30, sm2), sm1), s0) & mask;
  out[i++] = mix(mix(31, wm1), w0) & mask;
  out[i++] = mix(mix(32, l0), wm1) & mask;
}

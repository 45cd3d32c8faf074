import { TF, type TokenSheet } from './token-sheet.js';

/** Features per token (every token gets exactly this many ids; fixed so arrays are flat). */
export const FEATURES_PER_TOKEN = 30;

/**
 * Changes whenever a feature template changes meaning. Stored in the model file, so a model
 * trained with other features is refused (and the detector falls back) instead of misread.
 */
export const FEATURE_VERSION = 8;

const EDGE = [0x0b0b0b01, 0x0b0b0b02, 0x0b0b0b03, 0x0b0b0b04]; // stand-ins beyond the text's ends
const CONTEXT_FLAGS = TF.LINE_START | TF.DOT_AFTER | TF.GLUED_BEFORE | TF.JOINED;

/**
 * Writes the hashed feature ids of token `t` into `out[offset … offset + FEATURES_PER_TOKEN)`,
 * each already reduced to the weight table (`shift` = 32 − log₂ buckets). Templates: the word,
 * its shape, lexicon bits, prefix and suffixes; the words of one token either side and the
 * shapes and lexicon bits of two; and conjunctions of those (neighbour word × shape, shape
 * trigrams, lexicon bigrams, the line position, lower-case texts, number lengths, a sentence
 * start, capitalised neighbours). Words two tokens away and word pairs were dropped: they
 * memorise the training sentences' wording, and cross-validation on sentence shapes the
 * tagger had not seen rose without them (0.873 → 0.894). Only integers: a template's salt
 * is xor-ed into the value and one multiply spreads it over the table (Fibonacci hashing), so a
 * feature costs three instructions and no strings.
 *
 * @example writeFeatures(sheet, 0, ids, 0, 32 - 18)
 */
export function writeFeatures(sheet: TokenSheet, t: number, out: Int32Array, offset: number, shift: number): void {
  const n = sheet.count;
  const w0 = sheet.word[t]!;
  const s0 = sheet.shape[t]!;
  const l0 = sheet.lex[t]!;
  const f0 = sheet.flags[t]!;
  const wm1 = t > 0 ? sheet.word[t - 1]! : EDGE[0]!;
  const wp1 = t + 1 < n ? sheet.word[t + 1]! : EDGE[2]!;
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
  out[i++] = 0; // bias
  out[i++] = at(0x1b873593, w0, shift);
  out[i++] = at(0x2c1b3c6d, s0, shift);
  out[i++] = at(0x297a2d39, l0, shift);
  out[i++] = at(0x3f1a2b3c, sheet.prefix[t]!, shift);
  out[i++] = at(0x4d2c3b1a, sheet.suffix[t]!, shift);
  out[i++] = at(0x5e3d4c2b, sheet.suffix2[t]!, shift);
  out[i++] = at(0x6f4e5d3c, wm1, shift);
  out[i++] = at(0x705f6e4d, wp1, shift);
  out[i++] = at(0xa3829170, sm1, shift);
  out[i++] = at(0xb493a281, sp1, shift);
  out[i++] = at(0xc5a4b392, lm1, shift);
  out[i++] = at(0xd6b5c4a3, lp1, shift);
  out[i++] = at(0xe7c6d5b4, lm2, shift);
  out[i++] = at(0xf8d7e6c5, lp2, shift);
  out[i++] = at(0x09e8f7d6, pair(wm1, s0), shift);
  out[i++] = at(0x1af908e7, pair(s0, wp1), shift);
  out[i++] = at(0x2b0a19f8, pair(pair(sm1, s0), sp1), shift);
  out[i++] = at(0x3c1b2a09, pair(l0, s0), shift);
  out[i++] = at(0x4d2c3b1b, pair(f0 & CONTEXT_FLAGS, s0), shift);
  out[i++] = at(0x5e3d4c2c, pair(lineEnd, s0), shift);
  out[i++] = at(0x6f4e5d3d, pair(lm1, l0), shift);
  out[i++] = at(0x705f6e4e, pair(l0, lp1), shift);
  out[i++] = at(0x81607f5f, pair(pair(sheet.lowerCaseText ? 1 : 0, l0), s0), shift);
  out[i++] = at(0x92718060, pair(numberLength, sp1), shift);
  out[i++] = at(0xb493a282, pair(pair(s0, sp1), sp2), shift);
  out[i++] = at(0xc5a4b393, pair(pair(sm2, sm1), s0), shift);
  out[i++] = at(0xe7c6d5b5, pair(l0, wm1), shift);
  // Capitals at a sentence start say little; a run of capitalised words around a token says more.
  out[i++] = at(0xf8d7e6c6, pair(pair(f0 & (TF.SENTENCE_START | TF.CAPITALISED), l0), sheet.length[t]! > 3 ? 1 : 0), shift);
  out[i++] = at(0x09e8f7d7, pair(capitalisedAround(sheet, t), s0), shift);
}

/** Capitalised words among the two tokens either side, with the side they are on (a small code). */
function capitalisedAround(sheet: TokenSheet, t: number): number {
  let code = 0;
  for (let k = t - 2; k <= t + 2; k += 1) {
    code <<= 1;
    if (k !== t && k >= 0 && k < sheet.count && sheet.flags[k]! & TF.CAPITALISED && !(sheet.flags[k]! & TF.SENTENCE_START)) code |= 1;
  }
  return code;
}

/** Bucket of a value under a template's salt: Fibonacci hashing keeps the top bits. */
function at(salt: number, value: number, shift: number): number {
  return Math.imul(value ^ salt, 0x9e3779b1) >>> shift;
}

/** An ordered pair of values as one (multiply-xor). */
function pair(a: number, b: number): number {
  return (Math.imul(a, 0x85ebca6b) + b) ^ (a >>> 16);
}

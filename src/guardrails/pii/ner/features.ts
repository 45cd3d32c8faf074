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
  // `at` and `pair` written out by hand: V8 does not inline calls into a function this long, and
  // the 44 calls per token were a fifth of the tagger's time. pair(a, b) = (a·P + b) ^ (a >>> 16);
  // at(salt, v) = (v ^ salt)·G >>> shift (see the helpers below, which the tests compare with).
  const P = 0x85ebca6b;
  const G = 0x9e3779b1;
  const pairWm1S0 = (Math.imul(wm1, P) + s0) ^ (wm1 >>> 16);
  const pairS0Wp1 = (Math.imul(s0, P) + wp1) ^ (s0 >>> 16);
  const pairSm1S0 = (Math.imul(sm1, P) + s0) ^ (sm1 >>> 16);
  const pairL0S0 = (Math.imul(l0, P) + s0) ^ (l0 >>> 16);
  const context = f0 & CONTEXT_FLAGS;
  const pairLm1L0 = (Math.imul(lm1, P) + l0) ^ (lm1 >>> 16);
  const pairL0Lp1 = (Math.imul(l0, P) + lp1) ^ (l0 >>> 16);
  const lower = sheet.lowerCaseText ? 1 : 0;
  const pairLowerL0 = (Math.imul(lower, P) + l0) ^ (lower >>> 16);
  const pairS0Sp1 = (Math.imul(s0, P) + sp1) ^ (s0 >>> 16);
  const pairSm2Sm1 = (Math.imul(sm2, P) + sm1) ^ (sm2 >>> 16);
  const capitals = f0 & (TF.SENTENCE_START | TF.CAPITALISED);
  const pairCapitalsL0 = (Math.imul(capitals, P) + l0) ^ (capitals >>> 16);
  const around = capitalisedAround(sheet, t);
  let i = offset;
  out[i++] = 0; // bias
  out[i++] = Math.imul(w0 ^ 0x1b873593, G) >>> shift;
  out[i++] = Math.imul(s0 ^ 0x2c1b3c6d, G) >>> shift;
  out[i++] = Math.imul(l0 ^ 0x297a2d39, G) >>> shift;
  out[i++] = Math.imul(sheet.prefix[t]! ^ 0x3f1a2b3c, G) >>> shift;
  out[i++] = Math.imul(sheet.suffix[t]! ^ 0x4d2c3b1a, G) >>> shift;
  out[i++] = Math.imul(sheet.suffix2[t]! ^ 0x5e3d4c2b, G) >>> shift;
  out[i++] = Math.imul(wm1 ^ 0x6f4e5d3c, G) >>> shift;
  out[i++] = Math.imul(wp1 ^ 0x705f6e4d, G) >>> shift;
  out[i++] = Math.imul(sm1 ^ 0xa3829170, G) >>> shift;
  out[i++] = Math.imul(sp1 ^ 0xb493a281, G) >>> shift;
  out[i++] = Math.imul(lm1 ^ 0xc5a4b392, G) >>> shift;
  out[i++] = Math.imul(lp1 ^ 0xd6b5c4a3, G) >>> shift;
  out[i++] = Math.imul(lm2 ^ 0xe7c6d5b4, G) >>> shift;
  out[i++] = Math.imul(lp2 ^ 0xf8d7e6c5, G) >>> shift;
  out[i++] = Math.imul(pairWm1S0 ^ 0x09e8f7d6, G) >>> shift; // pair(wm1, s0)
  out[i++] = Math.imul(pairS0Wp1 ^ 0x1af908e7, G) >>> shift; // pair(s0, wp1)
  out[i++] = Math.imul(((Math.imul(pairSm1S0, P) + sp1) ^ (pairSm1S0 >>> 16)) ^ 0x2b0a19f8, G) >>> shift; // pair(pair(sm1, s0), sp1)
  out[i++] = Math.imul(pairL0S0 ^ 0x3c1b2a09, G) >>> shift; // pair(l0, s0)
  out[i++] = Math.imul(((Math.imul(context, P) + s0) ^ (context >>> 16)) ^ 0x4d2c3b1b, G) >>> shift; // pair(f0 & CONTEXT_FLAGS, s0)
  out[i++] = Math.imul(((Math.imul(lineEnd, P) + s0) ^ (lineEnd >>> 16)) ^ 0x5e3d4c2c, G) >>> shift; // pair(lineEnd, s0)
  out[i++] = Math.imul(pairLm1L0 ^ 0x6f4e5d3d, G) >>> shift; // pair(lm1, l0)
  out[i++] = Math.imul(pairL0Lp1 ^ 0x705f6e4e, G) >>> shift; // pair(l0, lp1)
  out[i++] = Math.imul(((Math.imul(pairLowerL0, P) + s0) ^ (pairLowerL0 >>> 16)) ^ 0x81607f5f, G) >>> shift; // pair(pair(lowerCaseText, l0), s0)
  out[i++] = Math.imul(((Math.imul(numberLength, P) + sp1) ^ (numberLength >>> 16)) ^ 0x92718060, G) >>> shift; // pair(numberLength, sp1)
  out[i++] = Math.imul(((Math.imul(pairS0Sp1, P) + sp2) ^ (pairS0Sp1 >>> 16)) ^ 0xb493a282, G) >>> shift; // pair(pair(s0, sp1), sp2)
  out[i++] = Math.imul(((Math.imul(pairSm2Sm1, P) + s0) ^ (pairSm2Sm1 >>> 16)) ^ 0xc5a4b393, G) >>> shift; // pair(pair(sm2, sm1), s0)
  out[i++] = Math.imul(((Math.imul(l0, P) + wm1) ^ (l0 >>> 16)) ^ 0xe7c6d5b5, G) >>> shift; // pair(l0, wm1)
  // Capitals at a sentence start say little; a run of capitalised words around a token says more.
  const long = sheet.length[t]! > 3 ? 1 : 0;
  out[i++] = Math.imul(((Math.imul(pairCapitalsL0, P) + long) ^ (pairCapitalsL0 >>> 16)) ^ 0xf8d7e6c6, G) >>> shift; // pair(pair(capitals, l0), long)
  out[i++] = Math.imul(((Math.imul(around, P) + s0) ^ (around >>> 16)) ^ 0x09e8f7d7, G) >>> shift; // pair(capitalisedAround, s0)
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

/** Bucket of a value under a template's salt: Fibonacci hashing keeps the top bits (written out in `writeFeatures`). */
export function at(salt: number, value: number, shift: number): number {
  return Math.imul(value ^ salt, 0x9e3779b1) >>> shift;
}

/** An ordered pair of values as one, multiply-xor (written out in `writeFeatures`). */
export function pair(a: number, b: number): number {
  return (Math.imul(a, 0x85ebca6b) + b) ^ (a >>> 16);
}

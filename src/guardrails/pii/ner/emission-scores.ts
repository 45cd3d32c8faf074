import { TAG_COUNT } from './linear-chain.js';
import { TF, type TokenSheet } from './token-sheet.js';

const EDGE0 = 0x0b0b0b01; // stand-ins beyond the text's ends, as in `writeFeatures`
const EDGE1 = 0x0b0b0b02;
const EDGE2 = 0x0b0b0b03;
const EDGE3 = 0x0b0b0b04;
const CONTEXT_FLAGS = TF.LINE_START | TF.DOT_AFTER | TF.GLUED_BEFORE | TF.JOINED;
const P = 0x85ebca6b;
const G = 0x9e3779b1;

/**
 * Emission scores of every token: for each tag, the sum of the weight rows of the token's
 * `FEATURES_PER_TOKEN` features (the buckets `writeFeatures` gives the trainer, in its order),
 * times `step`, with `personBias` added to the person tag. Each bucket is added to the sums as
 * soon as it is hashed instead of going through `writeFeatures`' id buffer: that call and the 30
 * stores and loads per token were half of the scoring (in-process, 400 bench prompts: 150–220 →
 * 80–105 µs per call, outputs identical). The templates are written out here a second time; the
 * test compares these sums with `writeFeatures`' buckets summed over random weights, so a template
 * changed in one place and not the other fails it. The same order of additions as summing
 * `writeFeatures`' ids, so float weight tables give the same bits too (int16 sums are exact in
 * any order).
 *
 * @example scoreEmissions(sheet, sheet.count, weights.emission, weights.emissionStep, 32 - weights.bits, scores, 0)
 */
export function scoreEmissions(sheet: TokenSheet, count: number, w: Float32Array | Int16Array, step: number, shift: number, out: Float32Array, personBias: number): void {
  const { word, shape, lex, flags, prefix, suffix, suffix2, length } = sheet;
  const n = sheet.count;
  const lower = sheet.lowerCaseText ? 1 : 0;
  // The bias feature's bucket is 0 for every token; `0 +` as the id loop's first addition (−0 → 0).
  const bias0 = 0 + w[0]!;
  const bias1 = 0 + w[1]!;
  const bias2 = 0 + w[2]!;
  // Bits 4…0: tokens t−2 … t+2 capitalised and not at a sentence start (beyond the text: 0).
  let window = (n > 0 ? midCapital(flags[0]!) << 1 : 0) | (n > 1 ? midCapital(flags[1]!) : 0);
  for (let t = 0; t < count; t += 1) {
    const w0 = word[t]!;
    const s0 = shape[t]!;
    const l0 = lex[t]!;
    const f0 = flags[t]!;
    const wm1 = t > 0 ? word[t - 1]! : EDGE0;
    const wp1 = t + 1 < n ? word[t + 1]! : EDGE2;
    const sm1 = t > 0 ? shape[t - 1]! : EDGE0;
    const sm2 = t > 1 ? shape[t - 2]! : EDGE1;
    const sp1 = t + 1 < n ? shape[t + 1]! : EDGE2;
    const sp2 = t + 2 < n ? shape[t + 2]! : EDGE3;
    const lm1 = t > 0 ? lex[t - 1]! : EDGE0;
    const lm2 = t > 1 ? lex[t - 2]! : EDGE1;
    const lp1 = t + 1 < n ? lex[t + 1]! : EDGE2;
    const lp2 = t + 2 < n ? lex[t + 2]! : EDGE3;
    const lineEnd = t + 1 >= n || (flags[t + 1]! & TF.LINE_START) !== 0 ? 1 : 0;
    const numberLength = f0 & TF.NUMBER ? length[t]! : 0;
    const pairWm1S0 = (Math.imul(wm1, P) + s0) ^ (wm1 >>> 16);
    const pairS0Wp1 = (Math.imul(s0, P) + wp1) ^ (s0 >>> 16);
    const pairSm1S0 = (Math.imul(sm1, P) + s0) ^ (sm1 >>> 16);
    const pairL0S0 = (Math.imul(l0, P) + s0) ^ (l0 >>> 16);
    const context = f0 & CONTEXT_FLAGS;
    const pairLm1L0 = (Math.imul(lm1, P) + l0) ^ (lm1 >>> 16);
    const pairL0Lp1 = (Math.imul(l0, P) + lp1) ^ (l0 >>> 16);
    const pairLowerL0 = (Math.imul(lower, P) + l0) ^ (lower >>> 16);
    const pairS0Sp1 = (Math.imul(s0, P) + sp1) ^ (s0 >>> 16);
    const pairSm2Sm1 = (Math.imul(sm2, P) + sm1) ^ (sm2 >>> 16);
    const capitals = f0 & (TF.SENTENCE_START | TF.CAPITALISED);
    const pairCapitalsL0 = (Math.imul(capitals, P) + l0) ^ (capitals >>> 16);
    // Capitalised words among the two tokens either side (`capitalisedAround`): the window slides
    // one token a step, so each token's flags are read once here, not four times.
    window = ((window << 1) & 31) | (t + 2 < n ? midCapital(flags[t + 2]!) : 0);
    const around = window & ~4;
    const long = length[t]! > 3 ? 1 : 0;
    let o = bias0;
    let p = bias1;
    let l = bias2;
    let r = 0;
    r = (Math.imul(w0 ^ 0x1b873593, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(s0 ^ 0x2c1b3c6d, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(l0 ^ 0x297a2d39, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(prefix[t]! ^ 0x3f1a2b3c, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(suffix[t]! ^ 0x4d2c3b1a, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(suffix2[t]! ^ 0x5e3d4c2b, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(wm1 ^ 0x6f4e5d3c, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(wp1 ^ 0x705f6e4d, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(sm1 ^ 0xa3829170, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(sp1 ^ 0xb493a281, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(lm1 ^ 0xc5a4b392, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(lp1 ^ 0xd6b5c4a3, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(lm2 ^ 0xe7c6d5b4, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(lp2 ^ 0xf8d7e6c5, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(pairWm1S0 ^ 0x09e8f7d6, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(pairS0Wp1 ^ 0x1af908e7, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(pairSm1S0, P) + sp1) ^ (pairSm1S0 >>> 16)) ^ 0x2b0a19f8, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(pairL0S0 ^ 0x3c1b2a09, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(context, P) + s0) ^ (context >>> 16)) ^ 0x4d2c3b1b, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(lineEnd, P) + s0) ^ (lineEnd >>> 16)) ^ 0x5e3d4c2c, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(pairLm1L0 ^ 0x6f4e5d3d, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(pairL0Lp1 ^ 0x705f6e4e, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(pairLowerL0, P) + s0) ^ (pairLowerL0 >>> 16)) ^ 0x81607f5f, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(numberLength, P) + sp1) ^ (numberLength >>> 16)) ^ 0x92718060, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(pairS0Sp1, P) + sp2) ^ (pairS0Sp1 >>> 16)) ^ 0xb493a282, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(pairSm2Sm1, P) + s0) ^ (pairSm2Sm1 >>> 16)) ^ 0xc5a4b393, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(l0, P) + wm1) ^ (l0 >>> 16)) ^ 0xe7c6d5b5, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(pairCapitalsL0, P) + long) ^ (pairCapitalsL0 >>> 16)) ^ 0xf8d7e6c6, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    r = (Math.imul(((Math.imul(around, P) + s0) ^ (around >>> 16)) ^ 0x09e8f7d7, G) >>> shift) * TAG_COUNT; o += w[r]!; p += w[r + 1]!; l += w[r + 2]!;
    out[t * TAG_COUNT] = o * step;
    out[t * TAG_COUNT + 1] = p * step + personBias;
    out[t * TAG_COUNT + 2] = l * step;
  }
}

/** 1 when a token's flags say capitalised and not at a sentence start, else 0. */
function midCapital(f: number): number {
  return (f & (TF.CAPITALISED | TF.SENTENCE_START)) === TF.CAPITALISED ? 1 : 0;
}

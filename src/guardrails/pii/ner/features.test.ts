import { describe, expect, it } from 'vitest';
import { hashLower } from './char-table.js';
import { at, FEATURES_PER_TOKEN, pair, writeFeatures } from './features.js';
import { LEX, LexiconTable } from './lexicon-table.js';
import { TF, TokenSheet } from './token-sheet.js';

const EDGE = [0x0b0b0b01, 0x0b0b0b02, 0x0b0b0b03, 0x0b0b0b04];
const CONTEXT_FLAGS = TF.LINE_START | TF.DOT_AFTER | TF.GLUED_BEFORE | TF.JOINED;

/** The feature templates as they read with the helpers: what the written-out version must equal. */
function reference(sheet: TokenSheet, t: number, shift: number): number[] {
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
  let around = 0;
  for (let k = t - 2; k <= t + 2; k += 1) {
    around <<= 1;
    if (k !== t && k >= 0 && k < sheet.count && sheet.flags[k]! & TF.CAPITALISED && !(sheet.flags[k]! & TF.SENTENCE_START)) around |= 1;
  }
  return [
    0,
    at(0x1b873593, w0, shift),
    at(0x2c1b3c6d, s0, shift),
    at(0x297a2d39, l0, shift),
    at(0x3f1a2b3c, sheet.prefix[t]!, shift),
    at(0x4d2c3b1a, sheet.suffix[t]!, shift),
    at(0x5e3d4c2b, sheet.suffix2[t]!, shift),
    at(0x6f4e5d3c, wm1, shift),
    at(0x705f6e4d, wp1, shift),
    at(0xa3829170, sm1, shift),
    at(0xb493a281, sp1, shift),
    at(0xc5a4b392, lm1, shift),
    at(0xd6b5c4a3, lp1, shift),
    at(0xe7c6d5b4, lm2, shift),
    at(0xf8d7e6c5, lp2, shift),
    at(0x09e8f7d6, pair(wm1, s0), shift),
    at(0x1af908e7, pair(s0, wp1), shift),
    at(0x2b0a19f8, pair(pair(sm1, s0), sp1), shift),
    at(0x3c1b2a09, pair(l0, s0), shift),
    at(0x4d2c3b1b, pair(f0 & CONTEXT_FLAGS, s0), shift),
    at(0x5e3d4c2c, pair(lineEnd, s0), shift),
    at(0x6f4e5d3d, pair(lm1, l0), shift),
    at(0x705f6e4e, pair(l0, lp1), shift),
    at(0x81607f5f, pair(pair(sheet.lowerCaseText ? 1 : 0, l0), s0), shift),
    at(0x92718060, pair(numberLength, sp1), shift),
    at(0xb493a282, pair(pair(s0, sp1), sp2), shift),
    at(0xc5a4b393, pair(pair(sm2, sm1), s0), shift),
    at(0xe7c6d5b5, pair(l0, wm1), shift),
    at(0xf8d7e6c6, pair(pair(f0 & (TF.SENTENCE_START | TF.CAPITALISED), l0), sheet.length[t]! > 3 ? 1 : 0), shift),
    at(0x09e8f7d7, pair(around, s0), shift),
  ];
}

describe('writeFeatures', () => {
  const lexicons = LexiconTable.fromEntries([
    [hashLower('ann', 0, 3), LEX.FIRST_NAME],
    [hashLower('lee', 0, 3), LEX.LAST_NAME | LEX.CITY],
    [hashLower('street', 0, 6), LEX.STREET_TYPE],
    [hashLower('the', 0, 3), LEX.FUNCTION | LEX.COMMON],
  ]);

  it('gives every token the buckets the templates define, at every table size', () => {
    const texts = [
      'Hello, I am writing on behalf of my colleague Ann Lee about a billing problem.\nCall +44 20 7946 0958 or write to ann.lee@example.com.',
      'hey its anna lee, can u check my order 88412 from the 3rd?',
      "Mr. O'Neil-Smith moved to 221B Baker Street, London NW1 6XE. ÜBER ÄRGER — 😀 done",
      'Ann',
      '',
    ];
    const sheet = new TokenSheet();
    const ids = new Int32Array(FEATURES_PER_TOKEN + 3);
    let checked = 0;
    for (const text of texts) {
      const count = sheet.read(text, lexicons);
      for (const bits of [8, 16, 22]) {
        for (let t = 0; t < count; t += 1) {
          writeFeatures(sheet, t, ids, 3, 32 - bits);
          expect([...ids.subarray(3)]).toEqual(reference(sheet, t, 32 - bits));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });
});

import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/seeded-random.js';
import { scoreEmissions } from './emission-scores.js';
import { FEATURES_PER_TOKEN, writeFeatures } from './features.js';
import { TAG_COUNT } from './linear-chain.js';
import { loadTaggerModel } from './name-tagger.js';
import { TokenSheet } from './token-sheet.js';

/** The scores as the tagger summed them before: `writeFeatures`' ids, one row each, in order. */
function reference(sheet: TokenSheet, w: Float32Array | Int16Array, step: number, shift: number, personBias: number): Float32Array {
  const out = new Float32Array(sheet.count * TAG_COUNT);
  const ids = new Int32Array(FEATURES_PER_TOKEN);
  for (let t = 0; t < sheet.count; t += 1) {
    writeFeatures(sheet, t, ids, 0, shift);
    let o = 0;
    let p = 0;
    let l = 0;
    for (let j = 0; j < FEATURES_PER_TOKEN; j += 1) {
      const row = ids[j]! * TAG_COUNT;
      o += w[row]!;
      p += w[row + 1]!;
      l += w[row + 2]!;
    }
    out[t * TAG_COUNT] = o * step;
    out[t * TAG_COUNT + 1] = p * step + personBias;
    out[t * TAG_COUNT + 2] = l * step;
  }
  return out;
}

const ALPHABET = ['a', 'e', 'n', 'R', 'Ö', 'ß', 'İ', 'ł', '\u0301', ' ', ' ', '\n', '.', ',', "'", '’', '-', '7', '0', '😀', 'Ж', '中', '\t', '@', '<', '>'];

function texts(): string[] {
  const rand = seededRandom(7);
  const out = [
    '',
    ' ',
    'Ann',
    'Hello, I am writing on behalf of my colleague Ann Lee about a billing problem.\nCall +44 20 7946 0958 or write to ann.lee@example.com.',
    'hey its anna lee, can u check my order 88412 from the 3rd?',
    "Mr. O'Neil-Smith moved to 221B Baker Street, London NW1 6XE. ÜBER ÄRGER — 😀 done",
    'Dear Mr. Okonkwo,\n\nBest regards,\nAnke Junker\nRosenstr. 124\n10115 Berlin',
    'x'.repeat(5000),
    'A B C D E F G. H I J\nK L M'.repeat(200),
  ];
  for (let k = 0; k < 300; k += 1) {
    let s = '';
    const length = Math.floor(rand() * 400);
    for (let i = 0; i < length; i += 1) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
    out.push(s);
  }
  return out;
}

describe('scoreEmissions', () => {
  const { lexicons } = loadTaggerModel();

  it('equals the sums of writeFeatures’ buckets over random weight tables, token for token', () => {
    const sheet = new TokenSheet();
    const rand = seededRandom(11);
    let tokens = 0;
    for (const bits of [8, 16]) {
      // Random weights: every template's bucket moves the sums, so a salt or input written out
      // differently from writeFeatures changes them.
      const ints = Int16Array.from({ length: (1 << bits) * TAG_COUNT }, () => Math.floor(rand() * 65536) - 32768);
      const floats = Float32Array.from(ints, (v) => v * 0.37);
      for (const text of texts()) {
        const count = sheet.read(text, lexicons);
        for (const w of [ints, floats]) {
          const got = new Float32Array(count * TAG_COUNT);
          scoreEmissions(sheet, count, w, 0.001, 32 - bits, got, 0.25);
          expect(got).toEqual(reference(sheet, w, 0.001, 32 - bits, 0.25));
        }
        tokens += count;
      }
    }
    expect(tokens).toBeGreaterThan(50_000);
  });

  it('gives the shipped model’s scores as before on the tagger’s own tables', () => {
    const { weights } = loadTaggerModel();
    const sheet = new TokenSheet();
    for (const text of texts().slice(0, 40)) {
      const count = sheet.read(text, lexicons);
      const got = new Float32Array(count * TAG_COUNT);
      scoreEmissions(sheet, count, weights.emission, weights.emissionStep, 32 - weights.bits, got, 0.56);
      expect(got).toEqual(reference(sheet, weights.emission, weights.emissionStep, 32 - weights.bits, 0.56));
    }
  });

});

import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hashLower } from './char-table.js';
import { LEX, LexiconTable } from './lexicon-table.js';
import { TAG_COUNT } from './linear-chain.js';
import { decodeTaggerModel, encodeTaggerModel, type TaggerModel } from './model-file.js';

function tinyModel(): TaggerModel {
  const bits = 8;
  const emission = new Float32Array((1 << bits) * TAG_COUNT).map((_, i) => ((i * 37) % 11) - 5);
  const transition = new Float32Array((TAG_COUNT + 1) * TAG_COUNT).map((_, i) => i / 10);
  const lexicons = LexiconTable.fromEntries([
    [hashLower('ann', 0, 3), LEX.FIRST_NAME],
    [hashLower('oslo', 0, 4), LEX.CITY | LEX.REGION],
  ]);
  return { weights: { bits, emission, emissionStep: 1, transition }, lexicons, confidenceScale: 0.07 };
}

describe('tagger model file', () => {
  it('round-trips weights (int16-quantised), transitions, lexicon and scale', () => {
    const model = tinyModel();
    const decoded = decodeTaggerModel(encodeTaggerModel(model));
    expect(decoded.weights.bits).toBe(8);
    expect(Array.from(decoded.weights.transition)).toEqual(Array.from(model.weights.transition));
    const step = decoded.weights.emissionStep;
    decoded.weights.emission.forEach((q, i) => expect(Math.abs(q * step - model.weights.emission[i]!)).toBeLessThan(1e-3));
    expect(decoded.lexicons.lookup('Oslo')).toBe(LEX.CITY | LEX.REGION);
    expect(decoded.lexicons.lookup('Bob')).toBe(0);
    expect(decoded.confidenceScale).toBeCloseTo(0.07, 6);
  });

  it('writes the same bytes for the same model', () => {
    expect(encodeTaggerModel(tinyModel()).equals(encodeTaggerModel(tinyModel()))).toBe(true);
  });

  it('rejects corrupt, truncated and foreign files with a message naming the problem', () => {
    const good = encodeTaggerModel(tinyModel());
    expect(() => decodeTaggerModel(Buffer.from('not gzip'))).toThrow(/not a gzip stream/);
    expect(() => decodeTaggerModel(gzipSync(Buffer.from('something else entirely, long enough for a header')))).toThrow(/does not start with "SYPIITAG"/);
    const raw = gunzipSync(good);
    expect(() => decodeTaggerModel(gzipSync(raw.subarray(0, raw.length - 10)))).toThrow(/its header implies/);
    const otherFeatures = Buffer.from(raw);
    otherFeatures.writeUInt32LE(9999, 12);
    expect(() => decodeTaggerModel(gzipSync(otherFeatures))).toThrow(/trained with features v9999/);
  });
});

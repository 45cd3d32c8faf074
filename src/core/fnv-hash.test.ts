import { describe, expect, it } from 'vitest';
import { FNV_OFFSET, fnvStep, fnvString, mix32 } from './fnv-hash.js';

// Models, datasets and simulated answers were made with these exact values: a change to the hash
// would re-seed the simulator, move the review sample and mis-read every shipped local model.
describe('the string hash', () => {
  it('is 32-bit FNV-1a over UTF-16 code units', () => {
    expect(fnvString('')).toBe(FNV_OFFSET);
    expect(fnvString('a')).toBe(3826002220);
    expect(fnvStep(FNV_OFFSET, 'a'.charCodeAt(0))).toBe(0xe40c292c);
  });

  it('continues from a previous hash as a seed', () => {
    expect(fnvString('lo', fnvString('hel'))).toBe(fnvString('hello'));
    expect(fnvString('hello')).not.toBe(fnvString('hellp'));
  });

  it('finalises with murmur3 fmix32', () => {
    expect(mix32(1)).toBe(1364076727);
    // The review sampler's hash of a rule and a trace id, as it was computed inline before.
    expect(mix32(fnvString('rule_1:tr_mfa0x1k2p3q9z8y7w6v5u'))).toBe(2985489780);
  });
});

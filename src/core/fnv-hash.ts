/**
 * FNV-1a, 32-bit, over UTF-16 code units, and murmur3's finaliser: the project's one string hash.
 * Fed one code unit at a time, n-gram hashes roll forward without building substrings (the local
 * featurizer runs on the request path); whole strings go through `fnvString`.
 */
export const FNV_OFFSET = 0x811c9dc5;

/**
 * One FNV-1a step: the hash so far, extended by one code unit.
 *
 * @example fnvStep(FNV_OFFSET, 'a'.charCodeAt(0)) // 0xe40c292c
 */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193) >>> 0;
}

/**
 * Hash of a whole string, continuing from `seed` (distinct seeds keep feature families apart).
 *
 * @example fnvString('card', 1) !== fnvString('card', 2)
 */
export function fnvString(text: string, seed: number = FNV_OFFSET): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash;
}

/**
 * Final avalanche (murmur3 fmix32) so the low bits used as a bucket depend on every input bit.
 *
 * @example mix32(1) // 1364076727
 */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Character classes and lower-case folding for the tagger, one table lookup per UTF-16 code unit.
 * Unicode property regexes cost ~100 ns a call; the tagger looks at every character of every
 * prompt, so each code unit is classified once per process (ASCII and Latin eagerly, the rest on
 * first sight) and read from a typed array after that.
 */

export const KIND_OTHER = 1;
export const KIND_UPPER = 2;
export const KIND_LOWER = 3; // also letters without case (CJK, Arabic…)
export const KIND_DIGIT = 4;
export const KIND_SPACE = 5;
export const KIND_NEWLINE = 6;
export const KIND_MARK = 7; // combining marks continue a word
export const KIND_JOINER = 8; // ' ’ - inside a word ("O'Neil", "Jean-Pierre")

const kinds = new Uint8Array(65536); // 0 = not classified yet
const lower = new Uint16Array(65536);
const lowerKnown = new Uint8Array(65536);

function classify(code: number): number {
  if (code >= 48 && code <= 57) return KIND_DIGIT;
  if (code === 10 || code === 13 || code === 0x2028 || code === 0x2029) return KIND_NEWLINE;
  if (code === 39 || code === 0x2019 || code === 45) return KIND_JOINER;
  if (code >= 0xd800 && code <= 0xdfff) return KIND_OTHER; // astral code points stay single tokens
  const ch = String.fromCharCode(code);
  if (/\s/.test(ch)) return KIND_SPACE;
  if (/\p{Lu}|\p{Lt}/u.test(ch)) return KIND_UPPER;
  if (/\p{L}/u.test(ch)) return KIND_LOWER;
  if (/\p{M}/u.test(ch)) return KIND_MARK;
  return KIND_OTHER;
}

for (let c = 0; c < 0x250; c += 1) kinds[c] = classify(c);

/** The class of a UTF-16 code unit (`KIND_*`). */
export function kindOf(code: number): number {
  const k = kinds[code]!;
  if (k !== 0) return k;
  const computed = classify(code);
  kinds[code] = computed;
  return computed;
}

/** Lower-case of one code unit (itself when lower-casing changes the length, as for 'İ'). */
export function lowerOf(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  if (lowerKnown[code] === 1) return lower[code]!;
  const folded = String.fromCharCode(code).toLowerCase();
  const value = folded.length === 1 ? folded.charCodeAt(0) : code;
  lower[code] = value;
  lowerKnown[code] = 1;
  return value;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a hash of `text[start, end)` lower-cased, as an unsigned 32-bit integer. Words are hashed,
 * never sliced: the tagger allocates no per-token strings. Lexicons are hashed with the same
 * function, so a word and its lexicon entry meet by number.
 *
 * @example hashLower('Ann', 0, 3) === hashLower('ann', 0, 3) // true
 */
export function hashLower(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i += 1) h = Math.imul(h ^ lowerOf(text.charCodeAt(i)), FNV_PRIME);
  return h >>> 0;
}

/** Combines two 32-bit values into a well-mixed 32-bit value (murmur3's finaliser over a xor). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

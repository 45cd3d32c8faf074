/**
 * Hashed word n-grams of a prompt: the vocabulary-free text features of the learned router. Hashing
 * (rather than a learned vocabulary) turns any prompt into feature ids in one pass over its
 * characters, with no substring or regex allocations: this runs on the request path.
 */

/**
 * Prompts longer than this are featurised from their first and last halves of it: instructions
 * lead, the question usually comes last, and a 10 MB body must not cost 10 MB of hashing.
 */
export const MAX_FEATURE_CHARS = 16_000;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 0 separator (whitespace), 1 word character, 2 punctuation (a token of its own). */
function kindOf(code: number): 0 | 1 | 2 {
  if (code <= 32) return 0;
  if (code < 128) {
    if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return 1;
    return 2;
  }
  // Non-ASCII: the common Unicode spaces separate; everything else (letters of other scripts,
  // accented letters) is treated as word characters.
  if (code === 0xa0 || (code >= 0x2000 && code <= 0x200b) || code === 0x3000 || code === 0x2028 || code === 0x2029) return 0;
  return 1;
}

/** The part of a prompt that is featurised (all of it when short enough). */
export function featureText(prompt: string): string {
  if (prompt.length <= MAX_FEATURE_CHARS) return prompt;
  const half = MAX_FEATURE_CHARS / 2;
  return `${prompt.slice(0, half)} ${prompt.slice(-half)}`;
}

/**
 * Counts of hashed word unigrams and bigrams (case-folded; each punctuation mark is a token of its
 * own, since `?`, `$` and `=` say a lot about a prompt), as ids in `[0, 2^bits)`.
 *
 * @example hashedNgrams('How many apples?', 18).size // 7: 4 unigrams and 3 bigrams
 */
export function hashedNgrams(prompt: string, bits: number): Map<number, number> {
  const text = featureText(prompt).toLowerCase();
  const mask = 2 ** bits - 1;
  const counts = new Map<number, number>();
  const add = (id: number) => counts.set(id, (counts.get(id) ?? 0) + 1);
  let previous = -1;
  let hash = FNV_OFFSET;
  let inWord = false;
  const emit = (h: number) => {
    add(h & mask);
    // A different mix for bigrams, so "a b" and a unigram do not collide by construction.
    if (previous !== -1) add(mix(Math.imul(previous, 0x9e3779b1) ^ h ^ 0x5bd1e995) & mask);
    previous = h;
  };
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    const kind = kindOf(code);
    if (kind === 1) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      inWord = true;
      continue;
    }
    if (inWord) {
      emit(mix(hash));
      hash = FNV_OFFSET;
      inWord = false;
    }
    if (kind === 2) emit(mix(Math.imul(FNV_OFFSET ^ code, FNV_PRIME)));
  }
  return counts;
}

/**
 * How a ladder scores an answer against a dataset item's `expected`: `contains` (any expected
 * string appears in the answer, after SQuAD-style normalisation: lower case, punctuation and
 * articles removed) or `exact` (the normalised answer equals one).
 */
export type LadderScorer = 'contains' | 'exact';

/**
 * 1 when the answer matches an expected value, else 0; `expected` may be a string or an array of
 * acceptable strings (SQuAD's several answers).
 *
 * @example scoreAnswer('It was the Denver Broncos [1].', ['Denver Broncos'], 'contains') // 1
 */
export function scoreAnswer(answer: string, expected: unknown, scorer: LadderScorer): number {
  const wanted = (Array.isArray(expected) ? expected : [expected]).filter((e): e is string | number => typeof e === 'string' || typeof e === 'number').map((e) => normalise(String(e)));
  const got = normalise(answer);
  if (wanted.length === 0) return 0;
  return wanted.some((w) => w !== '' && (scorer === 'exact' ? got === w : ` ${got} `.includes(` ${w} `))) ? 1 : 0;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\[\d+\]/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

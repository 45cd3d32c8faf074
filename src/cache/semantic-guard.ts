import { meaningTokens, NEGATIONS, numberValue } from '../knowledge/text/meaning-words.js';

/**
 * What a question says that an embedding can blur while staying close: whether it is negated,
 * and which numbers it names. Kept beside each semantic-cache entry (a few bytes), so a lookup
 * compares without the cached question's text.
 */
export interface MeaningFacts {
  /** The first negation word ("not" for "hasn't"), or undefined. */
  negation: string | undefined;
  /** The distinct numbers in one spelling, sorted, space-separated ("" when none). */
  numbers: string;
}

/** More numbers than this are not compared: a question listing hundreds is no FAQ, and the entry stays small. */
const MAX_NUMBERS = 32;

/**
 * The facts the semantic cache's guard compares.
 *
 * @example meaningFacts("I haven't received 2 cards") // { negation: 'not', numbers: '2' }
 */
export function meaningFacts(text: string): MeaningFacts {
  let negation: string | undefined;
  const numbers = new Set<string>();
  for (const token of meaningTokens(text)) {
    if (negation === undefined && NEGATIONS.has(token)) negation = token;
    const value = numberValue(token);
    if (value !== undefined && numbers.size < MAX_NUMBERS) numbers.add(value);
  }
  return { negation, numbers: [...numbers].sort().join(' ') };
}

/**
 * Why a cached question must not answer this one although their embeddings are close, or
 * undefined when nothing flips: one is negated and the other not ("my card has not arrived" vs
 * "my card has arrived"), or they name different numbers ("withdraw 500" vs "withdraw 5000").
 * Embeddings, lexical or learned, are known to miss both; the cost is a miss where a hit was right.
 *
 * @example meaningConflict(meaningFacts('withdraw 500'), meaningFacts('withdraw 5000')) // 'the numbers differ: 500 here, others in the cached question'
 */
export function meaningConflict(asked: MeaningFacts, cached: MeaningFacts): string | undefined {
  if ((asked.negation === undefined) !== (cached.negation === undefined)) {
    return asked.negation !== undefined
      ? `this question is negated ("${asked.negation}"), the cached one is not`
      : `the cached question is negated ("${cached.negation}"), this one is not`;
  }
  // The cached question's own numbers stay out of the reason: it is another caller's request, and
  // the reason goes on this caller's trace.
  if (asked.numbers !== cached.numbers) return `the numbers differ: ${asked.numbers || 'none'} here, ${cached.numbers ? 'others' : 'none'} in the cached question`;
  return undefined;
}

import { createHash } from 'node:crypto';
import { PLACEHOLDER_PATTERN } from '../guardrails/redaction/vault.js';
import { meaningTokens, meaningWords, NEGATIONS, NOT, numberValue, WH_WORDS } from '../knowledge/text/meaning-words.js';
import { FLAT_WEIGHTS, type TermWeights } from './term-weights.js';

/**
 * What a question says that an embedding can blur while staying close: whether it is negated,
 * which numbers it names, and which words carry its content. Kept beside each semantic-cache entry
 * (a few dozen bytes), so a lookup compares without the cached question's text.
 */
export interface MeaningFacts {
  /** The first negation word ("not" for "hasn't"), or undefined. */
  negation: string | undefined;
  /** The distinct numbers in one spelling, sorted, space-separated ("" when none). */
  numbers: string;
  /** The distinct stemmed content words (no negation, question word or number: those are judged above), in order. */
  words: readonly string[];
}

/** More numbers than this are not compared: a question listing hundreds is no FAQ, and the entry stays small. */
const MAX_NUMBERS = 32;
/** Nor more words than this: a FAQ question has a handful; a pasted page is compared on its first ones. */
const MAX_WORDS = 64;

/**
 * The most of two questions' content-word weight that may differ for one to answer the other.
 * Chosen on banking77's dev split (every third row of train.csv, three folds; 0.1–0.4 tried):
 * 0.25 loses no hit at the default threshold and, at lower thresholds, keeps the hits that differ
 * in a filler word ("please", "the") while refusing those that differ in the action or the thing
 * asked about ("activate" vs "cancel" my card, "card" vs "account"). docs/cache.md has the figures.
 */
export const MAX_DIFFERING_SHARE = 0.25;

/** A word or number longer than this is kept as its start and a digest of the whole. */
const MAX_TERM_CHARS = 48;
const TERM_START = 32;

/**
 * A term as the guard keeps it: itself, or when longer than {@link MAX_TERM_CHARS} its first 32
 * characters, "…" and 48 bits of its SHA-256, so two long terms stay apart and an entry stays
 * small. A 100,000-digit number was kept whole in each entry (10,000 of them a gigabyte) and put
 * whole on the trace's reason.
 *
 * @example shortTerm('1'.repeat(100)) // '11111111111111111111111111111111…' + 12 hex digits
 */
function shortTerm(term: string): string {
  if (term.length <= MAX_TERM_CHARS) return term;
  return `${term.slice(0, TERM_START)}…${createHash('sha256').update(term).digest('hex').slice(0, 12)}`;
}

/**
 * The facts the semantic cache's guard compares.
 *
 * @example meaningFacts("I haven't received 2 cards") // { negation: 'not', numbers: '2', words: ['receiv', 'card'] }
 */
export function meaningFacts(text: string): MeaningFacts {
  let negation: string | undefined;
  const numbers = new Set<string>();
  // A PII placeholder's digit is an ordinal the request's vault handed out (`<EMAIL_1>` is the
  // first address in each request), not a number the question names: read it as its kind only, or
  // "is <EMAIL_1> verified?" refused a cached "is <EMAIL_2> verified?" and any question without
  // one. Text without a '<' (the common case) is read as it is, with no copy.
  if (text.includes('<')) text = text.replace(PLACEHOLDER_PATTERN, placeholderKind);
  for (const token of meaningTokens(text)) {
    if (negation === undefined && NEGATIONS.has(token)) negation = token;
    const value = numberValue(token);
    if (value !== undefined && numbers.size < MAX_NUMBERS) numbers.add(shortTerm(value));
  }
  const words = new Set<string>();
  for (const feature of meaningWords(text)) {
    const word = feature.startsWith('!') ? feature.slice(1) : feature;
    if (word === NOT || WH_WORDS.has(word) || /^\p{N}/u.test(word)) continue;
    if (words.size >= MAX_WORDS) break;
    words.add(shortTerm(word));
  }
  return { negation, numbers: [...numbers].sort().join(' '), words: [...words] };
}

/** `<CREDIT_CARD_2>` read as its kind, `CREDIT_CARD`. */
function placeholderKind(placeholder: string): string {
  return placeholder.slice(1, placeholder.lastIndexOf('_'));
}

/**
 * Why a cached question must not answer this one although their embeddings are close, or
 * undefined when nothing flips: one is negated and the other not ("my card has not arrived" vs
 * "my card has arrived"), they name different numbers ("withdraw 500" vs "withdraw 5000"), or more
 * than a quarter of their content words' weight is in words only one of them has ("activate my
 * card" vs "cancel my card"), each word weighed by how rare it is among the cached questions
 * (`weights`, the index's), so a differing "please" or "card" in a bank's cache counts for less
 * than a differing "cancel". Embeddings, lexical or learned, are known to miss all three; the cost
 * is a miss where a hit was right.
 *
 * @example meaningConflict(meaningFacts('withdraw 500'), meaningFacts('withdraw 5000')) // 'the numbers differ: 500 here, others in the cached question'
 */
export function meaningConflict(asked: MeaningFacts, cached: MeaningFacts, weights: TermWeights = FLAT_WEIGHTS): string | undefined {
  if ((asked.negation === undefined) !== (cached.negation === undefined)) {
    return asked.negation !== undefined
      ? `this question is negated ("${asked.negation}"), the cached one is not`
      : `the cached question is negated ("${cached.negation}"), this one is not`;
  }
  // The cached question's own numbers and words stay out of the reason: it is another caller's
  // request, and the reason goes on this caller's trace.
  if (asked.numbers !== cached.numbers) return `the numbers differ: ${asked.numbers || 'none'} here, ${cached.numbers ? 'others' : 'none'} in the cached question`;
  return wordConflict(asked.words, cached.words, weights);
}

function wordConflict(asked: readonly string[], cached: readonly string[], weights: TermWeights): string | undefined {
  let shared = 0;
  let differing = 0;
  const askedOnly: string[] = [];
  for (const word of asked) {
    const weight = weights.weight(word);
    if (cached.includes(word)) shared += weight;
    else {
      differing += weight;
      askedOnly.push(word);
    }
  }
  for (const word of cached) if (!asked.includes(word)) differing += weights.weight(word);
  const share = differing / (shared + differing || 1);
  if (share <= MAX_DIFFERING_SHARE) return undefined;
  const percent = Math.round(share * 100);
  const named = askedOnly.slice(0, 5).map((w) => `"${w}"`).join(', ') + (askedOnly.length > 5 ? ` and ${askedOnly.length - 5} more` : '');
  return askedOnly.length > 0
    ? `the questions differ in what they ask about (${percent}% of their words' weight, over ${MAX_DIFFERING_SHARE * 100}%): ${named} here, not in the cached question`
    : `the questions differ in what they ask about (${percent}% of their words' weight, over ${MAX_DIFFERING_SHARE * 100}%): the cached question has words this one lacks`;
}

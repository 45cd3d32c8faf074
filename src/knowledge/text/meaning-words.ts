import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords.js';
import { trimEndRun } from '../../core/trim-end-run.js';

/** Words that turn a statement into its opposite ("n't", "cannot" and "won't" are read as "not"). */
export const NEGATIONS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'nor', 'none', 'nothing', 'nobody', 'nowhere', 'neither', 'without']);

/** Question words: "where is my card" and "when is my card" ask different things. */
export const WH_WORDS: ReadonlySet<string> = new Set(['what', 'when', 'where', 'which', 'who', 'whom', 'whose', 'why', 'how']);

/**
 * Stopwords that still decide what a question asks: "log in" vs "log out", "charged again",
 * "more than", "top up", "before" vs "after". Dropping them made banking77 questions of different
 * intents identical ("Why am I being charged again?" and "Why was I charged more…?" both became
 * "why charg").
 */
const KEPT_STOPWORDS = 'again more most few only same other off out up down over under before after above below in on';

/** What the meaning-keeping embedder drops: articles, pronouns, auxiliaries, most prepositions. */
const DROPPED: ReadonlySet<string> = new Set([...STOPWORDS].filter((w) => !new Set(KEPT_STOPWORDS.split(' ')).has(w) && !NEGATIONS.has(w) && !WH_WORDS.has(w)));

/**
 * Number words read as their digits, so "two cards" and "2 cards" are the same, and "twice" is a count.
 * A Map, not an object literal: `NUMBER_WORDS["constructor"]` was Object's constructor, so a question
 * saying "constructor" had a function for a number and the semantic cache's guard threw on it.
 */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(Object.entries({
  two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', eleven: '11', twelve: '12',
  twenty: '20', hundred: '100', thousand: '1000', million: '1000000', twice: '2×', thrice: '3×',
}));

/** The negation marker in `meaningWords`: one feature for every negation word, so "never" ≈ "not". */
export const NOT = 'not';

/**
 * The tokens of a text as meaning-keeping readers see them: lower-cased, contractions expanded
 * ("hasn't" → "has not", "can't" → "can not", "what's" → "what"), words, numbers ("1,000.50" is one
 * token) and clause punctuation.
 *
 * @example meaningTokens("My card hasn't arrived, why?") // ['my', 'card', 'has', 'not', 'arrived', ',', 'why', '?']
 */
export function meaningTokens(text: string): string[] {
  const expanded = text
    .toLowerCase()
    .replace(/\bcan['’]?t\b|\bcannot\b/g, 'can not')
    .replace(/\bwon['’]?t\b/g, 'will not')
    .replace(/n['’]t\b/g, ' not')
    .replace(/['’](?:s|ve|ll|re|m|d)\b/g, '');
  return expanded.match(/\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+|[.,;:!?]/gu) ?? [];
}

/**
 * A number token or number word in one spelling ("1,000" and "1000"; "5.00" and "5"; "two" and
 * "2"), or undefined for anything else. Digits are compared as text: a 16-digit card number must
 * not round into another one.
 *
 * @example numberValue('1,000.50') // '1000.5'
 */
export function numberValue(token: string): string | undefined {
  if (!/^\p{N}/u.test(token)) return NUMBER_WORDS.get(token);
  const plain = token.replace(/,(?=\p{N}{3}(?:\D|$))/gu, '').replace(',', '.');
  if (!plain.includes('.')) return plain;
  // Trailing zeros and then the point, in one pass: /\.?0+$/ was quadratic in a run of zeros with
  // a digit after it ("1.000…0001" of 80,000 characters in a prompt: 15 s of the semantic cache's guard).
  const trimmed = trimEndRun(plain, /0/);
  return trimmed.length < plain.length && trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

/**
 * The features of the meaning-keeping lexical embedder: stemmed content words, numbers in one
 * spelling, question words, the stopwords that decide a question, and negation kept twice over:
 * a `not` feature, and every word after a negation (to the end of its clause) marked `!word`,
 * so "I have not received my card" shares no content feature with "where can I receive my card".
 *
 * @example meaningWords('My card has not arrived, where is it?') // ['card', 'not', '!arriv', 'where']
 */
export function meaningWords(text: string): string[] {
  const out: string[] = [];
  let negated = false;
  for (const token of meaningTokens(text)) {
    if (/^[.,;:!?]$/.test(token) || token === 'but') {
      negated = false;
      continue;
    }
    if (NEGATIONS.has(token)) {
      out.push(NOT);
      negated = true;
      continue;
    }
    if (DROPPED.has(token)) continue;
    const word = numberValue(token) ?? (WH_WORDS.has(token) ? token : stemmer(token));
    out.push(negated && !WH_WORDS.has(token) ? `!${word}` : word);
  }
  return out;
}

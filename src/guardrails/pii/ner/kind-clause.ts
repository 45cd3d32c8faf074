import { TF, type TokenSheet } from './token-sheet.js';
import { type WordSet, wordSetOf } from './word-set.js';

const COPULAS = wordSetOf('is was');

/** The words of a clause that says what kind of thing its subject is ("… is a design agency based in …"). */
export interface KindClause {
  /** What may open the noun phrase after "is"/"was". */
  articles: WordSet;
  /** The kinds: a clause names one. */
  nouns: WordSet;
  /** What may follow the noun for the clause to still be about the subject (lower-case only). */
  afterNoun: WordSet;
}

/**
 * From token `k`: "is"/"was", an article, up to two lower-case words, then a noun of `clause`
 * ending the clause (punctuation, a new line or the end next, or a lower-case `afterNoun` word).
 *
 * @example kindClauseAfter(sheet, k, PLACE_CLAUSE) // true at "is a small village in Estonia."
 */
export function kindClauseAfter(sheet: TokenSheet, k: number, clause: KindClause): boolean {
  if (k + 2 >= sheet.count || !COPULAS.has(sheet.word[k]!) || !clause.articles.has(sheet.word[k + 1]!)) return false;
  for (let n = k + 2; n < sheet.count && n <= k + 4; n += 1) {
    const flags = sheet.flags[n]!;
    if (!(flags & TF.WORD) || flags & (TF.CAPITALISED | TF.LINE_START)) return false;
    if (!clause.nouns.has(sheet.word[n]!)) continue;
    const after = n + 1;
    if (after >= sheet.count || sheet.flags[after]! & (TF.PUNCT | TF.LINE_START)) return true;
    return clause.afterNoun.has(sheet.word[after]!) && !(sheet.flags[after]! & TF.CAPITALISED);
  }
  return false;
}

import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { WordSet } from './word-set.js';

// Verbs whose object is a work: "Who wrote Dune?", "Who painted Sunflowers?", "I read Emma".
const MAKING_VERBS = new WordSet(
  'wrote written writes write directed directs painted paints composed composes authored illustrated sang sings recorded filmed read reads'
    .split(' ')
    .map((w) => hashLower(w, 0, w.length)),
);

/**
 * Token `t`, alone, is a work's title, not its author: an English word that name lists also hold
 * ("dune" is a given name too), capitalised, right after a lower-case verb of making or reading
 * ("Who wrote Dune?", "Who directed Jaws?"). A name that is no English word ("Who painted
 * Guernica", "I wrote Anna a note") is left to the tagger.
 *
 * @example workTitle(sheet, 2) // true for "Who wrote Dune?"
 */
export function workTitle(sheet: TokenSheet, t: number): boolean {
  if (t === 0 || !(sheet.lex[t]! & (LEX.COMMON | LEX.ENGLISH)) || sheet.flags[t]! & (TF.SENTENCE_START | TF.POSSESSIVE | TF.ALL_CAPS)) return false;
  const before = sheet.flags[t - 1]!;
  return (before & TF.WORD) !== 0 && !(before & TF.CAPITALISED) && MAKING_VERBS.has(sheet.word[t - 1]!);
}

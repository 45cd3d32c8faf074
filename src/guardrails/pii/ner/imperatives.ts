import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { WordSet } from './word-set.js';

// Words that open the object of a command: a determiner, an object pronoun or a clause word
// ("Judge the answer", "Mark each item", "Sue them", "Judge whether …", "Judge only …"). A name
// is followed by a verb or its surname ("Mark said", "Mark Twain"), almost never by one of these.
const OBJECT_OPENERS = new WordSet(
  'the a an each every all any both this that these those it them him her me us my your its their our his whether only'.split(' ').map((w) => hashLower(w, 0, w.length)),
);

/**
 * Token `t` is a command's verb that name lists also hold ("Judge the answer …", "Mark each item
 * as done", "Grant the user access"): an English word first in its sentence or line, followed on
 * the same line by a lower-case object opener. A following capitalised word ("Mark Twain", "Judge
 * Judy") is a name and is not asked about here: the caller asks only of one-word spans.
 *
 * @example imperativeVerb(sheet, 0) // true for "Judge only the answer."
 */
export function imperativeVerb(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.SENTENCE_START) || !(flags & TF.WORD) || flags & TF.ALL_CAPS || !(sheet.lex[t]! & (LEX.COMMON | LEX.ENGLISH))) return false;
  const next = t + 1;
  if (next >= sheet.count) return false;
  const after = sheet.flags[next]!;
  return !(after & (TF.LINE_START | TF.CAPITALISED | TF.GLUED_BEFORE)) && (after & TF.WORD) !== 0 && OBJECT_OPENERS.has(sheet.word[next]!);
}

/**
 * Token `t` is a one-word sentence inside a line, an English word that name lists also hold ("Cards
 * take a while. Wait.", "Done. Mark!"): a command or an interjection. A name alone on its own line
 * (a sign-off under "Thanks,") starts the line and is not asked about here.
 *
 * @example oneWordSentence(text, sheet, 5) // true for "Cards take a while. Wait."
 */
export function oneWordSentence(text: string, sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.SENTENCE_START) || flags & (TF.LINE_START | TF.ALL_CAPS) || !(flags & TF.WORD) || !(sheet.lex[t]! & (LEX.COMMON | LEX.ENGLISH))) return false;
  const end = sheet.end[t]!;
  const mark = text.charCodeAt(end);
  return mark === 0x2e || mark === 0x21 || mark === 0x3f; // . ! ?
}

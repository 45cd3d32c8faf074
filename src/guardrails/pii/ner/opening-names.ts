import type { Finding } from '../entity-types.js';
import { holidayName } from './holidays.js';
import { animateSignAfter, isInterjection } from './imperatives.js';
import { LEX } from './lexicon-table.js';
import { SpanOverlap } from './span-overlap.js';
import { TF, type TokenSheet } from './token-sheet.js';

// Greetings and cues ("Hi, can you…" is no one named Hi), calendar words, titles, nationalities.
const NOT_A_NAME_HERE = LEX.NAME_CUE | LEX.CALENDAR | LEX.TITLE | LEX.DEMONYM;
/**
 * Given names that open a sentence with a sign that they are someone after them, where the tagger
 * found nothing: "Chase owes me $20", "Sterling owes the shop money", "Will, you forgot the
 * file". The tagger reads a capital at a sentence start as saying little, and a name that is also
 * an everyday word ("chase", "will") mostly as the word. Only a given name on the name lists,
 * capitalised (not in capitals), not possessive, and a verb only a person does or words that
 * address them (`animateSignAfter`).
 *
 * @example openingNames(text, sheet, []) // [{ type: 'PERSON', start: 0, end: 5, score: 0.7 }] for "Chase owes me $20"
 */
export function openingNames(text: string, sheet: TokenSheet, findings: readonly Finding[], score = 0.7): Finding[] {
  const out: Finding[] = [];
  let taken: SpanOverlap | undefined;
  for (let t = 0; t < sheet.count; t += 1) {
    const flags = sheet.flags[t]!;
    if ((flags & (TF.SENTENCE_START | TF.WORD | TF.CAPITALISED)) !== (TF.SENTENCE_START | TF.WORD | TF.CAPITALISED) || flags & (TF.ALL_CAPS | TF.POSSESSIVE | TF.JOINED)) continue;
    if (!(sheet.lex[t]! & LEX.FIRST_NAME) || sheet.lex[t]! & NOT_A_NAME_HERE || isInterjection(sheet.word[t]!) || holidayName(sheet, t, t)) continue;
    const start = sheet.start[t]!;
    const end = sheet.end[t]!;
    if (!animateSignAfter(text, end)) continue;
    taken ??= new SpanOverlap(findings);
    if (!taken.overlaps(start, end)) out.push({ type: 'PERSON', start, end, score });
  }
  return out;
}

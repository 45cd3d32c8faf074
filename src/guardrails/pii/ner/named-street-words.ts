import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { WordSet } from './word-set.js';

/**
 * First names that the model's lexicon marks as street words (`LEX.STREET_TYPE`, fixed when the
 * model was trained): faker's French locales list streets named after people ("Victor Hugo",
 * "Charles de Gaulle") as their street "suffixes", so "William", "Joseph" or "Paul" carried the
 * street bit, and a recipient such as "William Hughes, 84 Chestnut Drive" read as the first line of
 * the address (the street line started at "William"). Only these person names; genuine street
 * words that are also names ("Lane", "Glen", "Brook", "Dale") keep the bit.
 */
const NAMES =
  'adolphe aimé blaise romaine cheikh baptiste malick lamine léopold joseph victor bernard hugo michel william yacine boubou edouard ' +
  'emile david frédéric paul henri samuel abdou jacques aziz charles amadou marin christine blanche robert pierre dior';

const NAMED_STREET_WORDS = new WordSet(NAMES.split(' ').map((w) => hashLower(w, 0, w.length)));

/**
 * Takes the street bit off those first names in the rules' view of the lexicon (after the tagger
 * has scored the tokens: the model's features are left as it was trained on them). Only tokens
 * with both bits are probed.
 *
 * @example unmarkNamedStreetWords(sheet) // "William" no longer has LEX.STREET_TYPE in sheet.lex
 */
export function unmarkNamedStreetWords(sheet: TokenSheet): void {
  const { count, flags, word, lex } = sheet;
  const both = LEX.STREET_TYPE | LEX.FIRST_NAME;
  for (let t = 0; t < count; t += 1) {
    const bits = lex[t]!;
    if ((bits & both) === both && flags[t]! & TF.WORD && NAMED_STREET_WORDS.has(word[t]!)) lex[t] = bits & ~LEX.STREET_TYPE;
  }
}

import { hashLower } from './char-table.js';
import { WordSet } from './word-set.js';

// Common English surnames that are also everyday English words ("Baker", "Cooper", "Key"), from
// the most frequent surnames of US and UK registers. faker's name lists, which give the model its
// surname bit, lack them, so the rules that drop a one-word "person" made of an everyday word
// ("Court" at the start of a line) dropped "Baker" too. Kept outside the model's lexicon: the
// model was trained without them, and a list here changes only what the rules keep.
export const ENGLISH_SURNAME_WORDS =
  'baker stone black gray grey cooper hunter bell bishop marsh lane ford knight shepherd butler porter palmer sharp lamb frost ' +
  'nash wells banks burns hull key nickel bush strong steel sterling fields rivers brooks woods reed booth chambers cross holland ' +
  'marshall newman pope thorn webb weaver archer dean gardner goodman sawyer slater tucker hart hunt barber bond chase savage noble ' +
  'summers berry drake finch carpenter potter chandler fletcher fowler skinner bowman warren payne pierce rhodes crane hood horn ' +
  'booker castle church clay cobb dale gates grant hale heath hicks howe kemp kidd knott lake mann merritt peck pike pool rush shaw ' +
  'small stark steele swift temple waters wheeler wolfe wren yates parsons mills sweet spring snow love hope page long';

const HASHES = new WordSet(ENGLISH_SURNAME_WORDS.split(' ').map((w) => hashLower(w, 0, w.length)));

/**
 * True for the lower-cased word hash (`TokenSheet.word`) of a common English surname that is also an everyday word.
 *
 * @example isEnglishSurname(hashLower('Baker', 0, 5)) // true
 */
export function isEnglishSurname(wordHash: number): boolean {
  return HASHES.has(wordHash);
}

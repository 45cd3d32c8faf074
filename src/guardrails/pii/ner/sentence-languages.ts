import { ENGLISH_FUNCTION_WORDS, FOREIGN_FUNCTION_WORDS, FOREIGN_TITLES, hasAccentedLetter } from '../../language/function-words.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { TokenWordSet } from './token-words.js';
import { WordSet } from './word-set.js';

/** Function words of German, French, Spanish, Italian, Portuguese and Dutch, as word hashes. */
export const FOREIGN = words(FOREIGN_FUNCTION_WORDS);
const ENGLISH = words(ENGLISH_FUNCTION_WORDS);
const TITLES = words(FOREIGN_TITLES);
/** Both, for `hasSureForeignWord`'s one probe per word. */
const FOREIGN_OR_TITLE = new TokenWordSet([...FOREIGN_FUNCTION_WORDS, ...FOREIGN_TITLES].map((w) => hashLower(w, 0, w.length)));
/** An accented letter as `hasAccentedLetter` reads one (Latin-1 and Latin Extended-A, not × or ÷). */
const ACCENTED = /[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]/;

const I_WORD = hashLower('i', 0, 1);

// Particles inside names ("Maria de los Santos", "Ludwig van der Berg", "García y Vega").
const NAME_PARTICLES = words('de del della di da das dos do du la le les los van von der den ten ter zu y e');

/**
 * Per token, whether its sentence reads as another language; `null` when none does. Foreign
 * words are function words, titles and accented lower-case words, and, beside one of those, words
 * off the English lists (`unknownWord`). A sentence with two or more counted words decides by
 * them (ties go to English), as does a lone English
 * word against none; any other ("Merci,", "Alvast bedankt.", a name on its own line) reads as
 * the sentence before it, or at the start of the text as the first one that decides.
 */
export function foreignTokens(text: string, sheet: TokenSheet): Uint8Array | null {
  // Without capitals the tagger does not mistake sentences for names, and names written in lower
  // case ("guðgeir bergsveinsson") would read as foreign words.
  if (sheet.lowerCaseText && !capitalLetterWord(sheet)) return null;
  if (!hasSureForeignWord(text, sheet)) return null;
  const { count, flags } = sheet;
  const starts: number[] = [];
  const foreignCounts: number[] = [];
  // Of those, function words, titles and accented words: a sentence needs one to read as foreign.
  const sureCounts: number[] = [];
  const englishCounts: number[] = [];
  for (let t = 0; t < count; t += 1) {
    if (t === 0 || flags[t]! & TF.SENTENCE_START) {
      starts.push(t);
      foreignCounts.push(0);
      sureCounts.push(0);
      englishCounts.push(0);
    }
    if (!countable(sheet, t)) continue;
    const word = sheet.word[t]!;
    const s = starts.length - 1;
    if (ENGLISH.has(word)) englishCounts[s]! += 1;
    else if (FOREIGN.has(word) || TITLES.has(word) || (!(flags[t]! & TF.CAPITALISED) && hasAccentedLetter(text, sheet.start[t]!, sheet.end[t]!))) {
      foreignCounts[s]! += 1;
      sureCounts[s]! += 1;
    } else if (!(flags[t]! & TF.CAPITALISED) && unknownWord(sheet, t)) foreignCounts[s]! += 1;
  }
  // Unknown words count only beside a sure one.
  for (let s = 0; s < starts.length; s += 1) if (sureCounts[s] === 0) foreignCounts[s] = 0;
  if (foreignCounts.reduce((sum, n) => sum + n, 0) < 2) return null;
  // 1 foreign, 0 English, -1 too short to tell.
  const verdicts = starts.map((_, s) => {
    const f = foreignCounts[s]!;
    const e = englishCounts[s]!;
    return f >= 2 && f > e ? 1 : (e >= 2 && e >= f) || e > f ? 0 : -1;
  });
  let previous = verdicts.find((v) => v >= 0) ?? -1;
  if (previous < 0) return null;
  let marked: Uint8Array | null = null;
  for (let s = 0; s < starts.length; s += 1) {
    if (verdicts[s]! >= 0) previous = verdicts[s]!;
    if (previous !== 1) continue;
    marked ??= new Uint8Array(count);
    marked.fill(1, starts[s]!, starts[s + 1] ?? count);
  }
  return marked;
}

/**
 * Whether any token would count as a sure foreign word below (a function word, title or accented
 * word of another language, and not an English function word). Without one every sentence's
 * count is zeroed and the answer is null, so most English texts stop after this pass, which
 * probes one word set per word instead of the counting pass's five tests and its arrays. The
 * accented-letter test runs per word only when the text has such a letter at all.
 */
function hasSureForeignWord(text: string, sheet: TokenSheet): boolean {
  const { count, flags, word } = sheet;
  const accents = ACCENTED.test(text);
  for (let t = 0; t < count; t += 1) {
    const f = flags[t]!;
    if (!(f & TF.WORD) || f & TF.ALL_CAPS) continue;
    const w = word[t]!;
    const sure = FOREIGN_OR_TITLE.at(sheet, t) || (accents && !(f & TF.CAPITALISED) && hasAccentedLetter(text, sheet.start[t]!, sheet.end[t]!));
    if (sure && !ENGLISH.has(w) && countable(sheet, t)) return true;
  }
  return false;
}

/** True when a one-letter word other than "I" is a capital ("O que significa…", "À bientôt"). */
function capitalLetterWord(sheet: TokenSheet): boolean {
  for (let t = 0; t < sheet.count; t += 1) if (sheet.flags[t]! & TF.CAPITALISED && sheet.word[t] !== I_WORD) return true;
  return false;
}

/**
 * A word counts when written as running text: lower case (an accented letter counts only there:
 * capitalised words are names as often as not, "Hafliðason"), or capitalised only because it opens
 * the sentence. Name particles between capitalised words are part of a name ("Maria de los
 * Santos", "Café de la Paix").
 */
function countable(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.WORD) || flags & TF.ALL_CAPS) return false;
  if (flags & TF.CAPITALISED) return (flags & TF.SENTENCE_START) !== 0 || TITLES.has(sheet.word[t]!);
  if (!particle(sheet, t)) return true;
  let before = t - 1;
  while (before >= 0 && particle(sheet, before)) before -= 1;
  let after = t + 1;
  while (after < sheet.count && particle(sheet, after)) after += 1;
  return !(capitalisedWord(sheet, before) && capitalisedWord(sheet, after));
}

// Lexicon bits of words English text is made of: the English word lists, and names (people type
// them in lower case too: "guðgeir bergsveinsson").
const ENGLISH_TEXT_WORD = LEX.COMMON | LEX.ENGLISH | LEX.FUNCTION | LEX.FIRST_NAME | LEX.LAST_NAME | LEX.DEMONYM | LEX.CALENDAR;
// Shorter words are abbreviations and units as often as words ("km", "fyi", "ok").
const MIN_UNKNOWN_LENGTH = 4;

/**
 * A lower-case word of four letters or more on none of the English word lists, no name and no
 * software name: "zusammen", "perdere", "simplement", "verdelen". Most words of a sentence in
 * another language are such words, where only a few are on the function-word lists; in English
 * they are rare (a typo, a term of art), so two of them outweigh no English function word only
 * in a sentence that has none.
 */
function unknownWord(sheet: TokenSheet, t: number): boolean {
  return (sheet.flags[t]! & (TF.JOINED | TF.GLUED_BEFORE)) === 0 && sheet.length[t]! >= MIN_UNKNOWN_LENGTH && (sheet.lex[t]! & ENGLISH_TEXT_WORD) === 0 && !isTechWord(sheet.word[t]!);
}

/** A lower-case name particle ("de", "van", "y"). */
export function particle(sheet: TokenSheet, t: number): boolean {
  return (sheet.flags[t]! & (TF.WORD | TF.CAPITALISED)) === TF.WORD && NAME_PARTICLES.has(sheet.word[t]!);
}

/** A word whose first letter is a capital. */
export function capitalisedWord(sheet: TokenSheet, t: number): boolean {
  return t >= 0 && t < sheet.count && (sheet.flags[t]! & (TF.WORD | TF.CAPITALISED)) === (TF.WORD | TF.CAPITALISED);
}

/** A set of word hashes (`TokenSheet.word`) from a space-separated list or an array. */
export function words(list: string | readonly string[]): WordSet {
  const all = typeof list === 'string' ? list.split(/\s+/).filter(Boolean) : list;
  return new WordSet(all.map((w) => hashLower(w, 0, w.length)));
}

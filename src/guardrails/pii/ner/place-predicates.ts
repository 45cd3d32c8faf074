import { type Finding, sortByStart } from '../entity-types.js';
import { LEX } from './lexicon-table.js';
import { isMajorPlace } from './major-places.js';
import { isParticle, isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { wordSetOf } from './word-set.js';
import { type KindClause, kindClauseAfter } from './kind-clause.js';

const ARTICLES = wordSetOf('a an the');
// Nouns that say what kind of place a thing is.
const PLACE_NOUNS = wordSetOf('town city village hamlet suburb municipality province region island port capital');
// What may follow the noun for the sentence to be about that place ("… a town in Norway", "… a small village.").
const AFTER_NOUN = wordSetOf('in on near of with where that which and by');
/** "is"/"was", an article, up to two lower-case words, a place noun ending the clause. */
const PLACE_CLAUSE: KindClause = { articles: ARTICLES, nouns: PLACE_NOUNS, afterNoun: AFTER_NOUN };
const NEVER_PLACE = LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.NAME_CUE | LEX.CODE_CUE | LEX.ORG_SUFFIX;
const MAX_WORDS = 4;

/**
 * A sentence that says what kind of place its subject is names a place: "Kangerlussuaq is a
 * beautiful town.", "Himmiste was a small village in Estonia." — one to four capitalised words
 * opening a sentence (name particles between), "is" or "was", an article, up to two lower-case
 * words, and a place noun ending the clause or followed by "in", "near", "where", …
 * ("Ann is a city planner" is about a person). The run becomes a place where nothing was found on
 * it, or where a person was found on exactly those words.
 *
 * @example predicatePlaces(text, sheet, []) // "Himmiste is a beautiful town." → LOCATION "Himmiste"
 */
export function predicatePlaces(sheet: TokenSheet, findings: Finding[], score: number): Finding[] {
  let sorted: Finding[] | null = null;
  let cursor = 0; // candidates come in text order, so one pointer walks the findings once
  const added: Finding[] = [];
  const dropped = new Set<Finding>();
  for (let t = 0; t < sheet.count; t += 1) {
    if ((sheet.flags[t]! & (TF.SENTENCE_START | TF.CAPITALISED)) !== (TF.SENTENCE_START | TF.CAPITALISED)) continue;
    const last = nameRunEnd(sheet, t);
    if (last < t || !kindClauseAfter(sheet, last + 1, PLACE_CLAUSE)) continue;
    const start = sheet.start[t]!;
    const end = sheet.end[last]!;
    sorted ??= sortByStart([...findings]);
    while (cursor < sorted.length && sorted[cursor]!.end <= start) cursor += 1;
    const touching: Finding[] = [];
    for (let j = cursor; j < sorted.length && sorted[j]!.start < end; j += 1) if (sorted[j]!.end > start) touching.push(sorted[j]!);
    t = last;
    if (touching.length > 1 || (touching.length === 1 && !(touching[0]!.type === 'PERSON' && touching[0]!.start === start && touching[0]!.end === end))) continue;
    if (touching[0]) dropped.add(touching[0]);
    added.push({ type: 'LOCATION', start, end, score: touching[0]?.score ?? score });
  }
  if (added.length === 0) return findings;
  return sortByStart([...findings.filter((f) => !dropped.has(f)), ...added]);
}

/** Last token of a run of one to four capitalised words from `first`, or `first - 1`. */
function nameRunEnd(sheet: TokenSheet, first: number): number {
  let last = first - 1;
  let words = 0;
  for (let k = first; k < sheet.count && words <= MAX_WORDS; k += 1) {
    const flags = sheet.flags[k]!;
    if (k > first && flags & TF.LINE_START) break;
    if (!(flags & TF.WORD)) break;
    if (!(flags & TF.CAPITALISED)) {
      if (last >= first && isParticle(sheet.word[k]!) && k + 1 < sheet.count && sheet.flags[k + 1]! & TF.CAPITALISED) continue;
      break;
    }
    const lex = sheet.lex[k]!;
    if (lex & NEVER_PLACE || isTechWord(sheet.word[k]!)) return first - 1;
    words += 1;
    last = k;
  }
  if (words === 0 || words > MAX_WORDS) return first - 1;
  // A lone everyday word is no place name ("This is a town", "Life was a village affair").
  if (words === 1 && sheet.lex[first]! & (LEX.COMMON | LEX.ENGLISH) && !(sheet.lex[first]! & (LEX.CITY | LEX.REGION)) && !isMajorPlace(sheet.word[first]!)) return first - 1;
  return last;
}

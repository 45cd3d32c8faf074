import type { Finding } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isMajorPlace } from './major-places.js';
import { TF, type TokenSheet } from './token-sheet.js';

const MAX_WORDS_BEFORE = 2;
const NEVER_PLACE = LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.ORG_SUFFIX | LEX.COMMON | LEX.ENGLISH;

/**
 * A country, region or large city in the possessive is a place: "Australia's new prime minister
 * visited …", "New Zealand's economy". The tagger finds one inside a sentence but reads one
 * opening a sentence as nothing (a possessive place keeps the bits it was trained with, see
 * `token-sheet.ts`). Only stems on the region list and no name list (countries, states) or among
 * the large cities, in capitalised form, with up to two capitalised place or compass words before
 * them on the same line ("New", "South", "United Arab"); adds the place, without its "'s", where
 * nothing was found.
 *
 * @example possessivePlaces(text, sheet, [], 0.7) // "Norway's new prime minister …" → LOCATION "Norway"
 */
export function possessivePlaces(text: string, sheet: TokenSheet, findings: readonly Finding[], score: number): Finding[] {
  const out: Finding[] = [];
  for (let t = 0; t < sheet.count; t += 1) {
    const flags = sheet.flags[t]!;
    if (!(flags & TF.POSSESSIVE)) continue;
    if (!(flags & TF.REGION_POSSESSIVE) && !isMajorPlace(hashLower(text, sheet.start[t]!, sheet.end[t]! - 2))) continue;
    // A stem in capitals or of two letters is an acronym ("AI's", "Ai's", "EU's") unless it is a country's: "UK's", "USA's".
    const stemText = text.slice(sheet.start[t]!, sheet.end[t]! - 2);
    if ((stemText === stemText.toUpperCase() || stemText.length < 3) && !COUNTRY_ACRONYMS.has(stemText)) continue;
    let first = t;
    while (first > 0 && t - first < MAX_WORDS_BEFORE && leadingPlaceWord(sheet, first - 1, first)) first -= 1;
    const start = sheet.start[first]!;
    if (findings.some((f) => f.start < sheet.end[t]! && f.end > start)) continue;
    out.push({ type: 'LOCATION', start, end: sheet.end[t]! - 2, score });
  }
  return out;
}

/** Token `k` is a capitalised place or compass word on the line of token `next`: "New" of "New Zealand's". */
function leadingPlaceWord(sheet: TokenSheet, k: number, next: number): boolean {
  const flags = sheet.flags[k]!;
  if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & TF.POSSESSIVE || sheet.flags[next]! & TF.LINE_START) return false;
  const lex = sheet.lex[k]!;
  if (lex & LEX.COMPASS || LEADING_EVERYDAY.has(sheet.word[k]!)) return true;
  // Other words lead when the region list has them and no everyday or function list does:
  // "Saudi", "Sri", "Hong"; not "Open AI's", "the Dutch Republic's".
  return (lex & LEX.REGION) !== 0 && !(lex & NEVER_PLACE);
}

const COUNTRY_ACRONYMS = new Set(['UK', 'US', 'USA', 'UAE']);
const LEADING_EVERYDAY = new Set(['new', 'united'].map((w) => hashLower(w, 0, w.length)));

import { finding, type Finding } from '../entity-types.js';
import { isMajorPlace } from './major-places.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';

// Surname endings no town list shares: patronymics ("Musliyevich", "Ivanovna"), Ukrainian
// "-enko", Romanian "-escu", Turkish "-oğlu", Greek "-poulos"/"-akis"/"-idis", Nordic
// "-sson"/"-dóttir", and the feminine "-ova"/"-eva" of Slavic surnames ("Nazarova").
const ENDINGS = ['ovich', 'evich', 'ovych', 'evych', 'ovna', 'evna', 'enko', 'escu', 'oglu', 'oğlu', 'poulos', 'poulou', 'akis', 'idis', 'sson', 'dottir', 'dóttir', 'ova', 'eva'];
const NOT_NAME = LEX.REGION | LEX.STREET_TYPE | LEX.UNIT | LEX.COMPASS | LEX.DEMONYM | LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.ORG_SUFFIX | LEX.CODE_CUE;

/**
 * A place of two or three capitalised words whose last ends like a surname and none of which is
 * on the town lists (unless also a name) is a person the tagger read as a town: an unknown first
 * name and surname after "to", "from" or "of" ("change it to Bekzat Toktarova", "the house of
 * Yevgenia Sorokova").
 *
 * @example surnamePlaces(text, sheet, found) // LOCATION "Bekbolat Musliyevich" → PERSON
 */
export function surnamePlaces(text: string, sheet: TokenSheet, findings: Finding[]): Finding[] {
  return findings.map((f) => {
    if (f.type !== 'LOCATION') return f;
    const first = sheet.tokenAt(f.start);
    if (first < 0 || sheet.start[first] !== f.start) return f;
    let words = 0;
    let last = first;
    for (let t = first; t < sheet.count && sheet.start[t]! < f.end; t += 1) {
      const flags = sheet.flags[t]!;
      if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & TF.ALL_CAPS) return f;
      const lex = sheet.lex[t]!;
      if (lex & NOT_NAME || isMajorPlace(sheet.word[t]!) || (lex & LEX.CITY && !(lex & (LEX.FIRST_NAME | LEX.LAST_NAME)))) return f;
      words += 1;
      last = t;
    }
    if (words < 2 || words > 3) return f;
    const word = text.slice(sheet.start[last]!, sheet.end[last]!).toLowerCase();
    return word.length >= 6 && ENDINGS.some((e) => word.endsWith(e)) ? finding('PERSON', f.start, f.end, f.score) : f;
  });
}

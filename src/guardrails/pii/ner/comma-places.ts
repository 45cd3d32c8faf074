import { finding, type Finding, sortByStart } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isParticle, isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { WordSet } from './word-set.js';

const COMMA = hashLower(',', 0, 1);
const CONJUNCTIONS = new WordSet(['and', 'or', '&', 'nor'].map((w) => hashLower(w, 0, w.length)));
// Words that never open or continue a region's name after a town.
const NEVER_PLACE = LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.NAME_CUE | LEX.CODE_CUE | LEX.ORG_SUFFIX | LEX.STREET_TYPE | LEX.UNIT | LEX.DEMONYM;
const PLACE_WORDS = LEX.CITY | LEX.REGION;
const MAX_WORDS = 3;

/**
 * The region or country after a town and a comma belongs to the place ("deliveries to Perametsa,
 * Võrumaa keep failing", "København K, Region Sjælland"): people name a town with its region
 * or country, and presidio-synth labels both as places, which its scorer merges across the comma
 * into one annotation, so a place found without its region is a boundary miss. After a LOCATION
 * finding, a comma on the same line and one to three capitalised words (name particles between)
 * that no other finding holds, or that lead into a LOCATION finding (which is taken in), are
 * added when they end the clause (end of line or text, punctuation, or a lower-case word after a
 * word from the place lists: not "In Tobel, Transunion is …"; not before "and": a list), and
 * none is a function, calendar, title, cue, company, street, unit or nationality word, a first
 * name or surname that is on no place list ("in Rome, Giulia said"), in capitals without being
 * on a place list (but a lone region code of two or three capitals before a mark is: "(SAINT-BRIEUC,
 * BR)"), or software; a lone everyday word must be on a place list ("in Paris, Thanks").
 * Street addresses are left to the address-extent rules.
 *
 * @example commaPlaces(text, sheet, found) // LOCATION "Perametsa" → LOCATION "Perametsa, Võrumaa"
 */
export function commaPlaces(text: string, sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  // Most texts have no place before a comma: nothing is copied or sorted for them.
  if (!findings.some((f) => f.type === 'LOCATION' && commaAfter(text, f.end))) return [...findings];
  const sorted = sortByStart([...findings]);
  const dropped = new Set<number>();
  const result = sorted.map((f) => finding(f.type, f.start, f.end, f.score));
  for (let i = 0; i < sorted.length; i += 1) {
    const f = result[i]!;
    if (f.type !== 'LOCATION' || dropped.has(i)) continue;
    let last = sheet.tokenAt(f.start);
    while (last + 1 < sheet.count && sheet.start[last + 1]! < f.end) last += 1;
    const comma = last + 1;
    if (comma >= sheet.count || sheet.word[comma] !== COMMA || sheet.flags[comma]! & TF.LINE_START) continue;
    // The next finding, if any, decides where the run must stop or what it leads into.
    const next = i + 1 < sorted.length ? i + 1 : -1;
    const nextStart = next >= 0 ? sorted[next]!.start : Infinity;
    let end = -1;
    let words = 0;
    let lone = -1;
    let into = -1;
    for (let t = comma + 1; t < sheet.count; t += 1) {
      if (sheet.start[t]! >= nextStart) {
        if (sorted[next]!.type === 'LOCATION' && sheet.start[t] === nextStart && words + 1 <= MAX_WORDS) into = next;
        else end = -1; // the run would run into another finding
        break;
      }
      const flags = sheet.flags[t]!;
      if (!(flags & TF.WORD) || flags & TF.LINE_START) break;
      if (!(flags & TF.CAPITALISED)) {
        if (end >= 0 && isParticle(sheet.word[t]!) && t + 1 < sheet.count && sheet.flags[t + 1]! & TF.CAPITALISED) continue;
        break;
      }
      const lex = sheet.lex[t]!;
      if (lex & NEVER_PLACE || isTechWord(sheet.word[t]!)) { end = -1; break; }
      if (lex & (LEX.FIRST_NAME | LEX.LAST_NAME) && !(lex & PLACE_WORDS)) { end = -1; break; }
      if (flags & TF.ALL_CAPS && !(lex & PLACE_WORDS) && !(words === 0 && sheet.length[t]! <= 3)) { end = -1; break; }
      words += 1;
      if (words > MAX_WORDS) { end = -1; break; }
      if (words === 1) lone = t;
      end = t;
    }
    if (end < 0) continue;
    if (into < 0) {
      const ending = clauseEnd(text, sheet, end + 1);
      // Before a lower-case word the run may be a fronted phrase's subject ("In Tobel, Transunion
      // is …"), so only a word from the place lists is taken there; a list goes on to its last item.
      if (ending === 'none' || ending === 'list' || (ending === 'word' && !(sheet.lex[end]! & PLACE_WORDS))) continue;
      if (words === 1 && sheet.lex[lone]! & (LEX.COMMON | LEX.ENGLISH) && !(sheet.lex[lone]! & PLACE_WORDS)) continue;
      // A region code ("(SAINT-BRIEUC, BR)", "Onnezies, WHT.") or words in capitals only before a
      // mark ("in Oslo, NATO said" is a subject).
      if (sheet.flags[end]! & TF.ALL_CAPS && ((!(sheet.lex[end]! & PLACE_WORDS) && words > 1) || ending !== 'mark')) continue;
      result[i] = finding(f.type, f.start, sheet.end[end]!, f.score);
    } else {
      result[i] = finding(f.type, f.start, Math.max(f.end, sorted[into]!.end), Math.max(f.score, sorted[into]!.score));
      dropped.add(into);
    }
  }
  return result.filter((_, i) => !dropped.has(i));
}

/** A comma follows offset `i` on its line, after spaces at most. */
function commaAfter(text: string, i: number): boolean {
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i += 1;
  return text.charCodeAt(i) === 44;
}

/** How the words after a place end: at a mark or line end, before a lower-case word or a list's conjunction, or not at all. */
function clauseEnd(text: string, sheet: TokenSheet, k: number): 'mark' | 'word' | 'list' | 'none' {
  if (k >= sheet.count) return 'mark';
  const flags = sheet.flags[k]!;
  if (flags & TF.LINE_START) return 'mark';
  if (flags & TF.PUNCT) return flags & TF.GLUED_BEFORE && (text[sheet.start[k]!] === "'" || text[sheet.start[k]!] === '’') ? 'none' : 'mark';
  if (!(flags & TF.WORD) || flags & TF.CAPITALISED || flags & TF.GLUED_BEFORE) return 'none';
  return CONJUNCTIONS.has(sheet.word[k]!) ? 'list' : 'word';
}

import { finding, type Finding } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { SpanOverlap } from './span-overlap.js';
import { isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';

const SUFFIX = '-based';
const NOT_PLACE = LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.NAME_CUE | LEX.CODE_CUE | LEX.ORG_SUFFIX | LEX.DEMONYM;

/**
 * The town before "-based" is a place ("a Vils-based company", "the København K-based team"):
 * the tokeniser keeps "Vils-based" as one word, so neither the tagger's lexicons nor its
 * features see the town. The capitalised head of such a word, with up to two capitalised words
 * before it on its line, is a LOCATION when it is on the town or region lists or on no list at
 * all; software, everyday words, names, nationalities and acronyms off the place lists are not
 * ("a Linux-based server", "Web-based", "Python-based", "GPU-based").
 *
 * @example basedPlaces(text, sheet, found, 0.8) // "a Vils-based company" → LOCATION "Vils"
 */
export function basedPlaces(text: string, sheet: TokenSheet, findings: readonly Finding[], score: number): Finding[] {
  const out: Finding[] = [];
  if (!/-based/i.test(text)) return out;
  const taken = new SpanOverlap(findings);
  for (let t = 0; t < sheet.count; t += 1) {
    if (!(sheet.flags[t]! & TF.JOINED) || !(sheet.flags[t]! & TF.CAPITALISED)) continue;
    const start = sheet.start[t]!;
    const end = sheet.end[t]! - SUFFIX.length;
    if (end <= start || text.slice(end, sheet.end[t]!).toLowerCase() !== SUFFIX) continue;
    let from = t;
    while (from > 0 && from > t - 2 && partOfName(sheet, from - 1)) from -= 1;
    if (end - start < 2 && from === t) continue;
    if (!(from < t && end - start === 1) && !headIsPlace(text, start, end, sheet)) continue; // "København K-based" 
    const placeStart = sheet.start[from]!;
    if (taken.overlaps(placeStart, sheet.end[t]!)) continue;
    out.push({ type: 'LOCATION', start: placeStart, end, score });
  }
  return out;
}

/**
 * A finding that runs through a "-based" word is cut there: the words before the suffix are the
 * place, what follows is the finding's own ("PONTOISE-based Donat Lespérance" was one PERSON,
 * "Menogeia-based Rive Lépicier" one address; a compound with "-based" is never part of a name).
 * The head must pass `headIsPlace` ("a Linux-based server" was a LOCATION and is now nothing);
 * otherwise the finding's words before the compound keep its type.
 *
 * @example splitBasedWords(text, sheet, found) // PERSON "Žabnica-based Hatsuho Yoneda" → LOCATION "Žabnica", PERSON "Hatsuho Yoneda"
 */
export function splitBasedWords(text: string, sheet: TokenSheet, findings: Finding[]): Finding[] {
  if (findings.length === 0 || !/-based/i.test(text)) return findings;
  const out: Finding[] = [];
  let t = 0;
  for (const f of findings) {
    while (t > 0 && sheet.end[t - 1]! > f.start) t -= 1; // findings are not always in order
    while (t < sheet.count && sheet.end[t]! <= f.start) t += 1;
    let rest: Finding | null = f;
    for (let k = t; k < sheet.count && sheet.start[k]! < f.end && rest; k += 1) {
      const headEnd = sheet.end[k]! - SUFFIX.length;
      if (!(sheet.flags[k]! & TF.JOINED) || headEnd <= sheet.start[k]! || text.slice(headEnd, sheet.end[k]!).toLowerCase() !== SUFFIX) continue;
      if (sheet.end[k]! > f.end) break; // the finding ends inside the compound
      const letterAfterWord = headEnd - sheet.start[k]! === 1 && sheet.start[k]! > rest.start; // "København K-based"
      if (sheet.flags[k]! & TF.CAPITALISED && (letterAfterWord || headIsPlace(text, sheet.start[k]!, headEnd, sheet))) {
        out.push(finding('LOCATION', rest.start, headEnd, rest.score));
      } else if (sheet.start[k]! > rest.start) {
        out.push(finding(rest.type, rest.start, trimEnd(text, rest.start, sheet.start[k]!), rest.score));
      }
      const next = k + 1 < sheet.count && sheet.start[k + 1]! < f.end ? sheet.start[k + 1]! : -1;
      rest = next >= 0 ? finding(rest.type, next, rest.end, rest.score) : null;
    }
    if (rest) out.push(rest);
  }
  return out;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  return end;
}

function headIsPlace(text: string, start: number, end: number, sheet: TokenSheet): boolean {
  const head = text.slice(start, end);
  if (isTechWord(hashLower(text, start, end))) return false;
  const lex = sheet.lexiconOf(text, start, end);
  if (lex & (LEX.CITY | LEX.REGION)) return !(lex & NOT_PLACE);
  if (head.length > 1 && head === head.toUpperCase()) return false; // "GPU-based", "AWS-based"
  return !(lex & (LEX.COMMON | LEX.ENGLISH | LEX.FIRST_NAME | LEX.LAST_NAME | NOT_PLACE));
}

/** A capitalised word on the same line that can open a town's name ("København" of "København K-based"). */
function partOfName(sheet: TokenSheet, k: number): boolean {
  const flags = sheet.flags[k]!;
  if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & TF.ALL_CAPS || sheet.flags[k + 1]! & TF.LINE_START) return false;
  return !(sheet.lex[k]! & (NOT_PLACE | LEX.COMMON | LEX.ENGLISH)) || (sheet.lex[k]! & (LEX.CITY | LEX.REGION)) !== 0;
}

import type { Finding } from '../entity-types.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';

// Words that can repeat as a name elsewhere in the text: capitalised, three letters or more,
// and not an everyday English word unless a name list has them ("Key", "White" stay out).
const EVERYDAY = LEX.COMMON | LEX.ENGLISH | LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.DEMONYM;
const NAME_WORDS = LEX.FIRST_NAME | LEX.LAST_NAME;

/**
 * One name per text, however often it comes back: once the tagger has found "Joakim Westgård",
 * a later bare "Westgård" (or an earlier "Joakim") is that person too, as a reader would take it.
 * Tokens of found PERSON spans are looked up by word hash among the untagged capitalised tokens;
 * runs of such tokens become PERSON findings with the lowest score of the spans they came from.
 * Linear in the token count (a small set of hashes).
 *
 * @example propagateMentions(sheet, [{ type: 'PERSON', start: 28, end: 43, score: 0.9 }]) // adds "Westgård" later on
 */
export function propagateMentions(sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  const persons = findings.filter((f) => f.type === 'PERSON');
  if (persons.length === 0) return [];
  const scoreOf = new Map<number, number>();
  const covered = new Uint8Array(sheet.count);
  let f = 0;
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  for (let t = 0; t < sheet.count; t += 1) {
    while (f < sorted.length && sorted[f]!.end <= sheet.start[t]!) f += 1;
    const span = sorted[f];
    if (!span || span.start >= sheet.end[t]!) continue;
    covered[t] = 1;
    if (span.type !== 'PERSON' || !candidateWord(sheet, t)) continue;
    const word = sheet.word[t]!;
    scoreOf.set(word, Math.min(scoreOf.get(word) ?? 1, span.score));
  }
  if (scoreOf.size === 0) return [];
  const out: Finding[] = [];
  let t = 0;
  while (t < sheet.count) {
    if (covered[t] || !candidateWord(sheet, t) || !scoreOf.has(sheet.word[t]!)) {
      t += 1;
      continue;
    }
    let score = scoreOf.get(sheet.word[t]!)!;
    let end = t;
    while (end + 1 < sheet.count && !covered[end + 1] && !(sheet.flags[end + 1]! & TF.LINE_START) && candidateWord(sheet, end + 1) && scoreOf.has(sheet.word[end + 1]!)) {
      end += 1;
      score = Math.min(score, scoreOf.get(sheet.word[end]!)!);
    }
    if (!glued(sheet, t, end)) out.push({ type: 'PERSON', start: sheet.start[t]!, end: sheet.end[end]!, score });
    t = end + 1;
  }
  return out;
}

function candidateWord(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.WORD) || sheet.length[t]! < 3) return false;
  if (!(flags & TF.CAPITALISED) && !sheet.lowerCaseText) return false;
  const lex = sheet.lex[t]!;
  return !(lex & EVERYDAY) || (lex & NAME_WORDS) !== 0;
}

/** Letters glued to a number or a word on either side are part of something else ("Key2", "x-Key"). */
function glued(sheet: TokenSheet, from: number, to: number): boolean {
  if (sheet.flags[from]! & TF.GLUED_BEFORE && from > 0 && !(sheet.flags[from - 1]! & TF.PUNCT)) return true;
  const next = to + 1;
  return next < sheet.count && (sheet.flags[next]! & TF.GLUED_BEFORE) !== 0 && !(sheet.flags[next]! & TF.PUNCT);
}

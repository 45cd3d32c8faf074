import type { Finding } from '../entity-types.js';
import { addressContinuation } from './address-extent.js';
import { LEX } from './lexicon-table.js';
import { SpanOverlap } from './span-overlap.js';
import { abbreviatedStreetDot, streetCompound } from './tag-spans.js';
import { isParticle, isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';

/**
 * A continental address block the tagger left untagged, recognised by its postal line: a street
 * line of one to four capitalised words and a house number ("Renkgasse 85", "Am Kreispark 68a",
 * "Sonderburger Str. 8") right above a line that starts with a postal code of four or five digits
 * and a capitalised town ("39508 Veronikascheid"), with what follows it in the block (a country
 * line). The street must have a distinctive word (on no everyday list unless a street or surname
 * list has it, or a one-word street: "Renkgasse", "Kantstr."), and none of its words is a
 * function, calendar, title, code-cue or software word: "Version 2\n2024 Edition" is no address.
 * A block overlapping a finding other than a place or person inside it is left to that finding.
 *
 * @example postalBlocks(text, sheet, found, 0.7) // "Renkgasse 85\n39508 Veronikascheid" → STREET_ADDRESS
 */
export function postalBlocks(text: string, sheet: TokenSheet, found: readonly Finding[], score: number): Finding[] {
  let out: Finding[] | null = null;
  let taken: SpanOverlap | null = null;
  for (let p = 2; p + 1 < sheet.count; p += 1) {
    const flags = sheet.flags[p]!;
    if (!(flags & TF.LINE_START) || !(flags & TF.NUMBER) || sheet.length[p]! < 4 || sheet.length[p]! > 5) continue;
    const town = sheet.flags[p + 1]!;
    if (!(town & TF.WORD) || !(town & TF.CAPITALISED) || town & TF.LINE_START || town & TF.GLUED_BEFORE) continue;
    const start = streetLineBefore(text, sheet, p);
    if (start < 0) continue;
    let last = addressContinuation(text, sheet, p - 1);
    if (last < p + 1) last = townEnd(sheet, p + 1); // "39508 Veronikascheid. Besuche bitte …": the sentence goes on after the town
    const from = sheet.start[start]!;
    const to = sheet.end[last]!;
    taken ??= new SpanOverlap(found);
    // A place or name the tagger found inside the block ("Deutschland", a street named after a
    // person) gives way to it; the caller drops them.
    if (taken.overlaps(from, to) && !found.every((f) => f.end <= from || f.start >= to || ((f.type === 'LOCATION' || f.type === 'PERSON') && f.start >= from && f.end <= to))) continue;
    (out ??= []).push({ type: 'STREET_ADDRESS', start: from, end: to, score });
    p = last;
  }
  return out ?? [];
}

/** The first token of a street line ending right before line-start token `p`, or -1. */
function streetLineBefore(text: string, sheet: TokenSheet, p: number): number {
  let n = p - 1;
  // "68a": a lower-case letter glued to the house number.
  if (sheet.flags[n]! & TF.WORD && sheet.flags[n]! & TF.GLUED_BEFORE && sheet.length[n] === 1 && sheet.flags[n - 1]! & TF.NUMBER) n -= 1;
  if (!(sheet.flags[n]! & TF.NUMBER) || sheet.length[n]! > 4 || sheet.flags[n]! & (TF.LINE_START | TF.GLUED_BEFORE)) return -1;
  let start = -1;
  let words = 0;
  let distinctive = false;
  for (let k = n - 1; k >= 0 && n - k <= 6; k -= 1) {
    const flags = sheet.flags[k]!;
    if (flags & TF.PUNCT) {
      // Only the full stop of an abbreviation glued to a capitalised word ("Str.", "Kantstr.").
      if (k < 1 || text.charCodeAt(sheet.start[k]!) !== 46 || flags & TF.LINE_START || !(sheet.flags[k - 1]! & TF.DOT_AFTER) || !(sheet.flags[k - 1]! & TF.CAPITALISED)) break;
      if (abbreviatedStreetDot(text, sheet, k)) distinctive = true;
      continue;
    }
    if (!(flags & TF.WORD)) break;
    const lex = sheet.lex[k]!;
    const particle = isParticle(sheet.word[k]!);
    if (!(flags & TF.CAPITALISED) && !particle) break;
    if (lex & (LEX.CALENDAR | LEX.TITLE | LEX.CODE_CUE | LEX.ORG_SUFFIX) || isTechWord(sheet.word[k]!)) return -1;
    if (lex & LEX.FUNCTION && !particle) break;
    if (flags & TF.CAPITALISED && !(flags & TF.ALL_CAPS) && sheet.length[k]! >= 3) {
      if (!(lex & (LEX.COMMON | LEX.ENGLISH)) || lex & (LEX.STREET_TYPE | LEX.LAST_NAME) || streetCompound(text, sheet, k)) distinctive = true;
    }
    words += 1;
    start = k;
    if (flags & TF.LINE_START) break;
  }
  if (start < 0 || words > 4 || !distinctive) return -1;
  while (start < n && !(sheet.flags[start]! & TF.CAPITALISED)) start += 1; // a particle does not open the street
  return start;
}

/** The last of up to three capitalised words from token `k` on its line (the town after a postal code). */
function townEnd(sheet: TokenSheet, k: number): number {
  let last = k;
  while (last + 1 < sheet.count && last - k < 2) {
    const flags = sheet.flags[last + 1]!;
    if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & TF.LINE_START || sheet.lex[last + 1]! & LEX.FUNCTION) break;
    last += 1;
  }
  return last;
}

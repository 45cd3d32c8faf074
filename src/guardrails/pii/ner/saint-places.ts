import { finding, type Finding } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { SpanOverlap } from './span-overlap.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { WordSet } from './word-set.js';

const SAINT = new WordSet(['st', 'saint', 'ste', 'sainte', 'sankt'].map((w) => hashLower(w, 0, w.length)));

/**
 * A name right after "St", "Saint", "Ste" or "Sankt" is a place named after a saint ("in St
 * Felicien", "grew up in St Georges"), which the tagger reads as a person named Felicien or
 * Georges, or finds without its "St". The person or place found there becomes a LOCATION that
 * starts at the prefix. The prefix must open the name (after a lower-case word, punctuation or a
 * line start): "Main St. Anna called" is a street and a person.
 *
 * @example saintPlaces(text, sheet, found) // PERSON "Felicien" in "in St Felicien" → LOCATION "St Felicien"
 */
export function saintPlaces(text: string, sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  let out: Finding[] | null = null;
  const taken = new SpanOverlap(findings);
  findings.forEach((f, i) => {
    if (f.type !== 'PERSON' && f.type !== 'LOCATION') return;
    const first = sheet.tokenAt(f.start);
    if (first < 1 || sheet.start[first] !== f.start || sheet.flags[first]! & TF.LINE_START || !(sheet.flags[first]! & TF.CAPITALISED)) return;
    let prefix = first - 1;
    if (text[sheet.start[prefix]!] === '.' && sheet.flags[prefix]! & TF.GLUED_BEFORE) prefix -= 1;
    if (prefix < 0 || !SAINT.has(sheet.word[prefix]!) || !(sheet.flags[prefix]! & TF.CAPITALISED)) return;
    const opener = prefix - 1;
    if (!(sheet.flags[prefix]! & TF.LINE_START) && opener >= 0 && sheet.flags[opener]! & TF.WORD && sheet.flags[opener]! & TF.CAPITALISED) return;
    // Nothing else found between the prefix and the name (the name itself starts at f.start).
    if (taken.overlaps(sheet.start[prefix]!, f.start)) return;
    out ??= [...findings];
    out[i] = finding('LOCATION', sheet.start[prefix]!, f.end, f.score);
  });
  return out ?? [...findings];
}

import { TF, type TokenSheet } from './token-sheet.js';

/**
 * Whether tokens `from`…`to` touch a word or number on either side (no space, no punctuation
 * between): letters glued so are part of something else ("Key2", "x-Key", "R2 and D2").
 *
 * @example gluedSpan(sheet, t, t) // true for "Key" in "Key2"
 */
export function gluedSpan(sheet: TokenSheet, from: number, to: number): boolean {
  if (sheet.flags[from]! & TF.GLUED_BEFORE && from > 0 && !(sheet.flags[from - 1]! & TF.PUNCT)) return true;
  const next = to + 1;
  return next < sheet.count && (sheet.flags[next]! & TF.GLUED_BEFORE) !== 0 && !(sheet.flags[next]! & TF.PUNCT);
}

import type { Finding } from '../entity-types.js';
import { LEX } from './lexicon-table.js';
import type { TokenSheet } from './token-sheet.js';

/**
 * In a signature or address block, the line under a person's name is their company, department or
 * title ("Zizi Kónya\nEnigmaio\n5850 …", "emidio p lombardo\ngarcia-smith\nunit 1009 …"); the
 * tagger reads it as more of the name, and the scorer then joins both lines into one person. A
 * PERSON that fills its line, directly under a line filled by a PERSON, is dropped when none of its
 * words is a known first name or surname (a list of people, one a line, keeps its names:
 * "Ann Lee\nBob Stone").
 *
 * @example companyLines(sheet, [PERSON 'Zizi Kónya', PERSON 'Enigmaio']) // → [PERSON 'Zizi Kónya']
 */
export function companyLines(text: string, sheet: TokenSheet, found: Finding[]): Finding[] {
  let out: Finding[] | null = null;
  for (let i = 0; i < found.length; i += 1) {
    const f = found[i]!;
    const drop = f.type === 'PERSON' && i > 0 && isCompanyLine(text, sheet, found, i);
    if (drop) out ??= found.slice(0, i);
    else out?.push(f);
  }
  return out ?? found;
}

function isCompanyLine(text: string, sheet: TokenSheet, found: Finding[], i: number): boolean {
  const f = found[i]!;
  const line = lineOf(text, f.start, f.end);
  if (!line) return false;
  const above = found[i - 1]!;
  if (above.type !== 'PERSON' || above.end > line[0]) return false;
  const aboveLine = lineOf(text, above.start, above.end);
  if (!aboveLine || aboveLine[1] + 1 !== line[0]) return false; // the line right above, not a blank line between
  for (let t = sheet.tokenAt(f.start); t >= 0 && t < sheet.count && sheet.start[t]! < f.end; t += 1) {
    if (sheet.lex[t]! & (LEX.FIRST_NAME | LEX.LAST_NAME)) return false;
  }
  return true;
}

/** [line start, line end) when only spaces (and a quote marker) share the line with [start, end), otherwise null. */
function lineOf(text: string, start: number, end: number): [number, number] | null {
  let a = start;
  while (a > 0 && text[a - 1] !== '\n') {
    if (!/[ \t>]/.test(text[a - 1]!)) return null;
    a -= 1;
  }
  let b = end;
  while (b < text.length && text[b] !== '\n') {
    if (!/[ \t]/.test(text[b]!)) return null;
    b += 1;
  }
  const lineBreak = text.indexOf('\n', start);
  return lineBreak >= 0 && lineBreak < end ? null : [a, b];
}

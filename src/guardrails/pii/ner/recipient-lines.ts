import { type Finding, sortByStart } from '../entity-types.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';

const NAME_WORDS = LEX.FIRST_NAME | LEX.LAST_NAME;

/**
 * The line right above an address block is its recipient: "Takumi Ootsuki\nZeppelinstr 92 …",
 * "Saber Mailly\n7151 Joaquin Suarez 3701 …" (which the tagger missed, or cut to "Mailly"), as on
 * shipping labels, signatures and letters. The line must be two to four capitalised words (an
 * initial with its dot allowed), no number, function, unit or company word, not a label ending in
 * a colon, and its last word no everyday word unless a name list has it ("Otc Markets" is a
 * company). What the tagger found on that line gives way to one PERSON over it; a line holding
 * anything but persons and places is left alone.
 *
 * @example addressRecipients(text, sheet, found) // "Love Ulyanova\n592 Πλατεία …" → PERSON "Love Ulyanova"
 */
export function addressRecipients(text: string, sheet: TokenSheet, found: Finding[]): Finding[] {
  if (!found.some((f) => f.type === 'STREET_ADDRESS')) return found;
  const sorted = sortByStart([...found]);
  const drop = new Set<Finding>();
  const added: Finding[] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    const f = sorted[i]!;
    if (f.type !== 'STREET_ADDRESS') continue;
    const first = sheet.tokenAt(f.start);
    if (first <= 0 || !(sheet.flags[first]! & TF.LINE_START)) continue;
    let lineStart = first - 1;
    while (lineStart > 0 && !(sheet.flags[lineStart]! & TF.LINE_START)) lineStart -= 1;
    const line = nameLine(text, sheet, lineStart, first - 1);
    if (!line) continue;
    const [start, end] = line;
    // What was found on that line: among the few findings just before the address (linear).
    const there: Finding[] = [];
    for (let j = i - 1; j >= 0 && j >= i - LOOK_BACK; j -= 1) if (sorted[j]!.start < end && sorted[j]!.end > start) there.push(sorted[j]!);
    if (there.some((g) => g.type !== 'PERSON' && g.type !== 'LOCATION' || drop.has(g))) continue;
    if (there.length === 1 && there[0]!.type === 'PERSON' && there[0]!.start === start && there[0]!.end === end) continue;
    for (const g of there) drop.add(g);
    added.push({ type: 'PERSON', start, end, score: f.score });
  }
  if (added.length === 0) return sorted;
  return sortByStart([...sorted.filter((g) => !drop.has(g)), ...added]);
}

/** How many findings before an address are looked at for its recipient line (a line holds a few). */
const LOOK_BACK = 8;

/** The character range of a line of two to four name words between tokens `from` and `to`, or null. */
function nameLine(text: string, sheet: TokenSheet, from: number, to: number): [number, number] | null {
  let a = from;
  let b = to;
  while (a <= b && sheet.flags[a]! & TF.PUNCT && text[sheet.start[a]!] !== '.') a += 1; // "> " quoting the line
  if (b >= a && text[sheet.start[b]!] === ':') return null; // "Shipping Address:"
  while (b >= a && sheet.flags[b]! & TF.PUNCT && !(text[sheet.start[b]!] === '.' && b > a && sheet.length[b - 1] === 1)) b -= 1;
  let words = 0;
  let lastWord = -1;
  for (let k = a; k <= b; k += 1) {
    const flags = sheet.flags[k]!;
    if (flags & TF.PUNCT && flags & TF.GLUED_BEFORE && text[sheet.start[k]!] === '.' && k > a && sheet.length[k - 1] === 1) continue; // "H."
    if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || sheet.lex[k]! & (LEX.FUNCTION | LEX.ORG_SUFFIX | LEX.UNIT | LEX.CALENDAR | LEX.TITLE)) return null;
    words += 1;
    lastWord = k;
  }
  if (words < 2 || words > 4) return null;
  const lex = sheet.lex[lastWord]!;
  if (lex & (LEX.COMMON | LEX.ENGLISH) && !(lex & NAME_WORDS)) return null;
  return [sheet.start[a]!, sheet.end[b]!];
}

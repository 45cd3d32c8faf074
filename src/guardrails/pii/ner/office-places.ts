import type { Finding } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isMajorPlace } from './major-places.js';
import { isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { TokenWordSet } from './token-words.js';
import { wordSetOf } from './word-set.js';

const DETERMINERS = new TokenWordSet('the our your their its his her my'.split(' ').map((w) => hashLower(w, 0, w.length)));
// Nouns a town qualifies as the site of something (our own list).
const SITE_NOUNS = wordSetOf('office offices branch store shop campus headquarters hq site plant factory warehouse depot clinic airport station');
const NEVER_PLACE = LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.NAME_CUE | LEX.CODE_CUE | LEX.ORG_SUFFIX | LEX.DEMONYM | LEX.STREET_TYPE | LEX.UNIT;
const MAX_WORDS = 3;

/**
 * A known town between a determiner and a site noun is a place: "The Kolding office handles
 * refunds", "our PAU branch", "the Den Haag warehouse" — the tagger reads a town used as an
 * attribute as nothing. Only words on the town or region lists (or large cities), none an
 * everyday English word or first name off those lists, none a software, company or code word:
 * "the Sales office", "the Jira site", "the Apple store" stay as they are. Adds the place where
 * nothing was found.
 *
 * @example officePlaces(sheet, found, 0.7) // "The Kolding office handles refunds." → LOCATION "Kolding"
 */
export function officePlaces(sheet: TokenSheet, findings: readonly Finding[], score: number): Finding[] {
  const out: Finding[] = [];
  for (let d = 0; d + 2 < sheet.count; d += 1) {
    if (!DETERMINERS.at(sheet, d) || !(sheet.flags[d]! & TF.WORD)) continue;
    let last = d;
    for (let t = d + 1; t < sheet.count && t - d <= MAX_WORDS + 1; t += 1) {
      if (!townWord(sheet, t)) break;
      last = t;
    }
    const noun = last + 1;
    if (last === d || last - d > MAX_WORDS || noun >= sheet.count || !SITE_NOUNS.has(sheet.word[noun]!) || sheet.flags[noun]! & (TF.CAPITALISED | TF.LINE_START)) continue;
    const start = sheet.start[d + 1]!;
    const end = sheet.end[last]!;
    if (overlapsAny(findings, start, end)) continue;
    out.push({ type: 'LOCATION', start, end, score });
    d = last;
  }
  return out;
}

/**
 * A finding overlaps [start, end). A loop, not `findings.some((f) => …)`: a closure over the
 * loop's `start` and `end` made V8 allocate the loop body's context on every token (~18 KB per
 * 2 KB prompt, a quarter of what the PII scan allocated), whether or not the test ran.
 */
function overlapsAny(findings: readonly Finding[], start: number, end: number): boolean {
  for (const f of findings) if (f.start < end && f.end > start) return true;
  return false;
}

function townWord(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & TF.LINE_START) return false;
  const lex = sheet.lex[t]!;
  if (isMajorPlace(sheet.word[t]!)) return true;
  if (lex & NEVER_PLACE || isTechWord(sheet.word[t]!) || !(lex & (LEX.CITY | LEX.REGION))) return false;
  return !(lex & (LEX.COMMON | LEX.ENGLISH | LEX.FIRST_NAME));
}

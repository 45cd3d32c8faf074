import { type Finding, sortByStart } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { wordSetOf } from './word-set.js';
import { type KindClause, kindClauseAfter } from './kind-clause.js';

const ARTICLES = wordSetOf('a an');
// Nouns that say a thing is a business or an institution (our own list).
const ORGANISATION_NOUNS = wordSetOf(
  'agency company firm startup corporation business consultancy brand manufacturer retailer supplier provider vendor platform bank ' +
  'insurer publisher label nonprofit charity organisation organization foundation studio enterprise conglomerate chain franchise cooperative ' +
  'subsidiary carrier airline distributor wholesaler marketplace fintech',
);
// What may follow the noun for the sentence to be about that business ("… a design agency based in Espoo", "… a bank.").
const AFTER_NOUN = wordSetOf('based in on from with that which and headquartered founded specialising specializing known for');
/** "is"/"was", "a"/"an", up to two lower-case words, an organisation noun ending the clause. */
const ORGANISATION_CLAUSE: KindClause = { articles: ARTICLES, nouns: ORGANISATION_NOUNS, afterNoun: AFTER_NOUN };

/**
 * A person or place that opens a sentence saying it is a business is that business, and no PII:
 * "Telenav is a design agency based in Kulusuk.", "Lopez, Santos and Coleman is a law firm." —
 * the finding, "is" or "was", "a"/"an", up to two lower-case words and an organisation noun that
 * ends the clause or is followed by "based", "in", "that", … ("Ann is a bank manager" and "Anna
 * is a company director" are about persons: the noun is followed by another noun).
 *
 * @example dropPredicateOrganisations(text, sheet, found) // "Telenav is a design agency." → PERSON "Telenav" dropped
 */
export function dropPredicateOrganisations(text: string, sheet: TokenSheet, findings: Finding[]): Finding[] {
  if (findings.length === 0) return findings;
  const sorted = sortByStart([...findings]);
  let dropped: Set<Finding> | null = null;
  for (let i = 0; i < sorted.length; i += 1) {
    const f = sorted[i]!;
    const first = isName(f) ? sheet.tokenAt(f.start) : -1;
    if (first < 0 || sheet.start[first] !== f.start || !(sheet.flags[first]! & TF.SENTENCE_START)) continue;
    // A firm named by its partners is a list: "Lopez, Santos and Coleman is a design agency".
    let j = i;
    while (j + 1 < sorted.length && isName(sorted[j + 1]!) && LIST_GAP.test(text.slice(sorted[j]!.end, sorted[j + 1]!.start))) j += 1;
    if (kindClauseAfter(sheet, tokenAfter(sheet, first, sorted[j]!.end), ORGANISATION_CLAUSE)) {
      dropped ??= new Set();
      for (let k = i; k <= j; k += 1) dropped.add(sorted[k]!);
    }
    i = j;
  }
  return dropped ? findings.filter((f) => !dropped!.has(f)) : findings;
}

const LIST_GAP = /^(?:, ?| and | & |, and )$/;

function isName(f: Finding): boolean {
  return f.type === 'PERSON' || f.type === 'LOCATION';
}

/** The first token that starts at or after `end`, scanning from `t`. */
function tokenAfter(sheet: TokenSheet, t: number, end: number): number {
  let k = t;
  while (k < sheet.count && sheet.start[k]! < end) k += 1;
  return k;
}

// Nouns of a job title ("Senior Quality Technician", "a software engineer"; our own list).
const JOB_NOUNS = wordSetOf(
  'engineer engineers developer developers manager managers director directors officer technician analyst consultant specialist ' +
  'coordinator administrator assistant associate executive supervisor architect designer planner strategist representative liaison ' +
  'facilitator agent producer accountant intern lead head vp ceo cto cfo coo founder cofounder co-founder partner scientist researcher',
);
const AT = hashLower('at', 0, 2);

/**
 * A person or place right after a job title and "at" is the employer, a business and no PII:
 * "Jana Pátková, Global Quality Technician at Caspio", "a software engineer at Zillow". Only a
 * name none of whose words is on the town or region lists ("a nurse at Leeds" keeps its place;
 * `isTown` says so), not in the possessive, and "at" in lower case right after the title's noun.
 *
 * @example dropEmployers(text, sheet, found, isTown) // "Quality Technician at Caspio" → LOCATION "Caspio" dropped
 */
export function dropEmployers(text: string, sheet: TokenSheet, findings: Finding[], isTown: (k: number) => boolean): Finding[] {
  let out: Finding[] | null = null;
  for (let i = 0; i < findings.length; i += 1) {
    const f = findings[i]!;
    if (isName(f) && employerAt(text, sheet, f, isTown)) {
      out ??= findings.slice(0, i);
      continue;
    }
    out?.push(f);
  }
  return out ?? findings;
}

function employerAt(text: string, sheet: TokenSheet, f: Finding, isTown: (k: number) => boolean): boolean {
  const first = sheet.tokenAt(f.start);
  if (first < 2 || sheet.start[first] !== f.start || sheet.word[first - 1] !== AT || sheet.flags[first - 1]! & TF.CAPITALISED) return false;
  if (!JOB_NOUNS.has(sheet.word[first - 2]!)) return false;
  for (let k = first; k < sheet.count && sheet.start[k]! < f.end; k += 1) if (isTown(k)) return false;
  const after = text.slice(f.end, f.end + 2);
  return after !== "'s" && after !== '’s'; // "the manager at Anna's party": a person's place
}

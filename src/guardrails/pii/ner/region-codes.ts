import { finding, type Finding } from '../entity-types.js';

/**
 * A town's region code after it is part of the place: "Boston, MA", "Dayton, OH", "Perth, WA",
 * "Hoensbroek (LI)". The tagger stops at the comma or bracket (it reads short capitals as
 * acronyms), so the place was cut and the region left in the clear; presidio-research's generator
 * writes `{{city}}, {{state_abbr}}` and labels both as one place. After a comma only the US,
 * Canadian and Australian state codes count (a code list, so "Paris, OK?" and "Rome, FYI" stay
 * as they are); in brackets right after a town any two or three capitals do ("Hoensbroek (LI)"),
 * as a bracket after a place name holds its region or country, unless the capitals are the
 * acronym of the words before ("Electoral Commission of Kenya (ECK)"). Only towns are extended (no digit
 * or line break in the span: a street line is left as found), and never over the next finding.
 * A code with a zip code after it is handled by `splitZipCodes`, which runs first.
 *
 * @example joinRegionCodes('I live in Boston, MA now.', [{ type: 'LOCATION', start: 10, end: 16, score: 0.9 }])
 * // → LOCATION 'Boston, MA'
 */
export function joinRegionCodes(text: string, found: Finding[]): Finding[] {
  let out: Finding[] | null = null;
  for (let i = 0; i < found.length; i += 1) {
    const f = found[i]!;
    const end = f.type === 'LOCATION' || f.type === 'STREET_ADDRESS' ? regionCodeEnd(text, f, found[i + 1]) : -1;
    if (end < 0) {
      out?.push(f);
      continue;
    }
    out ??= found.slice(0, i);
    out.push(finding('LOCATION', f.start, end, f.score));
  }
  return out ?? found;
}

/** Where the region code after town `f` ends, or -1. Reads at most a few characters past the span. */
function regionCodeEnd(text: string, f: Finding, next: Finding | undefined): number {
  for (let k = f.start; k < f.end; k += 1) if (text[k] === '\n' || isDigit(text.charCodeAt(k))) return -1;
  let k = f.end;
  const bracket = text[k] === ' ' && text[k + 1] === '(';
  if (bracket) k += 2;
  else if (text[k] === ',' && text[k + 1] === ' ') k += 2;
  else return -1;
  const codeStart = k;
  while (k < text.length && k - codeStart < 4 && isCapital(text.charCodeAt(k))) k += 1;
  const code = text.slice(codeStart, k);
  if (code.length < 2 || code.length > 3) return -1;
  if (bracket) {
    if (text[k] !== ')') return -1;
    // "Bolt, Beranek and Newman (BBN)", "Electoral Commission of Kenya (ECK)": an acronym of the
    // words before it ends with the initial of the last one; a region code does not need to.
    if (code.endsWith(lastWordInitial(text, f.start, f.end))) return -1;
    k += 1;
  } else {
    if (!STATE_CODES.has(code)) return -1;
    // "OK?", "OR!": a reply, not a state; "MA 02139" is splitZipCodes' ("Boston, MA" then a zip).
    if (k < text.length && /[\p{L}\p{N}?!'’-]/u.test(text[k]!)) return -1;
    if (isShouted(text, k)) return -1;
  }
  if (next && next.start < k) return -1;
  return k;
}

/** The first letter of the last word of [start, end), upper-cased. */
function lastWordInitial(text: string, start: number, end: number): string {
  let j = end;
  while (j > start && !/[\s-]/.test(text[j - 1]!)) j -= 1;
  return (text[j] ?? '').toUpperCase();
}

/** The next word after `k` is written in capitals too ("BOSTON, MA IS GREAT"): no code to single out. */
function isShouted(text: string, k: number): boolean {
  let j = k;
  while (text[j] === ' ') j += 1;
  return j > k && isCapital(text.charCodeAt(j)) && isCapital(text.charCodeAt(j + 1));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** US states and DC, Canadian provinces and territories, Australian states and territories. */
const STATE_CODES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY ' +
    'AB BC MB NB NL NS NT NU ON PE QC SK YT ' +
    'NSW VIC QLD TAS ACT'
  ).split(' '),
);

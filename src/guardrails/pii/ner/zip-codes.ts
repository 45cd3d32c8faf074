import { finding, type Finding } from '../entity-types.js';

/**
 * A zip code after a town and region code on one line ("Lafayette, LA 70501", "Gartnervænget 37,
 * Vils, NO 7980") is a POSTAL_CODE of its own, and the place ends at the region code. Why: written
 * this way the zip is a field beside the place, not a line of a postal block, and presidio-research
 * labels it so (its generator's `zipcode` is ZIP_CODE, `city`/`state_abbr` are GPE), while a postal
 * code at the end of an address block ("…\nDusino San Michele, AT 31295", "…, Spain 16200") stays
 * in the address, as the generator's `postcode` does. The code is still reported (and redacted),
 * only as its own finding.
 *
 * @example splitZipCodes('I live in Lafayette, LA 70501.', [{ type: 'STREET_ADDRESS', start: 10, end: 29, score: 0.9 }])
 * // → LOCATION 'Lafayette, LA' and POSTAL_CODE '70501'
 */
export function splitZipCodes(text: string, found: Finding[]): Finding[] {
  let out: Finding[] | null = null;
  for (let i = 0; i < found.length; i += 1) {
    const f = found[i]!;
    const place = isPlace(f) && !continuesPlace(text, found[i - 1], f);
    const split = place ? zipSplit(text, f.start, f.end) : null;
    const after = place && !split ? regionAndZipAfter(text, f, found[i + 1]) : null;
    if (!split && !after) {
      out?.push(f);
      continue;
    }
    out ??= found.slice(0, i);
    const [placeEnd, zipStart, zipEnd] = split ? [split[0], split[1], f.end] : after!;
    out.push(finding('LOCATION', f.start, placeEnd, f.score));
    out.push({ type: 'POSTAL_CODE', start: zipStart, end: zipEnd, score: f.score });
  }
  return out ?? found;
}

/**
 * A town found without the ", XX 12345" that follows it on its line ("I live in Lafayette, LA
 * 70501": the tagger stops at the comma): the region code joins the town and the zip code is a
 * POSTAL_CODE of its own, as `zipSplit` leaves a span that held both. Only a town (no digit or
 * line break in the span: a street line keeps its code), only when the zip code follows (a bare
 * ", OK" after a town is no region), and never over the next finding. Returns [town end, zip
 * start, zip end] or null; reads at most a few characters past the span.
 */
function regionAndZipAfter(text: string, f: Finding, next: Finding | undefined): [number, number, number] | null {
  for (let k = f.start; k < f.end; k += 1) if (text[k] === '\n' || isDigit(text.charCodeAt(k))) return null;
  let k = f.end;
  if (text[k] !== ',') return null;
  k += 1;
  while (text[k] === ' ') k += 1;
  const codeStart = k;
  while (k < text.length && k - codeStart < 4 && isCapital(text.charCodeAt(k))) k += 1;
  const codeEnd = k;
  if (codeEnd - codeStart < 2 || codeEnd - codeStart > 3 || COUNTRY_CODES.has(text.slice(codeStart, codeEnd))) return null;
  if (text[k] !== ' ' && text[k] !== '\t') return null;
  while (text[k] === ' ' || text[k] === '\t') k += 1;
  const zipStart = k;
  while (k < text.length && k - zipStart < 7 && isDigit(text.charCodeAt(k))) k += 1;
  if (k - zipStart < 3 || k - zipStart > 6) return null;
  if (text[k] === '-' && isDigit(text.charCodeAt(k + 1))) {
    const tail = k + 1;
    k = tail;
    while (k < text.length && k - tail < 5 && isDigit(text.charCodeAt(k))) k += 1;
    if (k - tail < 3 || k - tail > 4) return null;
  }
  if (k < text.length && /[\p{L}\p{N}]/u.test(text[k]!)) return null; // "LA 70501abc": no zip code
  if (next && next.start < k) return null;
  return [codeEnd, zipStart, k];
}

function isPlace(f: Finding): boolean {
  return f.type === 'LOCATION' || f.type === 'STREET_ADDRESS';
}

/**
 * `f` goes on from the place before it, with only spaces and commas between (the town line of an
 * address block whose street line was found apart: "…, Apt. 518\nNew Teresa, NJ 21205").
 */
function continuesPlace(text: string, before: Finding | undefined, f: Finding): boolean {
  if (!before || !isPlace(before) || before.end > f.start) return false;
  for (let k = before.end; k < f.start; k += 1) if (!/[\s,]/.test(text[k]!)) return false;
  return true;
}

/**
 * Where the place part ends and the zip starts when span [start, end) ends in ", XX 12345" (a
 * region code of two or three capitals, a code of 3 to 6 digits with an optional "-123(4)" tail)
 * with no line break before the region code; otherwise null. Reads backwards from the end in
 * one pass, so its cost is the length of the tail, whatever the text.
 */
function zipSplit(text: string, start: number, end: number): [number, number] | null {
  let k = end;
  let run = digitsBefore(text, k, start);
  if (run >= 3 && run <= 4 && text[k - run - 1] === '-') {
    k -= run + 1; // the "-6789" of "12345-6789", the "-660" of "11444-660"
    run = digitsBefore(text, k, start);
  }
  if (run < 3 || run > 6) return null;
  const zipStart = k - run;
  let j = zipStart;
  while (j > start && (text[j - 1] === ' ' || text[j - 1] === '\t')) j -= 1;
  if (j === zipStart) return null; // "A12345", "1.12345": no zip code of its own
  const codeEnd = j;
  while (j > start && isCapital(text.charCodeAt(j - 1))) j -= 1;
  const letters = codeEnd - j;
  if (letters < 2 || letters > 3 || COUNTRY_CODES.has(text.slice(j, codeEnd))) return null;
  let c = j;
  while (c > start && text[c - 1] === ' ') c -= 1;
  if (c === j || text[c - 1] !== ',' || c - 1 <= start) return null; // "Town, XX": a comma right before the region code
  // The last line of an address block keeps its postal code, and so does a street line
  // ("640 N 7th Street, North Felicityfort, IA 93203"): the zip is split off a town and region only.
  for (let b = j - 1; b >= start; b -= 1) if (text[b] === '\n' || isDigit(text.charCodeAt(b))) return null;
  return [codeEnd, zipStart];
}

/** How many digits end at `k` (at most 7: a longer run is no zip code either way). */
function digitsBefore(text: string, k: number, start: number): number {
  let n = 0;
  while (n < 7 && k - n > start && isDigit(text.charCodeAt(k - n - 1))) n += 1;
  return n;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Countries written as capitals, which a postal code after them belongs to ("…, USA 10001" is an address's last part). */
const COUNTRY_CODES = new Set(['USA', 'UAE', 'UK']);

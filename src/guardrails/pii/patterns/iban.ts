import { electronicFormatIBAN, getCountrySpecifications, isValidIBAN } from 'ibantools';
import type { Finding } from '../entity-types.js';
import { eachWindow, isWordChar } from './context.js';
import { matchesOf } from '../../../core/regex-matches.js';

// Country code, check digits, then alphanumerics in groups separated by single spaces. The
// repetition is bounded and each step consumes one character, so matching stays linear.
const CANDIDATE = /[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}/g;
const SPECS = getCountrySpecifications();

/**
 * IBANs validated with `ibantools` (country length, BBAN format, mod-97). Because a greedy match
 * can run into the next word ("GB82 WEST … to"), the candidate is cut to its country's length.
 *
 * @example detectIbans('IBAN GB82 WEST 1234 5698 7654 32')[0]?.type // 'IBAN'
 */
export function detectIbans(text: string, windows?: readonly number[]): Finding[] {
  const out: Finding[] = [];
  eachWindow(text, windows, 2, (sub, offset) => {
    for (const m of matchesOf(CANDIDATE, sub)) collect(text, offset + m.index, m[0], out);
  });
  return out;
}

function collect(text: string, start: number, match: string, out: Finding[]): void {
  if (isWordChar(text.charCodeAt(start - 1))) return;
  const country = match.slice(0, 2).toUpperCase();
  const length = SPECS[country]?.chars;
  if (!length) return;
  const end = cutToLength(text, start, start + match.length, length);
  if (end === -1 || isWordChar(text.charCodeAt(end))) return;
  const iban = electronicFormatIBAN(text.slice(start, end)) ?? '';
  if (isValidIBAN(iban.toUpperCase())) out.push({ type: 'IBAN', start, end, score: 1 });
}

/** Offset after the `length`-th alphanumeric from `start`, or -1 when the match is shorter. */
function cutToLength(text: string, start: number, limit: number, length: number): number {
  let count = 0;
  for (let i = start; i < limit; i += 1) {
    if (text.charCodeAt(i) !== 32) count += 1;
    if (count === length) return i + 1;
  }
  return -1;
}

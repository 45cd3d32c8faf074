import cardValidator from 'card-validator';
import type { Finding } from '../entity-types.js';
import { digitsOf, eachWindow, hasCodeLabelBefore, hasContextBefore, isDelimited } from './context.js';
import { luhnValid } from './checksums.js';

// 12–19 digits, optionally grouped by single spaces or dashes. Each repetition must consume a
// digit, so the pattern has one way to match any input and cannot backtrack catastrophically.
const CANDIDATE = /\d(?:[ -]?\d){11,18}/g;
const CONTEXT = /card|credit|debit|visa|master|amex|cc\b|pan\b|payment|charge/;

/**
 * Payment card numbers: Luhn-valid, 12–19 digits, with an issuer prefix that `card-validator`
 * recognises (old 13-digit Visa and 15-digit JCB included) or a context word such as "card".
 *
 * @example detectCards('card 4111 1111 1111 1111')[0]?.type // 'CREDIT_CARD'
 */
export function detectCards(text: string, windows?: readonly number[]): Finding[] {
  const out: Finding[] = [];
  const re = CANDIDATE;
  eachWindow(text, windows, 12, (sub, offset) => {
    re.lastIndex = 0;
    for (let m = re.exec(sub); m !== null; m = re.exec(sub)) {
      const start = offset + m.index;
      const found = bestEnd(text, start, m[0]);
      re.lastIndex = (found ? found.end : start + m[0].length) - offset;
      if (found) out.push(found);
    }
  });
  return out;
}

// card-validator costs ~100 µs a call (it copies its brand table); the brand depends only on the
// leading digits and the length, so answers are cached under that key (bounded).
const brandCache = new Map<string, boolean>();
function hasKnownBrand(digits: string): boolean {
  const key = `${digits.slice(0, 8)}:${digits.length}`;
  let known = brandCache.get(key);
  if (known === undefined) {
    known = cardValidator.number(digits).card !== null;
    if (brandCache.size >= 4096) brandCache.clear();
    brandCache.set(key, known);
  }
  return known;
}

/** Tries the whole match, then shorter ones cut at a separator (two numbers one space apart). */
function bestEnd(text: string, start: number, match: string): Finding | null {
  const ends = [match.length];
  for (let i = match.length - 1; i > 0; i -= 1) if (match[i] === ' ' || match[i] === '-') ends.push(i);
  for (const cut of ends) {
    const end = start + cut;
    const digits = digitsOf(match.slice(0, cut));
    if (digits.length < 12 || !isDelimited(text, start, end) || text[start - 1] === '+') continue;
    if (!luhnValid(digits) || /^(\d)\1+$/.test(digits)) continue;
    const brand = hasKnownBrand(digits);
    const context = hasContextBefore(text, start, CONTEXT);
    if (!brand && !context) continue;
    if (!context && hasCodeLabelBefore(text, start)) continue; // "customs ref 225837300154"
    // A longer grouped number cut to card length ("6356 0510 4121 3638 5222 66" is a parcel id).
    if (!context && cut < match.length && /^[ -]\d/.test(match.slice(cut)) && match[cut] === match[4]) continue;
    return { type: 'CREDIT_CARD', start, end, score: brand && context ? 1 : brand ? 0.85 : 0.75 };
  }
  return null;
}

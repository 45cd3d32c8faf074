/**
 * Context words: a number that passes a checksum is PII far more often when a word such as "SSN"
 * or "card" stands just before it. Detectors raise their score when one does; this keeps bare
 * order ids and hashes (which pass a Luhn check one time in ten) from being flagged.
 */

/** How far before a value context words are looked for, in characters. */
export const CONTEXT_WINDOW = 48;

/**
 * True when `words` matches in the `window` characters before `start` (lower-cased).
 *
 * @example hasContextBefore('my ssn: 123', 8, /ssn/) // true
 */
export function hasContextBefore(text: string, start: number, words: RegExp, window = CONTEXT_WINDOW): boolean {
  const from = Math.max(0, start - window);
  return words.test(text.slice(from, start).toLowerCase());
}

// The label of a code written just before a number ("SKU 739-780-546", "Receipt 3792-2285-8892",
// "customs ref 225837300154"): the number is that code, not a phone or card.
// Also ids of bookings, payments, meetings and parcels ("transaction 771-203-5561", "Meeting ID 845
// 2291 7734", "via FedEx 7749 2231 8890"); a phone context word before the number still wins.
const CODE_LABEL_WORDS =
  'sku|part|item|model|serial|s/n|ref|reference|receipt|order|invoice|ticket|case|tracking|batch|lot|isbn|container|shipment|build|' +
  'transaction|txn|confirmation|booking|reservation|policy|claim|id|pnr|voucher|coupon|parcel|package|waybill|awb|fedex|ups|usps|dhl|po|account|acct|asset|licen[cs]e|registration|vin';
const CODE_LABEL = new RegExp(`(?:^|[^a-z])(?:${CODE_LABEL_WORDS})(?: no\\.?| number| #)?["']?\\s{0,2}[:=#]?\\s{0,2}["']?$`);

// A label governs the list it starts, not only its first item: in "restock SKU YPC11588T and
// 737-252-621" or "orders A-1962, B-2201 and 415-555-0199" the last number is one more code.
// Items are codes (a digit in them, at most 24 characters), joined by ",", ";", "/", "&", "and"
// or "or"; nothing else may stand between the label and the number. Bounded by CONTEXT_WINDOW.
const CODE_LIST = new RegExp(
  `(?:^|[^a-z])(?:${CODE_LABEL_WORDS})s?(?: no\\.?| number| #)?\\s{0,2}[:=#]?\\s{0,2}(?:[a-z0-9#._/-]{0,23}\\d[a-z0-9._/-]{0,23}\\s{0,2}(?:,|;|/|&|and|or)\\s{1,2}){1,4}$`,
);

/**
 * True when a code label ends just before `start`, nothing but spaces, quotes, ':', '=' or '#' between,
 * or starts a list of codes that `start` continues ("SKU YPC11588T and 737-252-621").
 *
 * @example hasCodeLabelBefore('SKU 739-780-546', 4) // true
 */
export function hasCodeLabelBefore(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - CONTEXT_WINDOW), start).toLowerCase();
  return CODE_LABEL.test(before.slice(-24)) || CODE_LIST.test(before);
}

/** True when the characters just around [start, end) are not letters or digits (a whole token). */
export function isDelimited(text: string, start: number, end: number): boolean {
  return !isWordChar(text.charCodeAt(start - 1)) && !isWordChar(text.charCodeAt(end));
}

/** ASCII letter, digit or underscore (NaN for out-of-range reads counts as not a word char). */
export function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** The digits of a string, separators dropped. @example digitsOf('12-34 5') // '12345' */
export function digitsOf(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) out += value[i];
  }
  return out;
}

/** Longest span any digit-bearing pattern can match, in characters (IBAN with spaces: 42). */
export const DIGIT_WINDOW_PAD = 48;

/**
 * The regions of `text` where a pattern that contains a digit can match: every digit run padded by
 * `DIGIT_WINDOW_PAD` characters each side, overlapping regions merged, as flat triples
 * [start, end, longest] where `longest` is the most digits in the window joined by at most two
 * separators (" ", "-", ".", "/", "(", ")"): "2024-05-01" has 8, "(37) 788-063" 8,
 * "4111 1111 1111 1111" 16. One pass over
 * the text; the digit detectors then scan only these windows, and skip a window whose `longest`
 * is below what their ids need (an SSN needs 9, a card 12).
 *
 * @example digitWindows('x'.repeat(100) + '42') // [54, 102, 2]
 */
export function digitWindows(text: string, pad = DIGIT_WINDOW_PAD): number[] {
  const out: number[] = [];
  let end = -1;
  let joined = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    const previous = text.charCodeAt(i - 1);
    const before = text.charCodeAt(i - 2);
    const joinedToPrevious =
      isDigitCode(previous) || (isSeparatorCode(previous) && (isDigitCode(before) || (isSeparatorCode(before) && isDigitCode(text.charCodeAt(i - 3)))));
    joined = joinedToPrevious ? joined + 1 : 1;
    const from = Math.max(0, i - pad);
    if (out.length > 0 && from <= end) {
      end = Math.min(text.length, i + 1 + pad);
      out[out.length - 2] = end;
      if (joined > out[out.length - 1]!) out[out.length - 1] = joined;
    } else {
      end = Math.min(text.length, i + 1 + pad);
      out.push(from, end, joined);
    }
  }
  return out;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Space - . / ( ) : what groups digits inside one number ("(37) 788-063" joins 8 digits). */
function isSeparatorCode(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 47 || c === 40 || c === 41;
}

/**
 * Calls `scan(sub, offset, longest)` for each window whose joined-digit count reaches `minDigits`
 * (the whole text when `windows` is undefined); `sub` is `text.slice(start, end)` and `offset`
 * its start, so a match at `m.index` in `sub` is at `offset + m.index` in `text`.
 */
export function eachWindow(text: string, windows: readonly number[] | undefined, minDigits: number, scan: (sub: string, offset: number, longest: number) => void): void {
  if (!windows) {
    scan(text, 0, Number.MAX_SAFE_INTEGER);
    return;
  }
  for (let i = 0; i + 2 < windows.length; i += 3) {
    const longest = windows[i + 2]!;
    if (longest < minDigits) continue;
    const start = windows[i]!;
    const end = windows[i + 1]!;
    scan(start === 0 && end === text.length ? text : text.slice(start, end), start, longest);
  }
}

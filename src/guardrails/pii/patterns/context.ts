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

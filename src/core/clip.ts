import { terminalText } from './terminal-text.js';
/**
 * Client-supplied text named in a message, a reason or a table cell, cut short: messages name
 * values, they do not carry them, so a hostile 100,000-character id cannot bloat a log line, a
 * response or a page. `max` counts the characters kept; the ellipsis marks the cut.
 *
 * @example clip('a'.repeat(500), 80) // 'aaa…a…' (80 a's, then '…')
 */
export function clip(text: string, max: number, ellipsis = '…'): string {
  return text.length > max ? `${text.slice(0, wholeEnd(text, max))}${ellipsis}` : text;
}

/**
 * The first `max` UTF-16 units of `text`, one fewer where the last would be half an emoji: a
 * reason or preview kept to a length, with no ellipsis.
 *
 * @example sliceWhole('ab🙈', 3) // 'ab'
 */
export function sliceWhole(text: string, max: number): string {
  return text.length > max ? text.slice(0, wholeEnd(text, max)) : text;
}

/**
 * `max`, or one less where `max` would split an emoji (or any character past U+FFFF) in two: a lone
 * half is "\ud83d" in JSON and "�" on a page.
 */
function wholeEnd(text: string, max: number): number {
  const last = text.charCodeAt(max - 1);
  return last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
}

/**
 * The same, quoted as a JSON string (escapes included, bidi and C1 controls too), for messages
 * such as `model "x" is not configured`.
 *
 * @example quoteClipped('gpt-4o') // '"gpt-4o"'
 * @example quoteClipped({ toString: [] }) // '{"toString":[]}'
 */
export function quoteClipped(value: unknown, max = 100, ellipsis = '…'): string {
  // An object or array is shown as its JSON, already quoted. What JSON leaves raw and a reader
  // obeys (a bidi control reorders the message, 0x9B is a terminal's CSI) is escaped as well.
  if (value !== null && typeof value === 'object') return terminalText(clip(textOf(value), max, ellipsis));
  return terminalText(JSON.stringify(clip(textOf(value), max, ellipsis)));
}

/**
 * Any value as text, never throwing: a string as it is, an object or array as its JSON (its tag
 * when it has none: a cycle), anything else as String() writes it. String() itself throws on a
 * JSON object whose `toString` is not a function ({"toString": []} from a request body: a 500
 * wherever a client's field was written into a message, a data URL or a text part).
 *
 * @example textOf({ toString: [] }) // '{"toString":[]}'
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Like {@link clip}, for prose (an error message in a table cell): cut at the last space within
 * `max` characters, so no word is left half-shown, with an ellipsis; a text with no space early
 * enough (one long word, a hostile string) is cut at `max` instead.
 *
 * @example clipAtWord('model "nope" is not configured on this gateway', 40) // 'model "nope" is not configured on this…'
 */
export function clipAtWord(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max);
  const cut = space > max / 2 ? text.slice(0, space).trimEnd() : text.slice(0, wholeEnd(text, max));
  return `${cut.replace(/[\s,;:(]+$/, '')}${ellipsis}`;
}

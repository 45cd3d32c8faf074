/**
 * Values as PostgreSQL accepts them. SQLite stores any string and any number; PostgreSQL rejects
 * a NUL character in text, a `\u0000` escape or a lone surrogate in JSONB, and a fraction in
 * BIGINT. A trace carries client-supplied strings, and a batch the store rejects would be retried
 * forever, so every value is made acceptable on the way in: NUL and lone surrogates become
 * U+FFFD (the replacement character), integers are rounded.
 */

import { JsonText, unescapeNonAscii } from '../../core/json-text.js';

// A `\u0000` or lone-surrogate escape that is not itself an escaped backslash ("\\u0000" is text).
const BAD_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(0000|d[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|d[c-f][0-9a-f]{2})/gi;
const NUL = /\u0000/g;

/**
 * JSON text for a JSONB parameter, or null for null/undefined. A `JsonText` is sent as the text
 * it holds, which was valid JSON when kept; should the server still refuse it (a number past
 * its range, nesting too deep), `exactJsonb` is the way back.
 *
 * @example jsonb({ text: 'a\u0000b' }) // '{"text":"a\\ufffdb"}'
 */
export function jsonb(value: unknown): string | null {
  const text = jsonSource(value);
  // JSON.stringify writes \u escapes only for control characters and lone surrogates: most
  // documents have none, and a plain scan is far cheaper than the replacement.
  return text !== null && text.includes('\\u') ? withoutBadEscapes(text) : text;
}

/**
 * JSON text for a JSON column, or null: as `jsonb`, and with the `\uXXXX` escapes of non-ASCII
 * characters written out (a Python client escapes every one), as JSONB's own text would have
 * them, so a search's recheck of the text finds "café" in what arrived as `caf\u00e9`.
 *
 * @example jsonText(new JsonText('{"q":"caf\\u00e9"}')) // '{"q":"café"}'
 */
export function jsonText(value: unknown): string | null {
  const text = jsonSource(value);
  // Surrogate pairs are written out first, so only lone surrogates are left to replace.
  return text !== null && text.includes('\\u') ? withoutBadEscapes(unescapeNonAscii(text)) : text;
}

/** Kept JSON text (a body as it arrived) as it is: no parse and second serialisation. */
function jsonSource(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return (value instanceof JsonText ? value.text : JSON.stringify(value)) ?? null;
}

const withoutBadEscapes = (text: string): string => text.replace(BAD_ESCAPE, '$1\\ufffd');

/**
 * JSON text for a JSONB parameter made by serialising the value (a `JsonText` parsed first), so
 * what the server gets is what JSON.stringify writes: numbers past a double's range are already
 * null. For the rare batch the server refused as sent by `jsonb`.
 *
 * @example exactJsonb(new JsonText('[1e400]')) // '[null]'
 */
export function exactJsonb(value: unknown): string | null {
  return jsonb(value instanceof JsonText ? JSON.parse(value.text) : value);
}

/**
 * Text PostgreSQL accepts (NUL replaced), or null.
 *
 * @example pgText('a\u0000b') // 'a\ufffdb'
 */
export function pgText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.includes('\u0000') ? value.replace(NUL, '\ufffd') : value;
}

/**
 * An integer for a BIGINT column (non-finite as 0).
 *
 * @example pgInt(2.5) // 3
 */
export function pgInt(value: number): number {
  return Number.isFinite(value) ? Math.round(value) : 0;
}

/**
 * An integer for an INTEGER column, clamped to its range (a client's offset may be anything).
 *
 * @example pgInt4(2 ** 40) // 2147483647
 */
export function pgInt4(value: number): number {
  return Math.min(Math.max(pgInt(value), -2_147_483_648), 2_147_483_647);
}

/**
 * JSON kept as the text it arrived in. The gateway stores request and response bodies this way,
 * so writing a trace costs no second `JSON.stringify` of what it already had as text.
 * `JSON.stringify` of a record holding one still produces the parsed value, via `toJSON`.
 *
 * @example jsonTextOf(new JsonText('{"a":1}')) // '{"a":1}'
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** The JSON text of a value: kept text as is, anything else serialised; null stays null. */
export function jsonTextOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof JsonText ? value.text : JSON.stringify(value);
}

/** The value itself: kept text parsed, anything with a `toJSON` (a captured stream) resolved. */
export function jsonValueOf(value: unknown): unknown {
  if (value instanceof JsonText) return JSON.parse(value.text);
  const toJSON = (value as { toJSON?: unknown } | null)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as () => unknown).call(value) : value;
}

// An escaped backslash (kept, and skipped past so the letters after it stay letters), a
// surrogate pair, or one `\uXXXX` escape.
const UNICODE_ESCAPE = /\\(?:\\|u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))/g;

/**
 * The same JSON with `\uXXXX` escapes of non-ASCII characters written as the characters (a
 * Python client escapes every one), so a text search finds "café" in what arrived as
 * `caf\u00e9`. Escapes of ASCII (`\u0022`), lone surrogates and escaped backslashes stay as they
 * are; the text is not parsed, so numbers and key order are untouched.
 *
 * @example unescapeNonAscii('{"q":"caf\\u00e9 \\u0022"}') // '{"q":"café \\u0022"}'
 */
export function unescapeNonAscii(text: string): string {
  if (!text.includes('\\u')) return text;
  return text.replace(UNICODE_ESCAPE, (escape: string, high?: string, low?: string, single?: string) => {
    if (high !== undefined && low !== undefined) return String.fromCharCode(Number.parseInt(high, 16), Number.parseInt(low, 16));
    if (single === undefined) return escape;
    const code = Number.parseInt(single, 16);
    return code < 0x80 || (code >= 0xd800 && code <= 0xdfff) ? escape : String.fromCharCode(code);
  });
}

/**
 * A JSON text's value when it is an object; undefined for anything else, malformed text included
 * (a stored or streamed text the reader skips rather than fails on).
 *
 * @example parseJsonObject('{"a":1}') // { a: 1 }
 * @example parseJsonObject('[1]') // undefined
 */
export function parseJsonObject(text: string): { [key: string]: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { [key: string]: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

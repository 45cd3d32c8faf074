/**
 * JSON with every character past ASCII written as a `\uXXXX` escape, for header values: a header
 * is bytes, and undici (fetch) refuses any other character in one. `JSON.parse` reads it back
 * unchanged.
 *
 * @example asciiJson({ suite: 'café' }) // '{"suite":"caf\\u00e9"}'
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A MIME type as RFC 6838 writes one (a type and subtype of its token characters, parameters after `;`), short. */
const MIME_TYPE = /^(?=.{3,255}$)[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*(?:\s*;[ -~]*)?$/;

/**
 * Whether a value is a MIME type (`type/subtype`, parameters after `;`, at most 255 characters):
 * what Google takes as an inline blob's `mimeType`, and what the gateway writes into a data: URL.
 *
 * @example isMimeType('application/pdf; charset=binary') // true
 * @example isMimeType('png') // false
 */
export const isMimeType = (value: string): boolean => MIME_TYPE.test(value);

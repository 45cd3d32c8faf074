import * as crypto from 'node:crypto';

/**
 * SHA-256 of a text or bytes, in one call: `crypto.hash` (no Hash object) where this Node has it
 * (20.12+), `createHash` on the 20.10–20.11 the package still supports (a named import of `hash`
 * would not even load there). Parts hashed one after another (a file list, rows) keep their own
 * `createHash`; anything hashed whole comes here.
 *
 * @example sha256('hello', 'hex') // '2cf24dba…'
 */
export const sha256: (data: string | NodeJS.ArrayBufferView, encoding: 'hex' | 'base64' | 'base64url') => string =
  typeof crypto.hash === 'function'
    ? (data, encoding) => crypto.hash('sha256', data, encoding)
    : (data, encoding) => crypto.createHash('sha256').update(data).digest(encoding);

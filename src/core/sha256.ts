import * as crypto from 'node:crypto';

/**
 * SHA-256 of a text: `crypto.hash` (one call, no Hash object) where this Node has it (20.12+),
 * `createHash` on the 20.10–20.11 the package still supports (a named import of `hash` would not
 * even load there).
 *
 * @example sha256('hello', 'hex') // '2cf24dba…'
 */
export const sha256: (text: string, encoding: 'hex' | 'base64') => string =
  typeof crypto.hash === 'function'
    ? (text, encoding) => crypto.hash('sha256', text, encoding)
    : (text, encoding) => crypto.createHash('sha256').update(text).digest(encoding);

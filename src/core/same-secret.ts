import { timingSafeEqual } from 'node:crypto';
import { sha256 } from './sha256.js';

/**
 * Whether a presented secret (an admin key, a scrape token, a CSRF token) is the one whose
 * sha256 (hex) is kept, compared in constant time: both sides are digests of one length, so
 * neither the secret's length nor where a guess first differs shows in the time taken.
 *
 * @example sameSecret('s3cret', sha256('s3cret', 'hex')) // true
 */
export function sameSecret(given: string, expectedSha256Hex: string): boolean {
  const a = Buffer.from(sha256(given, 'hex'), 'hex');
  const b = Buffer.from(expectedSha256Hex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

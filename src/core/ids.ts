import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Time-sortable ids: 9 base-36 characters of milliseconds, then 12 random ones, so traces sort
 * by creation time as plain strings.
 *
 * @example newId('tr') // "tr_mfa0x1k2p3q9z8y7w6v5u"
 */
export function newId(prefix: string, now: number = Date.now()): string {
  const time = now.toString(36).padStart(9, '0');
  const bytes = randomBytes(12);
  let random = '';
  for (const byte of bytes) random += ALPHABET[byte % 36];
  return `${prefix}_${time}${random}`;
}

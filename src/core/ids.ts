import { randomUUID } from 'node:crypto';

/**
 * Time-sortable ids: 9 base-36 characters of milliseconds, then 16 random hex characters, so
 * traces sort by creation time as plain strings. `randomUUID` draws from a cached entropy pool,
 * which matters: two ids are made for every request.
 *
 * @example newId('tr') // "tr_mfa0x1k2p3f9c2a81d04be7731"
 */
export function newId(prefix: string, now: number = Date.now()): string {
  const uuid = randomUUID();
  return `${prefix}_${now.toString(36).padStart(9, '0')}${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(24, 28)}`;
}

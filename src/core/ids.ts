import { randomFillSync } from 'node:crypto';

/** Random bytes drawn 4 KiB at a time (one call into the CSPRNG per 512 ids), 8 taken per id. */
const pool = Buffer.alloc(4_096);
let used = pool.length;
/** The time part of the last id: two or three ids made in the same millisecond share it. */
let stampMs = Number.NaN;
let stamp = '';

/**
 * Time-sortable ids: 9 base-36 characters of milliseconds, then 16 random hex characters, so
 * traces sort by creation time as plain strings. Several ids are made for every request, so the
 * random part comes from a pooled buffer of CSPRNG bytes (about a third of the cost of cutting
 * pieces out of a `randomUUID`), and the time part is reused within a millisecond.
 *
 * @example newId('tr') // "tr_mfa0x1k2p3f9c2a81d04be7731"
 */
export function newId(prefix: string, now: number = Date.now()): string {
  if (now !== stampMs) {
    stampMs = now;
    stamp = now.toString(36).padStart(9, '0');
  }
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.toString('hex', used, used + 8);
  used += 8;
  return `${prefix}_${stamp}${random}`;
}

/**
 * A chat completion id in OpenAI's form, `chatcmpl-` then a {@link newId}'s time and random
 * parts: for an answer the gateway translates (Gemini's, or an envelope that came without one),
 * so a chat client sees the one kind of id whoever answered (Claude's are made from its own id).
 *
 * @example newChatCompletionId() // "chatcmpl-mfa0x1k2p3f9c2a81d04be7731"
 */
export function newChatCompletionId(now: number = Date.now()): string {
  return `chatcmpl-${newId('', now).slice(1)}`;
}

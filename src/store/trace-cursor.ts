import type { TraceSummary } from '../core/trace.js';

/**
 * A page cursor = the last row's (ts, id), so pages stay stable while new traces arrive. Every
 * adapter uses the same format, so a cursor works on whichever replica serves the next page.
 *
 * @example encodeCursor({ ts: 1767225600000, id: 'tr_1' }) // 'MTc2NzIyNTYwMDAwMDp0cl8x'
 */
export function encodeCursor(trace: Pick<TraceSummary, 'ts' | 'id'>): string {
  return Buffer.from(`${trace.ts}:${trace.id}`).toString('base64url');
}

/**
 * The (ts, id) of a cursor, or undefined for one that is not (a cursor is client input).
 *
 * @example decodeCursor(encodeCursor({ ts: 5, id: 'tr_1' })) // [5, 'tr_1']
 */
export function decodeCursor(cursor: string): [number, string] | undefined {
  const text = Buffer.from(cursor.slice(0, 1_000), 'base64url').toString();
  const at = text.indexOf(':');
  const ts = text.slice(0, at);
  const id = text.slice(at + 1);
  return at > 0 && id && /^\d{1,16}$/.test(ts) ? [Number(ts), id] : undefined;
}

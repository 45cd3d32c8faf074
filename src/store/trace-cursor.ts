import type { TraceSummary } from '../core/trace.js';
import type { TraceSort } from '../core/trace-sort.js';

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

/** Where a page of a list sorted by latency, cost or tokens ended, and the window it sorts. */
export interface SortCursor {
  /** The last row's sort value and id. */
  value: number;
  id: string;
  /** The newest trace of the window the first page sorted: later pages sort the same traces while new ones arrive. */
  top: [number, string];
}

/**
 * A sorted list's page cursor: its sort, the last row and the window, so it reads only on the
 * list it came from.
 *
 * @example encodeSortCursor({ key: 'cost', dir: 'desc' }, { value: 0.5, id: 'tr_1', top: [9, 'tr_9'] })
 */
export function encodeSortCursor(sort: TraceSort, cursor: SortCursor): string {
  return Buffer.from(JSON.stringify([sort.key, sort.dir, cursor.value, cursor.id, ...cursor.top])).toString('base64url');
}

/**
 * A sorted list's cursor, or undefined for one that is not, or that another sort made.
 *
 * @example decodeSortCursor(encodeSortCursor(sort, c), sort) // c
 */
export function decodeSortCursor(cursor: string, sort: TraceSort): SortCursor | undefined {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor.slice(0, 2_000), 'base64url').toString());
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 6) return undefined;
  const [key, dir, value, id, ts, topId] = parts as unknown[];
  const ok = key === sort.key && dir === sort.dir && typeof value === 'number' && Number.isFinite(value) && typeof id === 'string' && Number.isSafeInteger(ts) && typeof topId === 'string';
  return ok ? { value: value as number, id: id as string, top: [ts as number, topId as string] } : undefined;
}

import { type ErasureMatch, searchFragment } from '../core/erasure-match.js';

/** How one store's SQL says "this column's text holds this text" and "the session is this", adding the parameters it needs. */
export interface PrefilterDialect {
  holds(column: 'request' | 'metadata', text: string): string;
  sessionIs(session: string): string;
}

/**
 * The SQL condition that narrows the traces an erasure may match to the rows worth parsing: each
 * value's {@link searchFragment} in the request (or the metadata) text. Never misses a row the shared rule (erasureMatches) would take; the rule
 * then decides on each row it lets through.
 *
 * @example erasurePrefilter({ users: ['alice'] }, dialect) // "(instr(request, ?) > 0)"
 */
export function erasurePrefilter(match: ErasureMatch, dialect: PrefilterDialect): string {
  const parts: string[] = [];
  // A value without a fragment ('' ) is held by any text: every row with that column is parsed.
  const fragmentOr = (value: string, columns: readonly ('request' | 'metadata')[]) => columns.map((column) => dialect.holds(column, searchFragment(value))).join(' OR ');
  if (match.users) parts.push(`(${match.users.map((u) => fragmentOr(u, ['request'])).join(' OR ')})`);
  for (const values of Object.values(match.metadata ?? {})) parts.push(`(${values.map((v) => fragmentOr(v, ['metadata', 'request'])).join(' OR ')})`);
  if (match.session !== undefined) parts.push(dialect.sessionIs(match.session));
  return parts.join(' AND ');
}

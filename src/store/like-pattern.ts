/**
 * `%term%` for SQL's LIKE (SQLite) or ILIKE (PostgreSQL) with `ESCAPE '\'`, so `%`, `_` and `\`
 * in a search match themselves.
 *
 * @example likePattern('50%_off') // '%50\\%\\_off%'
 */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

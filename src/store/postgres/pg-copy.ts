import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgPool } from './connect.js';
import { jsonb, pgText } from './pg-values.js';

// Fields of PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash escapes).
// Each value goes through the same sanitising as a query parameter (pg-values.ts), so COPY
// accepts whatever a parameterised INSERT accepts.

/** Characters COPY's text format reads as syntax inside a field. */
const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A text field: `\N` for null, NUL replaced (see pgText), backslash, newline, CR and tab escaped.
 *
 * @example copyText('a\tb') // 'a\\tb'
 */
export function copyText(value: string | null | undefined): string {
  const text = pgText(value);
  if (text === null) return '\\N';
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c] as string) : text;
}

/**
 * A JSON/JSONB field. JSON.stringify escapes every control character, so only its backslashes
 * need doubling.
 *
 * @example copyJson({ a: 'x"y' }) // '{"a":"x\\\\"y"}'
 */
export function copyJson(value: unknown): string {
  const text = jsonb(value);
  if (text === null) return '\\N';
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
}

/**
 * A number, boolean or null field (numbers as JavaScript prints them, which PostgreSQL reads).
 *
 * @example copyScalar(true) // 't'
 */
export function copyScalar(value: number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/**
 * Streams rows (lines of tab-separated fields, each ending in a newline) into a table with one
 * `COPY … FROM STDIN` on one pooled connection: a single statement, so all rows or none.
 *
 * @example await copyIn(pool, 'COPY t (a, b) FROM STDIN', 'x\t1\n');
 */
export async function copyIn(pool: PgPool, sql: string, rows: string): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // The rows go in one write: fewer turns of the event loop than a piped stream, which a busy
    // gateway pays for in latency.
    const copy = client.query(copyFrom(sql));
    copy.end(rows);
    await finished(copy);
  } catch (error) {
    // The server answers a failed COPY and the connection stays usable; a connection error does not.
    if (!(error instanceof Error && 'code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code))) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Client-supplied text named in a message, a reason or a table cell, cut short: messages name
 * values, they do not carry them, so a hostile 100,000-character id cannot bloat a log line, a
 * response or a page. `max` counts the characters kept; the ellipsis marks the cut.
 *
 * @example clip('a'.repeat(500), 80) // 'aaa…a…' (80 a's, then '…')
 */
export function clip(text: string, max: number, ellipsis = '…'): string {
  return text.length > max ? `${text.slice(0, max)}${ellipsis}` : text;
}

/**
 * The same, quoted as a JSON string (escapes included), for messages such as `model "x" is not
 * configured`.
 *
 * @example quoteClipped('gpt-4o') // '"gpt-4o"'
 */
export function quoteClipped(value: unknown, max = 100, ellipsis = '…'): string {
  return JSON.stringify(clip(typeof value === 'string' ? value : String(value), max, ellipsis));
}

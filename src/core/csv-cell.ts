/**
 * One CSV cell for a file a spreadsheet opens: text a spreadsheet would run as a formula gets a
 * leading apostrophe ({@link spreadsheetSafe}), then a cell holding a comma, a quote or a line
 * break is quoted with its quotes doubled (RFC 4180). Other values are written as their JSON;
 * null and undefined as an empty cell. `datasets export --format csv` and `switchyard spend
 * --csv` (with `GET /api/spend?format=csv`) write their cells with it.
 *
 * @example csvCell('=HYPERLINK("x")') // `"'=HYPERLINK(""x"")"`
 * @example csvCell(0.25) // '0.25'
 */
export function csvCell(x: unknown): string {
  const s = x === undefined || x === null ? '' : typeof x === 'string' ? spreadsheetSafe(x) : JSON.stringify(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`: any caller's
 * prompt or model name can be one) gets a leading apostrophe, as OWASP advises for CSV exports;
 * Excel and LibreOffice show the text without it, and `datasets import` drops it again
 * ({@link FORMULA_ESCAPE}). A number ("-3", "+1.5e3") is left as it is: it is no formula, and
 * GSM8K's answers stay numbers.
 *
 * @example spreadsheetSafe('@SUM(A1)') // "'@SUM(A1)"
 */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) && !Number.isFinite(Number(text)) ? `'${text}` : text;
}
const FORMULA_START = /^[=+\-@\t\r]/;

/** The apostrophe {@link spreadsheetSafe} puts before a text a spreadsheet would run as a formula ('=1+1), for a reader to drop. */
export const FORMULA_ESCAPE = /^'(?=[=+\-@\t\r])/;

import { delimiterOf } from './data-file-format.js';
import { oversizedRecord } from './data-text.js';
import { type CsvRecord, parseCsvRecords } from './parse-csv.js';
import { countOf } from './plural.js';

/**
 * The file shapes people bring, read one way by every data-file reader (training examples and
 * evaluation datasets): a semicolon CSV, headers differing in case, a spreadsheet's empty rows,
 * a quote used as a plain character (one JSON array instead of JSONL: `json-array-items.ts`).
 */

export interface ShapeProblem {
  line: number;
  message: string;
}

export interface CsvTable {
  /** The header's line and its column names, trimmed. */
  header: { line: number; columns: string[] };
  /** The records after the header, as parsed (see {@link csvDataRows}). */
  records: CsvRecord[];
}

/**
 * A CSV or TSV file as a header and its records, with the delimiter from {@link headerDelimiter};
 * `undefined` for an empty file.
 *
 * @example csvTable('text;label\nhi;greet\n', 'csv')?.header.columns // ['text', 'label']
 */
export function csvTable(content: string, format: 'csv' | 'tsv'): CsvTable | undefined {
  const records = parseCsvRecords(content, headerDelimiter(content, format));
  const header = records.shift();
  return header ? { header: { line: header.line, columns: header.fields.map((c) => c.trim()) }, records } : undefined;
}

/**
 * The records of a table that are rows of `width` fields, in order. A blank line or a
 * spreadsheet's empty row (`,,`) is skipped; a record whose quoting swallowed other lines, that
 * is too big, or whose field count differs from the header's goes to `problems` instead.
 *
 * @example [...csvDataRows(csvTable('a,b\n1,2\n,\n', 'csv')!.records, 2, [])] // [{ line: 2, fields: ['1', '2'] }]
 */
export function* csvDataRows(records: readonly CsvRecord[], width: number, problems: ShapeProblem[]): Generator<CsvRecord> {
  for (const record of records) {
    if (record.fields.every((field) => field.trim() === '')) continue;
    const problem = recordProblem(record, width);
    if (problem === undefined) yield record;
    else problems.push({ line: record.line, message: problem });
  }
}

function recordProblem(record: CsvRecord, width: number): string | undefined {
  // Otherwise reported as a field count: the real fault is one stray quote swallowing the rest.
  if (record.unclosedQuote) return `a quoted field opens here and is never closed, so the rest of the file (to line ${record.line + lineBreaks(record.fields)}) is read as one field; close the quote or double a quote inside a field ("")`;
  const after = record.textAfterQuote;
  // Otherwise the lines between read silently as one field.
  if (after !== undefined && after.line > record.line) return `a field starts with a quote here that closes on line ${after.line} with more text after it (at column ${after.column}), so lines ${record.line}–${after.line} read as one field; a quote that is part of the text must be doubled ("") inside a quoted field`;
  // `"a"x` read as `ax` dropped the quotes without a word: RFC 4180 has no text there.
  if (after !== undefined) return `column ${after.column}: ${JSON.stringify(after.found)} follows a quoted field's closing quote, where ${after.delimiter === '\t' ? 'a tab' : `"${after.delimiter}"`} or the end of the line was expected; a quote that is part of the text must be doubled ("") inside a quoted field`;
  const tooBig = oversizedRecord(record.fields);
  if (tooBig !== undefined) return tooBig;
  if (record.fields.length !== width) return `has ${countOf(record.fields.length, 'field')}, the header has ${width}`;
  return undefined;
}

/**
 * The delimiter a CSV or TSV file uses: a comma (a tab for TSV), or a semicolon when the header
 * has semicolons and none of those, as spreadsheets write CSV in locales with a decimal comma.
 *
 * @example headerDelimiter('input;expected\n…', 'csv') // ';'
 */
export function headerDelimiter(content: string, format: 'csv' | 'tsv'): string {
  const delimiter = delimiterOf(format);
  const header = /^\uFEFF?([^\r\n]*)/.exec(content)?.[1] ?? '';
  return !header.includes(delimiter) && header.includes(';') ? ';' : delimiter;
}

/**
 * For a header of one column, why it may be one: how the file's delimiter was chosen.
 *
 * @example delimiterHint('csv', ['input|expected']) // ' (a CSV file is read as comma-separated, …)'
 */
export function delimiterHint(format: 'csv' | 'tsv', columns: readonly string[]): string {
  if (columns.length !== 1) return '';
  const kind = format === 'tsv' ? 'tab' : 'comma';
  return ` (a ${format.toUpperCase()} file is read as ${kind}-separated, or semicolon-separated when its header has semicolons and no ${kind})`;
}

/**
 * The column named `wanted`, else the one column that matches it ignoring case (`Text`, `LABEL`);
 * -1 when there is none or more than one.
 *
 * @example columnIndex(['Input', 'Expected'], 'input') // 0
 */
export function columnIndex(columns: readonly string[], wanted: string): number {
  const exact = columns.indexOf(wanted);
  if (exact !== -1) return exact;
  const folded = columns.flatMap((column, at) => (column.toLowerCase() === wanted.toLowerCase() ? [at] : []));
  return folded.length === 1 ? (folded[0] as number) : -1;
}

function lineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  return count;
}

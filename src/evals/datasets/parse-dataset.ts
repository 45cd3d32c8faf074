import { SwitchyardError } from '../../core/errors.js';
import type { DatasetItem } from '../types.js';
import { type DataFileFormat, dataFileFormat } from '../../core/data-file-format.js';
import { arrayItem, columnIndex, csvDataRows, csvTable, delimiterHint, jsonArrayItems } from '../../core/data-file-shape.js';
import { describeIssues, foldFieldCase, itemLineSchema, toDatasetItem } from './item-schema.js';
import { countOf } from '../../core/plural.js';
import { jsonlLines, parseJsonLine } from '../../core/json-line.js';
import { oversizedLine } from '../../core/data-text.js';

export interface BadLine {
  line: number;
  message: string;
  /** Where, for messages: `file.csv:12`, or `file.parquet row 12`. */
  place?: string;
}

export interface ParsedDataset {
  items: DatasetItem[];
  /** Lines that were skipped (only with `skipBadLines`). */
  skipped: BadLine[];
}

export interface ParseOptions {
  /** Where the text came from, for messages. */
  source: string;
  /** Default: from the extension, else from the first line (see `dataFileFormat`). */
  format?: DataFileFormat;
  /** Keep going past malformed lines and report them instead of failing. */
  skipBadLines?: boolean;
}

export const KNOWN_CSV = ['id', 'input', 'expected', 'output', 'human_score'] as const;

/**
 * Parses a JSONL, CSV or TSV dataset, or a `.json` file holding one array of items. Every malformed
 * line is reported with its 1-based line number (an array's item by its place); without
 * `skipBadLines` the first few are thrown together so a typo is fixed in one go. File shapes are
 * read as `src/core/data-file-shape.ts` reads them for training data too.
 *
 * @example parseDataset('{"input":"hi","expected":"hello"}\n', { source: 'inline.jsonl' }).items.length // 1
 */
export function parseDataset(text: string, options: ParseOptions): ParsedDataset {
  const format = options.format ?? dataFileFormat(options.source, text);
  const { items, bad, accept } = itemCollector();
  const array = format === 'jsonl' ? jsonArrayItems(text) : undefined;
  if (array && 'error' in array) bad.push({ line: 1, message: array.error });
  else if (array) array.items.forEach((item, index) => accept(item, 1, arrayItem(index)));
  else if (format === 'jsonl') {
    jsonlLines(text).forEach((content, index) => {
      if (content.trim() === '') return;
      // Refused before it is parsed: a 60 MB line took 12.8 s and 606 MB to import.
      const tooBig = oversizedLine(content);
      if (tooBig !== undefined) return void bad.push({ line: index + 1, message: tooBig });
      const parsed = parseJsonLine(content);
      if ('error' in parsed) return void bad.push({ line: index + 1, message: parsed.error });
      accept(parsed.value, index + 1);
    });
  } else {
    for (const record of csvRows(text, format, options.source, bad)) accept(record.value, record.line);
  }
  return finishDataset(items, bad, options);
}

/**
 * Validates raw item lines one at a time (`accept`), as every dataset reader does: the item
 * schema, field names in any case, and no id twice. `where` names the line in messages (an
 * array's item or a Parquet row; every item of an array is on line 1 of a one-line file).
 */
export function itemCollector(): { items: DatasetItem[]; bad: BadLine[]; accept: (raw: unknown, line: number, where?: string) => void } {
  const items: DatasetItem[] = [];
  const bad: BadLine[] = [];
  const seen = new Map<string, string>();
  const accept = (raw: unknown, line: number, where = `line ${line}`) => {
    const prefix = where.startsWith('item') ? `${where}: ` : '';
    const folded = foldFieldCase(raw);
    if ('error' in folded) return void bad.push({ line, message: prefix + folded.error });
    const parsed = itemLineSchema.safeParse(folded.value);
    if (!parsed.success) return void bad.push({ line, message: prefix + describeIssues(parsed.error, folded.value) });
    const item = toDatasetItem(parsed.data);
    const first = seen.get(item.id);
    if (first !== undefined) return void bad.push({ line, message: `${prefix}id "${item.id}" repeats ${first}${parsed.data.id === undefined ? ' (same input; give each an "id")' : ''}` });
    seen.set(item.id, where);
    items.push(item);
  };
  return { items, bad, accept };
}

/** The items, once every bad line is known: the bad lines thrown together (each at its `place`), or with `skipBadLines` returned as skipped. */
export function finishDataset(items: DatasetItem[], found: BadLine[], options: Omit<ParseOptions, 'format'>, place?: (line: number) => string): ParsedDataset {
  // A text file's bad lines stay `{ line, message }` (`file:line` is implied); a Parquet row says where it is.
  const bad = place ? found.map((b) => ({ ...b, place: place(b.line) })) : found;
  if (bad.length > 0 && !options.skipBadLines) {
    const shown = bad.slice(0, 5).map((b) => `  ${b.place ?? `${options.source}:${b.line}`}: ${b.message}`);
    const more = bad.length > 5 ? `\n  … and ${bad.length - 5} more` : '';
    throw new SwitchyardError('invalid_request', `${countOf(bad.length, 'malformed line')} in ${options.source}:\n${shown.join('\n')}${more}\n(use --skip-bad-lines to import the rest)`, { detail: found });
  }
  return { items, skipped: bad };
}

/**
 * CSV or TSV rows as item lines: known columns (named in any case; two columns that are one field
 * in two cases are refused) map to fields, `metadata.x` and other columns to metadata.
 */
function* csvRows(text: string, format: 'csv' | 'tsv', source: string, bad: BadLine[]): Generator<{ line: number; value: unknown }> {
  const table = csvTable(text, format);
  if (!table) return;
  const { columns, line } = table.header;
  const known = new Map<number, (typeof KNOWN_CSV)[number]>();
  for (const field of KNOWN_CSV) {
    // As a JSONL line's keys (`foldFieldCase`): one field in two cases is named, not guessed at.
    const named = columns.filter((column) => column.toLowerCase() === field);
    if (named.length > 1) throw new SwitchyardError('invalid_request', `${source}:${line}: the ${format.toUpperCase()} header's columns ${named.map((column) => `"${column}"`).join(' and ')} are one field named in two cases: keep one`);
    const at = columnIndex(columns, field);
    if (at !== -1) known.set(at, field);
  }
  if (![...known.values()].includes('input')) throw new SwitchyardError('invalid_request', `${source}:${line}: the ${format.toUpperCase()} header needs an "input" column (found: ${columns.join(', ')})${delimiterHint(format, columns)}`);
  for (const record of csvDataRows(table.records, columns.length, bad)) {
    const value: Record<string, unknown> = {};
    const metadata: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = record.fields[i] as string;
      if (cell === '') return;
      const field = known.get(i);
      if (field === 'human_score') value.human_score = Number(cell);
      else if (field !== undefined) value[field] = cell;
      else metadata[column.startsWith('metadata.') ? column.slice(9) : column] = cell;
    });
    if (Object.keys(metadata).length > 0) value.metadata = metadata;
    yield { line: record.line, value };
  }
}

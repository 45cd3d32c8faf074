import { SwitchyardError } from '../../core/errors.js';
import type { DatasetItem } from '../types.js';
import { type DataFileFormat, dataFileFormat } from '../../core/data-file-format.js';
import { csvDataRows, csvTable, delimiterHint } from '../../core/data-file-shape.js';
import { type ArrayEntry, arrayItem, forEachJsonArrayEntry, startsJsonArray, streamJsonArrayItems } from '../../core/json-array-items.js';
import { metadataKey, putField, readItem, reservedFieldProblem } from './item-schema.js';
import { countOf } from '../../core/plural.js';
import { jsonlLines, type LongLine, parseJsonLine } from '../../core/json-line.js';
import { type BadLine, badLineList, lineTooLong, oversizedLine } from '../../core/data-text.js';
import { columnHint, type DatasetColumns, knownColumns, renameFields } from './dataset-columns.js';
import { FORMULA_ESCAPE } from '../../core/csv-cell.js';

export type { BadLine } from '../../core/data-text.js';

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
  /** The columns (fields) holding the input and the expected answer, when not `input`/`expected`. */
  columns?: DatasetColumns;
}

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
  if (format === 'jsonl' && startsJsonArray(Buffer.from(text.slice(0, 4_096)))) {
    const reader = arrayReader(options);
    forEachJsonArrayEntry(text, reader.take);
    return reader.finish();
  }
  if (format === 'jsonl') return parseJsonlDataset(jsonlLines(text), options);
  // CSV columns are mapped by their header.
  const { items, bad, accept } = itemCollector({});
  for (const record of csvRows(text, format, options, bad)) accept(record.value, record.line);
  return finishDataset(items, bad, options);
}

/**
 * The items of a JSONL file's lines (numbered from 1 in order, blank ones included), a text's
 * ({@link jsonlLines}) or a file's decoded one at a time (`jsonlLinesOfBytes`, which gives a line
 * over the limit by its size).
 *
 * @example parseJsonlDataset(['{"input":"hi"}', ''], { source: 'a.jsonl' }).items.length // 1
 */
export function parseJsonlDataset(lines: Iterable<string | LongLine>, options: Omit<ParseOptions, 'format'>): ParsedDataset {
  // A JSON line's fields are renamed before they are checked.
  const { items, bad, accept } = itemCollector({ renameFields: options.columns ?? {} });
  const take = (content: string, line: number): void => {
    // Refused before it is parsed: a 60 MB line took 12.8 s and 606 MB to import.
    const tooBig = oversizedLine(content);
    if (tooBig !== undefined) return void bad.push({ line, message: tooBig });
    const parsed = parseJsonLine(content);
    if ('error' in parsed) return void bad.push({ line, message: parsed.error });
    accept(parsed.value, line);
  };
  let line = 0;
  for (const content of lines) {
    line++;
    if (typeof content !== 'string') bad.push({ line, message: lineTooLong(content.tooLong) });
    else if (content.trim() !== '') take(content, line);
  }
  return finishDataset(items, bad, options);
}

/**
 * The items of a `.json` file holding one array, read from its chunks as they arrive (see
 * `src/core/json-array-items.ts`: only the item being read is held, each bounded as a JSONL line
 * is). A malformed item is named by its place and first byte (`item 3 of the array (byte 120)`).
 *
 * @example await parseDatasetArray(createReadStream('qa.json'), { source: 'qa.json' })
 */
export async function parseDatasetArray(chunks: AsyncIterable<Uint8Array>, options: Omit<ParseOptions, 'format'> & { onBytes?: (read: number) => void }): Promise<ParsedDataset> {
  const reader = arrayReader(options);
  for await (const item of streamJsonArrayItems(chunks, { onBytes: options.onBytes })) reader.take(item);
  return reader.finish();
}

/** Array items into dataset items, one at a time, as a file stream or a whole text gives them. */
function arrayReader(options: Omit<ParseOptions, 'format'>): { take: (item: ArrayEntry) => void; finish: () => ParsedDataset } {
  const { items, bad, accept } = itemCollector({ renameFields: options.columns ?? {} });
  return {
    take(item) {
      // A bad item's number is its line (`line` orders and counts them); its message says where it is.
      if ('shape' in item) return void bad.push({ line: 0, message: item.shape.error });
      const where = arrayItem(item.index, item.offset);
      if ('error' in item) return void bad.push({ line: item.index + 1, message: `${where}: ${item.error}` });
      accept(item.value, item.index + 1, where);
    },
    finish: () => finishDataset(items, bad, options, () => options.source),
  };
}

/**
 * Validates raw item lines one at a time (`accept`), as every dataset reader and
 * `POST /api/datasets/:name/items` do: each by `readItem` (field names in any case, other fields
 * into metadata, the item schema), and no id twice. `where` names the line in messages (an
 * array's item, an API request's `items[i]` or a Parquet row; every item of an array is on line 1
 * of a one-line file). With `renameFields` (a JSON line) the input and expected fields are first
 * found by the names given there.
 */
export function itemCollector(options: { renameFields?: DatasetColumns } = {}): { items: DatasetItem[]; bad: BadLine[]; accept: (raw: unknown, line: number, where?: string) => void } {
  const items: DatasetItem[] = [];
  const bad: BadLine[] = [];
  const seen = new Map<string, string>();
  const accept = (raw: unknown, line: number, where = `line ${line}`) => {
    const prefix = where.startsWith('item') ? `${where}: ` : '';
    const reserved = reservedFieldProblem(raw);
    if (reserved !== undefined) return void bad.push({ line, message: prefix + reserved });
    const renamed = options.renameFields ? renameFields(raw, options.renameFields) : { value: raw };
    if ('error' in renamed) return void bad.push({ line, message: prefix + renamed.error });
    const read = readItem(renamed.value, options.renameFields && columnHint(options.renameFields));
    if ('error' in read) return void bad.push({ line, message: prefix + read.error });
    const { item } = read;
    const first = seen.get(item.id);
    if (first !== undefined) return void bad.push({ line, message: `${prefix}id "${item.id}" repeats ${first}${read.explicitId ? '' : ' (same input; give each an "id")'}` });
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
    throw new SwitchyardError('invalid_request', `${countOf(bad.length, 'malformed line')} in ${options.source}:\n${badLineList(bad, options.source)}\n(use --skip-bad-lines to import the rest)`, { detail: found });
  }
  return { items, skipped: bad };
}

/**
 * CSV or TSV rows as item lines: known columns (named in any case; two columns that are one field
 * in two cases are refused) map to fields, `metadata.x` and other columns to metadata.
 */
function* csvRows(text: string, format: 'csv' | 'tsv', options: ParseOptions, bad: BadLine[]): Generator<{ line: number; value: unknown }> {
  const table = csvTable(text, format);
  if (!table) return;
  const { columns, line } = table.header;
  const where = `${options.source}:${line}: the ${format.toUpperCase()} header`;
  const { known, twoCases, missing } = knownColumns(columns, options.columns);
  if (twoCases) throw new SwitchyardError('invalid_request', `${where}'s columns ${twoCases.map((column) => `"${column}"`).join(' and ')} are one field named in two cases: keep one`);
  if (missing) throw new SwitchyardError('invalid_request', `${where} ${missing} (found: ${columns.join(', ')}); ${columnHint(options.columns)}${delimiterHint(format, columns)}`);
  for (const record of csvDataRows(table.records, columns.length, bad)) {
    const value: Record<string, unknown> = {};
    const metadata: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = withoutFormulaEscape(record.fields[i] as string);
      if (cell === '') return;
      const field = known.get(i);
      // A cell that is no number ("five") stays text, so the error names it rather than NaN.
      if (field === 'human_score') value.human_score = Number.isFinite(Number(cell)) && cell.trim() !== '' ? Number(cell) : cell;
      else if (field !== undefined) value[field] = cell;
      else putField(metadata, metadataKey(column), cell);
    });
    if (Object.keys(metadata).length > 0) value.metadata = metadata;
    yield { line: record.line, value };
  }
}

const withoutFormulaEscape = (cell: string) => (cell.startsWith("'") ? cell.replace(FORMULA_ESCAPE, '') : cell);

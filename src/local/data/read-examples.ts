import { whyUnreadable } from '../../core/missing-file.js';
import { overLimit } from '../../core/read-at-most.js';
import { openDataFile } from '../../core/data-file-source.js';
import { refuseMislabelledData } from '../../core/file-signature.js';
import { openParquet } from '../../core/parquet-file.js';
import { parquetExamples } from './parquet-examples.js';
import { type ExampleFileOptions, finishExamples, type Problem, toExample } from './example-rows.js';

export type { ExampleFileOptions } from './example-rows.js';
import { SwitchyardError } from '../../core/errors.js';
import { dataFileFormat, hasParquetMagic, isParquetName } from '../../core/data-file-format.js';
import { columnIndex, csvDataRows, csvTable, delimiterHint } from '../../core/data-file-shape.js';
import { meantColumn } from './meant-column.js';
import { shellWord } from '../../core/shell-word.js';
import { type ArrayEntry, arrayItem, forEachJsonArrayEntry, startsJsonArray, streamJsonArrayItems } from '../../core/json-array-items.js';
import type { Example } from '../types.js';
import { jsonlLines, jsonlLinesOfBytes, type LongLine, parseJsonLine } from '../../core/json-line.js';
import { decodeDataFile, lineTooLong, MAX_TEXT_CHARS, oversizedLine, refuseNonUtf8, refuseUtf16 } from '../../core/data-text.js';

/**
 * Labelled examples from CSV or TSV (header row) or JSONL (one object per line). Every malformed line
 * is named with its number and what is wrong; the first five are thrown together. A missing
 * column names the column and lists those found.
 *
 * @example parseExamples('text,label\nhi,greet\n', { source: 'a.csv' }) // [{ text: 'hi', label: 'greet' }]
 */
export function parseExamples(content: string, options: ExampleFileOptions): Example[] {
  const textColumn = options.textColumn ?? 'text';
  const labelColumn = options.labelColumn ?? 'label';
  const format = options.format ?? dataFileFormat(options.source, content);
  if (format === 'jsonl' && startsJsonArray(Buffer.from(content.slice(0, 4_096)))) {
    const reader = arrayExamples(textColumn, labelColumn);
    forEachJsonArrayEntry(content, reader.take);
    return finishExamples(reader.examples, reader.problems, options, () => options.source);
  }
  const problems: Problem[] = [];
  const examples = format === 'jsonl' ? fromJsonl(jsonlLines(content), textColumn, labelColumn, problems) : fromCsv(content, format, options.source, textColumn, labelColumn, problems);
  return finishExamples(examples, problems, options);
}

/**
 * The most a file of examples may hold, as a dataset file may: a pipe, a JSONL file and a CSV are
 * read whole (a regular file over it is refused by its size, unread).
 */
export const MAX_EXAMPLES_FILE_BYTES = 1 << 30;

/** The first bytes that tell a file's format (Parquet's magic, a JSON array's "[", a header line). */

/**
 * Reads and parses a CSV, TSV, JSONL or Parquet file of examples (see `parseExamples` and
 * `parquetExamples`). Parquet is known by its `.parquet` name, else by its `PAR1` magic. A `.json`
 * file of one array is read as it streams in, an item at a time (`onProgress` hears the bytes read
 * of the file's size). A file holds at most `maxBytes` ({@link MAX_EXAMPLES_FILE_BYTES}); JSONL is
 * decoded a line at a time, and a CSV or TSV file, read as one text, holds at most `maxTextChars`
 * bytes ({@link MAX_TEXT_CHARS}, Node's longest string).
 *
 * @example await readExamples('data/banking77/train.csv', { labelColumn: 'category' })
 */
export async function readExamples(path: string, options: Omit<ExampleFileOptions, 'source'> & { onProgress?: (readBytes: number, totalBytes: number) => void; maxBytes?: number; maxTextChars?: number } = {}): Promise<Example[]> {
  const cannotRead = (error: unknown) =>
    new SwitchyardError('not_found', `${path}: cannot read the data file: ${whyUnreadable(path, error)}`);
  const maxBytes = options.maxBytes ?? MAX_EXAMPLES_FILE_BYTES;
  const maxTextChars = options.maxTextChars ?? MAX_TEXT_CHARS;
  const tooBig = (read: { over: number; endless: boolean }) => new SwitchyardError('invalid_request', `${path} is ${overLimit(read, maxBytes, 'a data file')}`);
  // Past 512 MiB a file failed as ERR_STRING_TOO_LONG with a stack, and a pipe was read until memory ran out.
  const file = await openDataFile(path, { maxBytes, cannotRead, tooBig });
  const { head, piped } = file;
  // Before the streamed array reader, which would take UTF-16's "[\0{\0" for an array of bad items (Parquet's magic is never UTF-16).
  refuseUtf16(head, path);
  // A workbook, an archive, or a name its bytes belie (a .parquet that is a sign-in page), as `datasets import` refuses them.
  refuseMislabelledData(head, path, 'use');
  // By name it is never read whole: only the two columns' ranges are.
  if (isParquetName(path)) return parquetExamples(await openParquet(path, piped), { ...options, source: path });
  const format = options.format ?? dataFileFormat(path, head.toString('utf8'));
  if (!hasParquetMagic(head) && format === 'jsonl' && startsJsonArray(head)) {
    const reader = arrayExamples(options.textColumn ?? 'text', options.labelColumn ?? 'label');
    try {
      for await (const item of streamJsonArrayItems(file.stream(), { onBytes: (read) => options.onProgress?.(read, file.size) })) reader.take(item);
    } catch (error) {
      throw error instanceof SwitchyardError ? error : cannotRead(error);
    }
    return finishExamples(reader.examples, reader.problems, { ...options, source: path }, () => path);
  }
  const bytes = await file.whole();
  if (hasParquetMagic(bytes)) return parquetExamples(await openParquet(path, bytes), { ...options, source: path });
  // JSONL is decoded a line at a time; CSV (a quoted field may span lines) as one text, which Node caps.
  if (format === 'jsonl') {
    const problems: Problem[] = [];
    const examples = fromJsonl(jsonlLinesOfBytes(refuseNonUtf8(bytes, path)), options.textColumn ?? 'text', options.labelColumn ?? 'label', problems);
    return finishExamples(examples, problems, { ...options, source: path });
  }
  if (bytes.length > maxTextChars) throw new SwitchyardError('invalid_request', `${path} is ${bytes.length} bytes: a CSV or TSV file is read as one text, and Node holds at most ${maxTextChars} characters in one; save it as JSONL (read a line at a time, up to the ${maxBytes} bytes a data file may hold) or split it`);
  return parseExamples(decodeDataFile(bytes, path), { ...options, source: path, format });
}

function fromJsonl(lines: Iterable<string | LongLine>, textColumn: string, labelColumn: string, problems: Problem[]): Example[] {
  const examples: Example[] = [];
  let number = 0;
  for (const line of lines) {
    number += 1;
    if (typeof line !== 'string') {
      problems.push({ line: number, message: lineTooLong(line.tooLong) });
      continue;
    }
    if (line.trim() === '') continue;
    const tooBig = oversizedLine(line);
    if (tooBig !== undefined) {
      problems.push({ line: number, message: tooBig });
      continue;
    }
    const parsed = parseJsonLine(line);
    if ('error' in parsed) {
      problems.push({ line: number, message: parsed.error });
      continue;
    }
    const example = objectExample(parsed.value, textColumn, labelColumn);
    if (typeof example === 'string') problems.push({ line: number, message: example });
    else examples.push(example);
  }
  return examples;
}

/**
 * The items of a `.json` file holding one array, as examples, one at a time as a stream or a
 * whole text gives them; a malformed one is named by its place and first byte.
 */
function arrayExamples(textColumn: string, labelColumn: string): { examples: Example[]; problems: Problem[]; take: (item: ArrayEntry) => void } {
  const examples: Example[] = [];
  const problems: Problem[] = [];
  const take = (item: ArrayEntry): void => {
    if ('shape' in item) return void problems.push({ line: 0, message: item.shape.error });
    const where = arrayItem(item.index, item.offset);
    const example = 'error' in item ? item.error : objectExample(item.value, textColumn, labelColumn);
    if (typeof example === 'string') problems.push({ line: item.index + 1, message: `${where}: ${example}` });
    else examples.push(example);
  };
  return { examples, problems, take };
}

/** A JSON object (a line, an array's item) as an example, or what is wrong with it. */
function objectExample(value: unknown, textColumn: string, labelColumn: string): Example | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`;
  const record = value as Record<string, unknown>;
  return toExample(fieldAt(record, textColumn), fieldAt(record, labelColumn), textColumn, labelColumn, fieldNames(record));
}

function fromCsv(content: string, format: 'csv' | 'tsv', source: string, textColumn: string, labelColumn: string, problems: Problem[]): Example[] {
  const table = csvTable(content, format);
  if (!table) return [];
  const { header } = table;
  const textAt = columnIndex(header.columns, textColumn);
  const labelAt = columnIndex(header.columns, labelColumn);
  const missing = [textAt === -1 ? textColumn : '', labelAt === -1 ? labelColumn : ''].filter((name) => name !== '').map((name) => `"${name}"`).join(' and no ');
  if (missing !== '') {
    const hint = columnsHint(header.columns, { textColumn, labelColumn, textAt, labelAt });
    throw new SwitchyardError('invalid_request', `${source}:${header.line}: no ${missing} column in the ${format.toUpperCase()} header (columns found: ${header.columns.join(', ')}); ${hint}${delimiterHint(format, header.columns)}`, { param: textAt === -1 ? '--text-column' : '--label-column' });
  }
  const examples: Example[] = [];
  for (const record of csvDataRows(table.records, header.columns.length, problems)) {
    const example = toExample(record.fields[textAt], record.fields[labelAt], textColumn, labelColumn, header.columns);
    if (typeof example === 'string') problems.push({ line: record.line, message: example });
    else examples.push(example);
  }
  return examples;
}

/**
 * What to pass for a header without the columns asked for: the flags with the columns they most
 * likely meant, both at once when both are missing (`--text-column customer_message
 * --label-column intent_label`), else the flags to use.
 *
 * @example columnsHint(['id', 'body', 'category'], { textColumn: 'text', labelColumn: 'label', textAt: -1, labelAt: -1 }) // 'did you mean --text-column body --label-column category?'
 */
function columnsHint(columns: readonly string[], at: { textColumn: string; labelColumn: string; textAt: number; labelAt: number }): string {
  const text = at.textAt === -1 ? meantColumn(at.textColumn, columns, columns[at.labelAt]) : undefined;
  const label = at.labelAt === -1 ? meantColumn(at.labelColumn, columns, text ?? columns[at.textAt]) : undefined;
  const flags = [text === undefined ? '' : `--text-column ${shellWord(text)}`, label === undefined ? '' : `--label-column ${shellWord(label)}`].filter((flag) => flag !== '');
  return flags.length > 0 ? `did you mean ${flags.join(' ')}?` : 'pass --text-column / --label-column';
}

/**
 * A JSONL field: the key itself, else a dotted path into nested objects (`input.text` in
 * `{"input": {"text": …}}`), else the one key that matches it ignoring case.
 */
function fieldAt(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  if (name.includes('.')) {
    let value: unknown = record;
    for (const part of name.split('.')) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  }
  const keys = Object.keys(record).filter((key) => key.toLowerCase() === name.toLowerCase());
  return keys.length === 1 ? record[keys[0] as string] : undefined;
}

/** The fields a record offers, nested ones by their dotted path (`input.text`), for messages. */
function fieldNames(record: Record<string, unknown>, prefix = '', depth = 0): string[] {
  return Object.entries(record).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && depth < 2
      ? fieldNames(value as Record<string, unknown>, `${prefix}${key}.`, depth + 1)
      : [`${prefix}${key}`],
  );
}


import { missingFile } from '../../core/missing-file.js';
import { access, readFile } from 'node:fs/promises';
import { openParquet } from '../../core/parquet-file.js';
import { parquetExamples } from './parquet-examples.js';
import { type ExampleFileOptions, finishExamples, type Problem, toExample } from './example-rows.js';

export type { ExampleFileOptions } from './example-rows.js';
import { SwitchyardError } from '../../core/errors.js';
import { dataFileFormat, hasParquetMagic, isParquetName } from '../../core/data-file-format.js';
import { arrayItem, columnIndex, csvDataRows, csvTable, delimiterHint, jsonArrayItems } from '../../core/data-file-shape.js';
import type { Example } from '../types.js';
import { jsonlLines, parseJsonLine } from '../../core/json-line.js';
import { decodeDataFile, oversizedLine } from '../../core/data-text.js';

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
  const problems: Problem[] = [];
  const examples = format === 'jsonl' ? fromJsonl(content, textColumn, labelColumn, problems) : fromCsv(content, format, options.source, textColumn, labelColumn, problems);
  return finishExamples(examples, problems, options);
}

/**
 * Reads and parses a CSV, TSV, JSONL or Parquet file of examples (see `parseExamples` and
 * `parquetExamples`). Parquet is known by its `.parquet` name, else by its `PAR1` magic.
 *
 * @example await readExamples('data/banking77/train.csv', { labelColumn: 'category' })
 */
export async function readExamples(path: string, options: Omit<ExampleFileOptions, 'source'> = {}): Promise<Example[]> {
  const cannotRead = (error: unknown) =>
    new SwitchyardError('not_found', `${path}: cannot read the data file: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? missingFile(path) : (error as Error).message}`);
  // By name it is never read whole: only the two columns' ranges are.
  if (isParquetName(path)) {
    await access(path).catch((error: unknown) => {
      throw cannotRead(error);
    });
    return parquetExamples(await openParquet(path), { ...options, source: path });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw cannotRead(error);
  }
  if (hasParquetMagic(bytes)) return parquetExamples(await openParquet(path, bytes), { ...options, source: path });
  return parseExamples(decodeDataFile(bytes, path), { ...options, source: path });
}

function fromJsonl(content: string, textColumn: string, labelColumn: string, problems: Problem[]): Example[] {
  const array = jsonArrayItems(content);
  if (array) return fromJsonArray(array, textColumn, labelColumn, problems);
  const examples: Example[] = [];
  jsonlLines(content).forEach((line, index) => {
    if (line.trim() === '') return;
    const number = index + 1;
    const tooBig = oversizedLine(line);
    if (tooBig !== undefined) return void problems.push({ line: number, message: tooBig });
    const parsed = parseJsonLine(line);
    if ('error' in parsed) return void problems.push({ line: number, message: parsed.error });
    const value = parsed.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return void problems.push({ line: number, message: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` });
    const record = value as Record<string, unknown>;
    const example = toExample(fieldAt(record, textColumn), fieldAt(record, labelColumn), textColumn, labelColumn, fieldNames(record));
    if (typeof example === 'string') problems.push({ line: number, message: example });
    else examples.push(example);
  });
  return examples;
}

/** A `.json` file holding one array of objects: each item is an example, a malformed one named by its place. */
function fromJsonArray(array: { items: unknown[] } | { error: string }, textColumn: string, labelColumn: string, problems: Problem[]): Example[] {
  if ('error' in array) return void problems.push({ line: 1, message: array.error }), [];
  const examples: Example[] = [];
  array.items.forEach((item, index) => {
    const where = arrayItem(index);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return void problems.push({ line: 1, message: `${where}: expected a JSON object, got ${Array.isArray(item) ? 'an array' : item === null ? 'null' : typeof item}` });
    const record = item as Record<string, unknown>;
    const example = toExample(fieldAt(record, textColumn), fieldAt(record, labelColumn), textColumn, labelColumn, fieldNames(record));
    if (typeof example === 'string') problems.push({ line: 1, message: `${where}: ${example}` });
    else examples.push(example);
  });
  return examples;
}

function fromCsv(content: string, format: 'csv' | 'tsv', source: string, textColumn: string, labelColumn: string, problems: Problem[]): Example[] {
  const table = csvTable(content, format);
  if (!table) return [];
  const { header } = table;
  const [textAt, labelAt] = [textColumn, labelColumn].map((wanted) => {
    const at = columnIndex(header.columns, wanted);
    if (at === -1) throw new SwitchyardError('invalid_request', `${source}:${header.line}: no "${wanted}" column in the ${format.toUpperCase()} header (columns found: ${header.columns.join(', ')}); pass --text-column / --label-column${delimiterHint(format, header.columns)}`);
    return at;
  }) as [number, number];
  const examples: Example[] = [];
  for (const record of csvDataRows(table.records, header.columns.length, problems)) {
    const example = toExample(record.fields[textAt], record.fields[labelAt], textColumn, labelColumn, header.columns);
    if (typeof example === 'string') problems.push({ line: record.line, message: example });
    else examples.push(example);
  }
  return examples;
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


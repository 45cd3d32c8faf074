import { readFile } from 'node:fs/promises';
import { SwitchyardError } from '../../core/errors.js';
import { type DataFileFormat, dataFileFormat } from '../../core/data-file-format.js';
import { arrayItem, columnIndex, csvDataRows, csvTable, delimiterHint, jsonArrayItems } from '../../core/data-file-shape.js';
import type { Example } from '../types.js';
import { countOf } from '../../core/plural.js';
import { jsonlLines, parseJsonLine } from '../../core/json-line.js';
import { decodeDataFile, oversizedLine } from '../../core/data-text.js';

export interface ExampleFileOptions {
  /** Name for messages (a path). */
  source: string;
  /** Default: from the extension (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`/`.json`), else from the first line. */
  format?: DataFileFormat;
  textColumn?: string;
  labelColumn?: string;
  /**
   * Leave malformed lines out (each is passed to `onSkipped`) instead of refusing the file: one
   * empty text in a public data set of thousands should not stop training on the rest.
   */
  skipBadLines?: boolean;
  onSkipped?: (problems: readonly { line: number; message: string }[]) => void;
}

interface Problem {
  line: number;
  message: string;
}

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
  if (problems.length > 0 && options.skipBadLines === true) options.onSkipped?.(problems);
  else if (problems.length > 0) {
    const shown = problems.slice(0, 5).map((p) => `  ${options.source}:${p.line}: ${p.message}`);
    const more = problems.length > 5 ? `\n  … and ${problems.length - 5} more` : '';
    const hint = examples.length > 0 ? `\n  (--skip-bad-lines trains on the other ${examples.length} examples)` : '';
    throw new SwitchyardError('invalid_request', `${countOf(problems.length, 'malformed line')} in ${options.source}:\n${shown.join('\n')}${more}${hint}`, { detail: problems });
  }
  if (examples.length === 0) throw new SwitchyardError('invalid_request', `${options.source}: no examples found`);
  return examples;
}

/**
 * Reads and parses a CSV or JSONL file of examples (see `parseExamples`).
 *
 * @example await readExamples('data/banking77/train.csv', { labelColumn: 'category' })
 */
export async function readExamples(path: string, options: Omit<ExampleFileOptions, 'source'> = {}): Promise<Example[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new SwitchyardError('not_found', `${path}: cannot read the data file (${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
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

/**
 * An example, or what is wrong with it. A label may be a JSON number or boolean (data sets from
 * hubs number their classes: `"label": 3`); it becomes its text, so `3` and `"3"` are one label.
 */
function toExample(text: unknown, rawLabel: unknown, textColumn: string, labelColumn: string, found: string[]): Example | string {
  const label = (typeof rawLabel === 'number' && Number.isFinite(rawLabel)) || typeof rawLabel === 'boolean' ? String(rawLabel) : rawLabel;
  for (const [name, value] of [[textColumn, text], [labelColumn, label]] as const) {
    if (value === undefined) return `no "${name}" field (fields found: ${found.join(', ') || 'none'})${found.some((f) => f.includes('.')) ? '; name a nested field by its path, e.g. --text-column ' + (found.find((f) => f.includes('.')) as string) : ''}`;
    if (typeof value !== 'string') return `"${name}" must be a string, got ${value === null ? 'null' : typeof value}`;
    if (value.trim() === '') return `"${name}" is empty`;
  }
  return { text: text as string, label: (label as string).trim() };
}

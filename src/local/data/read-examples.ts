import { readFile } from 'node:fs/promises';
import { SwitchyardError } from '../../core/errors.js';
import { type DataFileFormat, dataFileFormat, delimiterOf } from '../../core/data-file-format.js';
import { parseCsvRecords } from '../../core/parse-csv.js';
import type { Example } from '../types.js';
import { countOf } from '../../core/plural.js';
import { jsonlLines, parseJsonLine } from '../../core/json-line.js';
import { decodeDataFile, oversizedLine, oversizedRecord } from '../../core/data-text.js';

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
  if (/^\uFEFF?\s*\[/.test(content)) return fromJsonArray(content, textColumn, labelColumn, problems);
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

/**
 * A `.json` file holding one array of objects (`[{"text": …, "label": …}, …]`, as notebooks and
 * many repositories save data sets) instead of one object per line: each item is an example, and
 * a malformed one is named by its place in the array. Read line by line it was a "malformed line"
 * for every line of a pretty-printed file, and a one-line file was "expected a JSON object".
 */
function fromJsonArray(content: string, textColumn: string, labelColumn: string, problems: Problem[]): Example[] {
  const parsed = parseJsonLine(content.trim());
  if ('error' in parsed) return void problems.push({ line: 1, message: `the file starts with "[" but is not one JSON array: ${parsed.error}; write one array of objects, or one object per line (JSONL)` }), [];
  const items = parsed.value as unknown[];
  const examples: Example[] = [];
  items.forEach((item, index) => {
    const where = `item ${index + 1} of the array`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return void problems.push({ line: 1, message: `${where}: expected a JSON object, got ${Array.isArray(item) ? 'an array' : item === null ? 'null' : typeof item}` });
    const record = item as Record<string, unknown>;
    const example = toExample(fieldAt(record, textColumn), fieldAt(record, labelColumn), textColumn, labelColumn, fieldNames(record));
    if (typeof example === 'string') problems.push({ line: 1, message: `${where}: ${example}` });
    else examples.push(example);
  });
  return examples;
}

function fromCsv(content: string, format: 'csv' | 'tsv', source: string, textColumn: string, labelColumn: string, problems: Problem[]): Example[] {
  const records = parseCsvRecords(content, headerDelimiter(content, format));
  const header = records.shift();
  if (!header) return [];
  const columns = header.fields.map((c) => c.trim());
  const [textAt, labelAt] = [textColumn, labelColumn].map((wanted) => {
    const at = columnIndex(columns, wanted);
    if (at === -1) throw new SwitchyardError('invalid_request', `${source}:${header.line}: no "${wanted}" column in the ${format.toUpperCase()} header (columns found: ${columns.join(', ')}); pass --text-column / --label-column${columns.length === 1 ? ` (a ${format.toUpperCase()} file is read as ${format === 'tsv' ? 'tab' : 'comma'}-separated, or semicolon-separated when its header has semicolons and no ${format === 'tsv' ? 'tab' : 'comma'})` : ''}`);
    return at;
  }) as [number, number];
  const examples: Example[] = [];
  for (const record of records) {
    // A blank line, or a spreadsheet's empty row (`,,`): no example, not a malformed one.
    if (record.fields.every((field) => field.trim() === '')) continue;
    if (record.unclosedQuote) {
      // Otherwise reported as a field count: the real fault is one stray quote swallowing the rest.
      problems.push({ line: record.line, message: `a quoted field opens here and is never closed, so the rest of the file (to line ${record.line + lineBreaks(record.fields)}) is read as one field; close the quote or double a quote inside a field ("")` });
      continue;
    }
    if (record.quoteClosedMidField !== undefined) {
      // Otherwise the lines between read silently as one example's text.
      problems.push({ line: record.line, message: `a field starts with a quote here that closes on line ${record.quoteClosedMidField} with more text after it, so lines ${record.line}–${record.quoteClosedMidField} read as one field; a quote that is part of the text must be doubled ("") inside a quoted field` });
      continue;
    }
    const tooBig = oversizedRecord(record.fields);
    if (tooBig !== undefined) {
      problems.push({ line: record.line, message: tooBig });
      continue;
    }
    if (record.fields.length !== columns.length) {
      problems.push({ line: record.line, message: `has ${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const example = toExample(record.fields[textAt], record.fields[labelAt], textColumn, labelColumn, columns);
    if (typeof example === 'string') problems.push({ line: record.line, message: example });
    else examples.push(example);
  }
  return examples;
}

/**
 * The delimiter a CSV or TSV file uses: a comma (a tab for TSV), or a semicolon when the header
 * has semicolons and none of those, as spreadsheets write CSV in locales with a decimal comma.
 */
function headerDelimiter(content: string, format: 'csv' | 'tsv'): string {
  const delimiter = delimiterOf(format);
  const header = /^\uFEFF?([^\r\n]*)/.exec(content)?.[1] ?? '';
  return !header.includes(delimiter) && header.includes(';') ? ';' : delimiter;
}

/** The column named `wanted`, else the one column that matches it ignoring case (`Text`, `LABEL`). */
function columnIndex(columns: readonly string[], wanted: string): number {
  const exact = columns.indexOf(wanted);
  if (exact !== -1) return exact;
  const folded = columns.flatMap((column, at) => (column.toLowerCase() === wanted.toLowerCase() ? [at] : []));
  return folded.length === 1 ? (folded[0] as number) : -1;
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

function lineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  return count;
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

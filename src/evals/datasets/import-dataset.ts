import { basename, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { SwitchyardError } from '../../core/errors.js';
import { overLimit } from '../../core/read-at-most.js';
import { openDataFile } from '../../core/data-file-source.js';
import { whyUnreadable } from '../../core/missing-file.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { DatasetVersion } from '../types.js';
import { type BadLine, type ParsedDataset, parseDataset, parseDatasetArray, parseJsonlDataset } from './parse-dataset.js';
import { type DroppedColumn, parquetDataset } from './parquet-dataset.js';
import type { DatasetColumns } from './dataset-columns.js';
import { expectedColumnHint } from './expected-hint.js';
import { dataFileFormat, hasParquetMagic, isParquetName } from '../../core/data-file-format.js';
import { startsJsonArray } from '../../core/json-array-items.js';
import { refuseMislabelledData } from '../../core/file-signature.js';
import { openParquet } from '../../core/parquet-file.js';
import { decodeDataFile, MAX_LINE_BYTES, MAX_TEXT_CHARS, refuseNonUtf8, refuseUtf16, skippedLines } from '../../core/data-text.js';
import { jsonlLinesOfBytes } from '../../core/json-line.js';
import { countOf } from '../../core/plural.js';
import { terminalText } from '../../core/terminal-text.js';

export interface ImportResult {
  version: DatasetVersion;
  /** False when the file's content equals an existing version (nothing new was written). */
  created: boolean;
  skipped: BadLine[];
  /** A Parquet file's columns whose integers were read as their Hugging Face ClassLabel names. */
  classLabels: string[];
  /** A Parquet file's metadata columns left out of the rows they made too large (an image's bytes, say). */
  dropped: DroppedColumn[];
  /** Said when no item has an expected answer and a field named like one went to metadata ({@link expectedColumnHint}). */
  expectedHint?: string;
}

/**
 * What an import read differently from the file or left out, one note each, the same for every
 * command that reads a dataset file (`datasets import`, an eval suite's `dataset:`, `--dataset
 * FILE` on `ladder`, `judge calibrate`, `guard scan`, `loadtest`): an expected answer that went to
 * metadata under another name, labels from ClassLabel names,
 * a Parquet metadata column left out of the rows it made too large, the lines `--skip-bad-lines`
 * skipped.
 *
 * @example importNotes(result, 'hub.parquet') // ['hub.parquet: left out metadata column "image" from 2 rows: …']
 */
export function importNotes(result: Pick<ImportResult, 'classLabels' | 'dropped' | 'skipped' | 'expectedHint'>, file: string): string[] {
  const notes: string[] = result.expectedHint === undefined ? [] : [result.expectedHint];
  if (result.classLabels.length > 0) notes.push(`${file}: labels from the file's ClassLabel names (${result.classLabels.map((c) => `column "${c}"`).join(', ')})`);
  for (const d of result.dropped) notes.push(`${file}: left out metadata column "${d.column}" from ${countOf(d.rows, 'row')}: it made the row more than ${MAX_LINE_BYTES} bytes (largest value ${d.largestBytes} bytes)`);
  if (result.skipped.length > 0) notes.push(skippedLines(result.skipped, file));
  return notes;
}

/** Where notes go unless a command says: stderr, escaped for a terminal (they quote the file). */
const noteOnStderr = (note: string): void => void process.stderr.write(`${terminalText(note)}\n`);

/**
 * The dataset name a file gets when none is given: its name without extension; a split's file
 * (`test.jsonl`, `train.csv`, a hub shard `train-00000-of-00001.parquet`) is named with its
 * folder (`gsm8k-test`), the nearest one that is not itself generic (`data/`), since every
 * published set has a `test` file and two of them made one dataset's versions 1 and 2.
 *
 * @example datasetNameForFile('data/routellm/gsm8k/test.jsonl') // 'gsm8k-test'
 * @example datasetNameForFile('examples/support-5.jsonl') // 'support-5'
 */
export function datasetNameForFile(path: string): string {
  const name = basename(path, extname(path));
  const split = SPLIT_FILE.exec(name)?.[1];
  const folder = split === undefined ? undefined : resolve(path).split(sep).slice(0, -1).reverse().find((part) => part !== '' && !GENERIC_FOLDERS.has(part.toLowerCase()));
  return (folder === undefined ? name : `${folder}-${split}`).replace(/[^A-Za-z0-9._-]/g, '-');
}

/** A split's file name, as published sets name them; a hub shard's suffix (`-00000-of-00001`) is no part of the name. */
const SPLIT_FILE = /^(train|test|validation|valid|dev|eval|data|dataset)(?:-\d{5}-of-\d{5})?$/i;
/** Folders that name no set: a hub repository's `data/`, a config's `default/`, a split folder. */
const GENERIC_FOLDERS = new Set(['data', 'default', 'datasets', 'dataset', 'train', 'test', 'validation', 'splits', 'tmp']);

/**
 * The most a dataset file read whole (JSONL, CSV, Parquet) may hold: generous for a real file,
 * and where a device or a pipe (`/dev/zero`), which has no size to refuse by, stops being read.
 */
export const MAX_DATASET_FILE_BYTES = 1 << 30;

/**
 * Imports a JSONL, CSV, TSV or Parquet file, or a `.json` file of one array (read as it streams
 * in), as a new version of a dataset (named after the file unless `name` is given). An unchanged file maps to its existing version. `columns` names the input and
 * expected columns of a file published with others (`text`, `label`). Its {@link importNotes} go to
 * `note` (default: stderr), so no command that imports a file can leave them unsaid. A file read
 * whole holds at most `maxBytes` ({@link MAX_DATASET_FILE_BYTES}); a CSV or TSV file, read as one text, at
 * most `maxTextChars` bytes ({@link MAX_TEXT_CHARS}, Node's longest string).
 *
 * @example await importDatasetFile(store, 'examples/support-5.jsonl') // { version: { dataset: 'support-5', version: 1 }, created: true }
 */
export async function importDatasetFile(store: DatasetStore, path: string, options: { name?: string; skipBadLines?: boolean; columns?: DatasetColumns; note?: (line: string) => void; maxBytes?: number; maxTextChars?: number } = {}): Promise<ImportResult> {
  const cannotRead = (error: unknown): SwitchyardError => {
    // "ENOENT: no such file or directory, open …" named no way on: the near-typo or the folder's files do.
    return new SwitchyardError('not_found', `cannot read dataset file ${path}: ${whyUnreadable(path, error)}`);
  };
  const maxBytes = options.maxBytes ?? MAX_DATASET_FILE_BYTES;
  const maxTextChars = options.maxTextChars ?? MAX_TEXT_CHARS;
  const tooBig = (read: { over: number; endless: boolean }): SwitchyardError => new SwitchyardError('invalid_request', `dataset file ${path} is ${overLimit(read, maxBytes, 'a dataset file')}: name a JSONL, CSV, JSON or Parquet file`);
  const file = await openDataFile(path, { maxBytes, cannotRead, tooBig });
  const { head } = file;
  // Before the streamed array reader, which would take UTF-16's "[\0{\0" for an array of bad items (Parquet's magic is never UTF-16).
  refuseUtf16(head, path);
  refuseMislabelledData(head, path, 'import');
  const parseOptions = { source: path, skipBadLines: options.skipBadLines, columns: options.columns };
  let parsed: ParsedDataset;
  let classLabels: string[] = [];
  let dropped: DroppedColumn[] = [];
  if (isParquetName(path) || hasParquetMagic(head)) {
    const table = await openParquet(path, await file.whole());
    classLabels = [...table.classLabels.keys()].filter((column) => table.columns.some((c) => c.name === column));
    const rows = await parquetDataset(table, parseOptions);
    ({ dropped } = rows);
    parsed = rows;
  } else if (dataFileFormat(path, head.toString('utf8')) === 'jsonl' && startsJsonArray(head)) {
    // One array is read as it streams in, an item at a time: never the whole text and its parse at once.
    parsed = await parseDatasetArray(file.stream(), parseOptions).catch((error: unknown) => {
      throw error instanceof SwitchyardError ? error : cannotRead(error);
    });
  } else {
    const bytes = await file.whole();
    // JSONL is decoded a line at a time; CSV (a quoted field may span lines) as one text, which Node caps.
    if (dataFileFormat(path, head.toString('utf8')) === 'jsonl') parsed = parseJsonlDataset(jsonlLinesOfBytes(refuseNonUtf8(bytes, path)), parseOptions);
    else if (bytes.length > maxTextChars) throw new SwitchyardError('invalid_request', `dataset file ${path} is ${bytes.length} bytes: a CSV or TSV file is read as one text, and Node holds at most ${maxTextChars} characters in one; save it as JSONL (read a line at a time, up to the ${maxBytes} bytes a dataset file may hold) or split it`);
    else parsed = parseDataset(decodeDataFile(bytes, path), parseOptions);
  }
  if (parsed.items.length === 0) throw new SwitchyardError('invalid_request', `${path} has no items${parsed.skipped.length ? ` (${parsed.skipped.length} bad lines skipped)` : ''}`);
  const name = options.name ?? datasetNameForFile(path);
  const before = await store.latest(name);
  // The same file is named the same way whether a suite (absolute path) or the CLI (as typed) imports it.
  const fromCwd = relative(process.cwd(), resolve(path));
  const shown = fromCwd === '' || fromCwd.startsWith('..') || isAbsolute(fromCwd) ? resolve(path) : fromCwd;
  const version = await store.commit(name, parsed.items, `import ${shown}`);
  const created = !before || before.version < version.version;
  const expectedHint = expectedColumnHint(parsed.items, path);
  const result = { version, created, skipped: parsed.skipped, classLabels, dropped, ...(expectedHint === undefined ? {} : { expectedHint }) };
  for (const note of importNotes(result, path)) (options.note ?? noteOnStderr)(note);
  return result;
}

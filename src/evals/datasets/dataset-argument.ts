import { existsSync, statSync } from 'node:fs';
import { isDataFileName } from '../../core/data-file-format.js';
import { SwitchyardError } from '../../core/errors.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { DatasetVersion } from '../types.js';
import type { DatasetColumns } from './dataset-columns.js';
import { importDatasetFile } from './import-dataset.js';

/** The file kinds a `--dataset FILE` may be, for messages. */
const FILE_KINDS = '.jsonl, .json, .csv, .tsv or .parquet';

/**
 * Whether a `--dataset` value names a file rather than a stored dataset: a data file's extension
 * (`eval.jsonl`, `train.parquet`) or a path (`./blob`, `data/eval`); a stored name has neither a
 * slash nor one of those extensions (`support`, `support@2`).
 *
 * @example isDatasetFileArgument('hub/train.parquet') // true
 * @example isDatasetFileArgument('support@2') // false
 */
export const isDatasetFileArgument = (value: string): boolean => isDataFileName(value) || /[\\/]/.test(value);

/**
 * The dataset version a command's `--dataset` names, read one way by every command that takes it
 * (`ladder`, `guard scan`, `loadtest`, `judge calibrate`): a data file (see
 * {@link isDatasetFileArgument}) is imported and versioned by content as `datasets import` does
 * (an unchanged file is its existing version), anything else is a stored `name[@version]`.
 * `columns` name a file's input and expected columns; for a stored dataset they are refused
 * (its items have their input already). A stored name that is not there says so with the stored
 * datasets and, when a file of that name is here, how to read it.
 *
 * @example await datasetOfArgument(stores.datasets, 'hub/train.jsonl', { columns: { input: 'question' } }) // { dataset: 'train', version: 1, … }
 */
export async function datasetOfArgument(datasets: DatasetStore, value: string, options: { columns?: DatasetColumns; skipBadLines?: boolean; flag?: string } = {}): Promise<DatasetVersion> {
  const flag = options.flag ?? '--dataset';
  if (isDatasetFileArgument(value)) return (await importDatasetFile(datasets, value, { columns: options.columns, skipBadLines: options.skipBadLines })).version;
  const { input, expected } = options.columns ?? {};
  // A stored dataset's items already have their input; the options would be ignored without a word.
  if ((input ?? 'input') !== 'input' || expected !== undefined) {
    throw new SwitchyardError('invalid_request', `--input-column and --expected-column name a ${flag} file's columns; "${value}" is a stored dataset (its items have their input and expected already)`);
  }
  try {
    return await datasets.resolve(value);
  } catch (error) {
    if (!(error instanceof SwitchyardError) || error.code !== 'not_found') throw error;
    const here = existsSync(value) && statSync(value).isFile() ? `; a file "${value}" is here: write ./${value} to read it as a ${flag} file` : `; or name a ${FILE_KINDS} file`;
    throw new SwitchyardError('not_found', `${flag}: ${error.message}${here}`, { param: flag.replace(/^--/, ''), cause: error });
  }
}

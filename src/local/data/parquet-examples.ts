import { SwitchyardError } from '../../core/errors.js';
import { type ColumnAt, describeColumns, findColumn, type ParquetTable, structFields, valueAt } from '../../core/parquet-file.js';
import type { Example } from '../types.js';
import { type ExampleFileOptions, finishExamples, type Problem, toExample } from './example-rows.js';
import { meantColumn } from './meant-column.js';
import { shellWord } from '../../core/shell-word.js';

/**
 * Labelled examples from a Parquet file's text and label columns (found as a CSV header's are:
 * by name, else the one that matches ignoring case; a struct's field by its dotted path,
 * `translation.en`). Only those two columns are read. Labels a
 * Hugging Face ClassLabel numbers become its names (`onClassLabels` says so); other integers their
 * decimal text. A malformed row is named by its 1-based row number.
 *
 * @example await parquetExamples(await openParquet('train.parquet'), { source: 'train.parquet' }) // [{ text: '…', label: 'World' }, …]
 */
export async function parquetExamples(table: ParquetTable, options: ExampleFileOptions): Promise<Example[]> {
  const textColumn = options.textColumn ?? 'text';
  const labelColumn = options.labelColumn ?? 'label';
  const [text, label] = [textColumn, labelColumn].map((wanted, at) => column(table, wanted, at === 0 ? '--text-column' : '--label-column')) as [ColumnAt, ColumnAt];
  const [textValues, labelValues] = (await table.read([text.top.name, label.top.name])) as [unknown[], unknown[]];
  // A struct's field (`translation.en`) is read from its struct's values.
  const texts = text.path.length === 0 ? textValues : textValues.map((value) => valueAt(value, text.path));
  const labels = label.path.length === 0 ? labelValues : labelValues.map((value) => valueAt(value, label.path));
  const names = label.path.length === 0 ? table.classLabels.get(label.top.name) : undefined;
  if (names !== undefined) options.onClassLabels?.(label.name, names);
  const examples: Example[] = [];
  const problems: Problem[] = [];
  const found = table.columns.map((c) => c.name);
  for (let row = 0; row < table.rows; row++) {
    const example = toExample(texts[row], labels[row], textColumn, labelColumn, found);
    if (typeof example !== 'string') examples.push(example);
    // Hugging Face numbers a missing label -1 (a test split whose labels are withheld).
    else if (names !== undefined && labels[row] === null) problems.push({ line: row + 1, message: `no label ("${label.name}" is -1 or null, Hugging Face's mark of an unlabelled row, as in a test split whose labels are withheld)` });
    else problems.push({ line: row + 1, message: example });
  }
  return finishExamples(examples, problems, options, (row) => `${options.source} row ${row}`);
}

/**
 * The column for `wanted` (a struct's field by its dotted path: `translation.en`), or an error
 * naming it with the columns there are (their types, a struct's fields).
 */
function column(table: ParquetTable, wanted: string, flag: string): ColumnAt {
  const found = describeColumns(table.columns);
  const chosen = findColumn(table.columns, wanted);
  if (chosen === undefined) {
    const meant = meantColumn(wanted, table.columns.map((c) => c.name));
    throw new SwitchyardError('invalid_request', `${table.source}: no "${wanted}" column in the Parquet file (columns found: ${found}); ${meant === undefined ? 'pass --text-column / --label-column' : `did you mean ${flag} ${shellWord(meant)}?`}`, { param: flag });
  }
  if ('error' in chosen) throw new SwitchyardError('invalid_request', `${table.source}: ${flag} ${chosen.error}`, { param: flag });
  const { leaf, name } = chosen;
  // A list of tokens or a struct is not one text: say which column and what it holds, not "got object" on every row.
  if (leaf.nested || (flag === '--text-column' && leaf.type !== 'string')) {
    const what = flag === '--text-column' ? 'text' : 'one label a row';
    const fields = leaf.fields ? ` (its fields: ${structFields(leaf, name)}; name one by its path, e.g. ${flag} ${name}.${leaf.fields[0]?.name ?? ''})` : '';
    throw new SwitchyardError('invalid_request', `${table.source}: column "${name}" holds ${leaf.type} values${fields}, not ${what}; name a column of ${flag === '--text-column' ? 'strings' : 'strings or integers'} with ${flag} (columns found: ${found})`, { param: flag });
  }
  return chosen;
}

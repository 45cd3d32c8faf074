import { SwitchyardError } from '../../core/errors.js';
import { columnIndex } from '../../core/data-file-shape.js';
import { describeColumns, findColumn, type ParquetTable, valueAt } from '../../core/parquet-file.js';
import { columnHint, type DatasetColumns, knownColumns } from './dataset-columns.js';
import { metadataKey, putField } from './item-schema.js';
import { finishDataset, itemCollector, type ParsedDataset } from './parse-dataset.js';
import { fieldSizes, MAX_LINE_BYTES, oversizedFields } from '../../core/data-text.js';

/** A metadata column left out of the rows where it made the row too large (see `parquetDataset`). */
export interface DroppedColumn {
  column: string;
  rows: number;
  /** The largest value left out, in bytes. */
  largestBytes: number;
}

/**
 * A Parquet file's rows as dataset items, its columns read as a CSV header's: `id`, `input`,
 * `expected` (or the columns `columns` names, a struct's field by its dotted path: `answers.text`), `output`, `human_score` in any case, `metadata.x` and every other column into
 * metadata; a null cell is left out as an empty CSV cell is. ClassLabel integers (an `expected`
 * label, say) become their names. A malformed row is named by its 1-based row number.
 *
 * A row is bounded as a JSONL line is (`MAX_LINE_BYTES`). A metadata column that makes a row too
 * large (a Hugging Face set's `image` column: its bytes as base64, an embedding) is left out of
 * that row, largest first, and named in `dropped` rather than refusing the file or the row: such
 * a column is nothing the gateway sends or checks, and whoever imports a set for its question and
 * answer expects those to come in, not to rewrite the file without its images first. A row still
 * too large (its input or expected answer is) is a malformed row.
 *
 * @example (await parquetDataset(await openParquet('eval.parquet'), { source: 'eval.parquet' })).items.length // 200
 */
export async function parquetDataset(table: ParquetTable, options: { source: string; skipBadLines?: boolean; columns?: DatasetColumns }): Promise<ParsedDataset & { dropped: DroppedColumn[] }> {
  const top = table.columns.map((c) => c.name);
  // An input or expected column asked for by a dotted path (`answers.text`) is a struct's field, read from its struct.
  const inStructs = [options.columns?.input, options.columns?.expected].flatMap((wanted) => {
    if (wanted === undefined || !wanted.includes('.') || columnIndex(top, wanted) !== -1) return [];
    const at = findColumn(table.columns, wanted);
    if (at !== undefined && 'error' in at) throw new SwitchyardError('invalid_request', `${table.source}: ${at.error}; ${columnHint(options.columns)}`);
    return at === undefined ? [] : [at];
  });
  const names = [...top, ...inStructs.map((at) => at.name)];
  const found = describeColumns(table.columns);
  const { known, twoCases, missing } = knownColumns(names, options.columns);
  if (twoCases) throw new SwitchyardError('invalid_request', `${table.source}: the Parquet file's columns ${twoCases.map((c) => `"${c}"`).join(' and ')} are one field named in two cases: keep one`);
  if (missing) throw new SwitchyardError('invalid_request', `${table.source}: the Parquet file ${missing} (columns found: ${found}); ${columnHint(options.columns)}`);
  const fields = names.map((_, at) => known.get(at));
  const columnOf = (at: number) => table.columns[at] ?? inStructs[at - top.length]?.leaf;
  const inputAt = [...known].find(([, field]) => field === 'input')?.[0] ?? -1;
  const inputColumn = columnOf(inputAt);
  // A struct is an input of named parts, as a JSONL object; a list of tokens is not one input.
  if (inputColumn && (inputColumn.type === 'list' || inputColumn.type === 'map' || (!inputColumn.nested && inputColumn.type !== 'string'))) {
    throw new SwitchyardError('invalid_request', `${table.source}: column "${names[inputAt]}" holds ${inputColumn.type} values, not text or a struct of named parts (columns found: ${found})`);
  }
  const read = await table.read(top);
  const values = [...read, ...inStructs.map((at) => (read[top.indexOf(at.top.name)] ?? []).map((value) => valueAt(value, at.path)))];
  const { items, bad, accept } = itemCollector();
  const dropped = new Map<string, DroppedColumn>();
  for (let row = 0; row < table.rows; row++) {
    const value: Record<string, unknown> = {};
    const metadata: Record<string, unknown> = {};
    names.forEach((column, at) => {
      const cell = values[at]?.[row];
      if (cell === null || cell === undefined) return;
      const field = fields[at];
      // An int64 score arrives as its decimal text (BigInt is not JSON).
      if (field === 'human_score') value.human_score = typeof cell === 'string' && /^-?\d+$/.test(cell) ? Number(cell) : cell;
      else if (field !== undefined) value[field] = cell;
      else putField(metadata, metadataKey(column), cell);
    });
    const kept = [...fieldSizes(value), ...fieldSizes(metadata).map((field) => ({ ...field, metadata: true }))].sort((a, b) => b.bytes - a.bytes);
    let bytes = kept.reduce((sum, field) => sum + field.bytes, 0);
    // Largest first: metadata columns are left out until the row fits.
    for (const field of [...kept]) {
      if (bytes <= MAX_LINE_BYTES || !('metadata' in field)) continue;
      delete metadata[field.name];
      kept.splice(kept.indexOf(field), 1);
      bytes -= field.bytes;
      const was = dropped.get(field.name) ?? { column: field.name, rows: 0, largestBytes: 0 };
      dropped.set(field.name, { column: field.name, rows: was.rows + 1, largestBytes: Math.max(was.largestBytes, field.bytes) });
    }
    const tooBig = oversizedFields(kept, 'row', 'shorten it, or name another column with --input-column or --expected-column');
    if (tooBig !== undefined) {
      bad.push({ line: row + 1, message: tooBig });
      continue;
    }
    if (Object.keys(metadata).length > 0) value.metadata = metadata;
    accept(value, row + 1, `row ${row + 1}`);
  }
  return { ...finishDataset(items, bad, options, (row) => `${options.source} row ${row}`), dropped: [...dropped.values()] };
}

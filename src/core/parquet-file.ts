import { isUtf8 } from 'node:buffer';
import { asyncBufferFromFile, type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetRead, parquetSchema, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { SwitchyardError } from './errors.js';
import { columnIndex } from './data-file-shape.js';
import { invalidUtf8At, notUtf8 } from './data-text.js';

/**
 * Parquet data files (the Hugging Face hub's default download), read column by column with
 * hyparquet: only the columns a reader asks for are decompressed and decoded, so a file's other
 * columns (an embedding, an image) cost nothing.
 */

export interface ParquetColumn {
  name: string;
  /** The column's type as people know it: `string`, `int64`, `list`, `struct`, … */
  type: string;
  /** A list, map or struct: its values are not one scalar each. */
  nested: boolean;
  /** A struct's fields (the Hugging Face hub's `answers.text`, `translation.en`), in order. */
  fields?: ParquetColumn[];
}

export interface ParquetTable {
  source: string;
  rows: number;
  /** The file's top-level columns, in order. */
  columns: ParquetColumn[];
  /** Columns whose integers the file's Hugging Face metadata names (`ClassLabel`), with the names by index. */
  classLabels: ReadonlyMap<string, readonly string[]>;
  /**
   * The values of `names`, one array per column, a row at each index. ClassLabel integers become
   * their names (-1, Hugging Face's mark of an unlabelled row, becomes null); other BigInts their
   * decimal text, so an int64 label `3` and a string `"3"` are one label.
   */
  read(names: readonly string[]): Promise<unknown[][]>;
}

/**
 * Opens a Parquet file: its columns and Hugging Face ClassLabel names, read from the footer only.
 * `bytes` is the file already read (found by its `PAR1` magic); otherwise the file is read in the
 * ranges the columns asked for need. A file hyparquet cannot read is an error naming it.
 *
 * @example (await openParquet('train.parquet')).columns.map((c) => c.name) // ['text', 'label']
 */
export async function openParquet(path: string, bytes?: Uint8Array): Promise<ParquetTable> {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = bytes ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer) : await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw unreadable(path, error);
  }
  const tree = parquetSchema(metadata);
  const columns = tree.children.map(toColumn);
  const classLabels = huggingFaceClassLabels(metadata);
  return {
    source: path,
    rows: Number(metadata.num_rows),
    columns,
    classLabels,
    read: async (names) => {
      const values = names.map(() => new Array<unknown>(Number(metadata.num_rows)));
      let bad: { row: number; message: string } | undefined;
      try {
        await parquetRead({
          file,
          metadata,
          columns: [...new Set(names)],
          compressors,
          parsers: UTF8_PARSERS,
          onChunk: ({ columnName, columnData, rowStart }) => {
            names.forEach((name, at) => {
              if (name !== columnName) return;
              const into = values[at] as unknown[];
              const labels = classLabels.get(name);
              for (let i = 0; i < columnData.length; i++) {
                try {
                  into[rowStart + i] = plainValue(columnData[i], labels);
                } catch (error) {
                  if (!(error instanceof NotUtf8)) throw error;
                  // Named once read: hyparquet does not pass on what its callback throws.
                  const row = rowStart + i + 1;
                  if (bad === undefined || row < bad.row) bad = { row, message: `${path} row ${row}, column "${name}": ${notUtf8(error.bytes, invalidUtf8At(error.bytes), 'value')}; save it as UTF-8` };
                }
              }
            });
          },
        });
      } catch (error) {
        throw unreadable(path, error);
      }
      if (bad !== undefined) throw new SwitchyardError('invalid_request', bad.message);
      return values;
    },
  };
}

/** Text whose bytes are not UTF-8: refused with its row and column rather than read with U+FFFD in it. */
class NotUtf8 {
  constructor(readonly bytes: Uint8Array) {}
}

const utf8 = new TextDecoder();
// hyparquet's own decoders replace bad bytes with U+FFFD, as the text readers once did (data-text.ts).
const UTF8_PARSERS = {
  stringFromBytes: (bytes: Uint8Array | undefined) => (bytes === undefined || bytes === null ? bytes : isUtf8(bytes) ? utf8.decode(bytes) : new NotUtf8(bytes)),
  jsonFromBytes: (bytes: Uint8Array | undefined) => (bytes === undefined || bytes === null ? bytes : isUtf8(bytes) ? JSON.parse(utf8.decode(bytes)) : new NotUtf8(bytes)),
} as unknown as Parameters<typeof parquetRead>[0]['parsers'];

const unreadable = (path: string, error: unknown): SwitchyardError =>
  new SwitchyardError('invalid_request', `${path}: not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`, { cause: error });

function plainValue(value: unknown, labels: readonly string[] | undefined): unknown {
  if (value instanceof NotUtf8) throw value;
  if (labels !== undefined && (typeof value === 'number' || typeof value === 'bigint')) {
    const index = Number(value);
    if (index === -1) return null;
    if (Number.isInteger(index) && index >= 0 && index < labels.length) return labels[index];
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => plainValue(item, undefined));
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValue(item, undefined)]));
  return value;
}

function toColumn(node: SchemaTree): ParquetColumn {
  const column: ParquetColumn = { name: node.element.name, ...typeOf(node) };
  if (column.type === 'struct') column.fields = node.children.map(toColumn);
  return column;
}

/** A column (top-level, or a struct's field by its dotted path) as a reader finds it; see {@link findColumn}. */
export interface ColumnAt {
  /** The dotted path asked for, as found (`answers.text`). */
  name: string;
  /** The top-level column that is read. */
  top: ParquetColumn;
  /** The field names from the top-level column's values to the one asked for; empty for a top-level column. */
  path: string[];
  /** The column or field asked for: its type is what a row holds. */
  leaf: ParquetColumn;
}

/**
 * The column `wanted` names: a top-level column (by name, else the one matching but for case),
 * else a dotted path into struct columns (`translation.en`, `answers.text`, as the Hugging Face hub
 * nests them), each part found the same way. `undefined` when no top-level column starts the path;
 * a path that leaves the structs is an error naming the struct and its fields.
 *
 * @example findColumn(table.columns, 'translation.en') // { name: 'translation.en', top: translation, path: ['en'], leaf: en }
 */
export function findColumn(columns: readonly ParquetColumn[], wanted: string): ColumnAt | { error: string } | undefined {
  const direct = columns[columnIndex(columns.map((c) => c.name), wanted)];
  if (direct) return { name: direct.name, top: direct, path: [], leaf: direct };
  const parts = wanted.split('.');
  const top = parts.length > 1 ? columns[columnIndex(columns.map((c) => c.name), parts[0] as string)] : undefined;
  if (!top) return undefined;
  let leaf = top;
  const path: string[] = [];
  for (const part of parts.slice(1)) {
    const where = [top.name, ...path].join('.');
    if (!leaf.fields) return { error: `"${wanted}": column "${where}" holds ${leaf.type} values, not a struct with a field "${part}"` };
    const field = leaf.fields[columnIndex(leaf.fields.map((f) => f.name), part)];
    if (!field) return { error: `"${wanted}": struct column "${where}" has no field "${part}" (its fields: ${structFields(leaf, where)})` };
    path.push(field.name);
    leaf = field;
  }
  return { name: [top.name, ...path].join('.'), top, path, leaf };
}

/** A struct's fields by their dotted paths and types, for messages: `answers.text (list), answers.answer_start (list)`. */
export const structFields = (column: ParquetColumn, at = column.name): string => (column.fields ?? []).map((f) => `${at}.${f.name} (${f.type})`).join(', ');

/** The columns of a file for messages: `text (string), answers (struct: answers.text (list), …)`. */
export const describeColumns = (columns: readonly ParquetColumn[]): string =>
  columns.map((c) => (c.fields ? `${c.name} (struct: ${structFields(c)})` : `${c.name} (${c.type})`)).join(', ');

/** A row's value at a {@link ColumnAt}'s path, from its top-level column's value; `undefined` where a struct is null. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const part of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** `string`, `int64`, `list`, … for a top-level column, as a message names it. */
function typeOf(node: SchemaTree): { type: string; nested: boolean } {
  const { element } = node;
  const logical = element.logical_type?.type;
  if (node.children.length > 0 || element.repetition_type === 'REPEATED') {
    const kind = logical === 'LIST' || element.converted_type === 'LIST' || element.repetition_type === 'REPEATED' ? 'list' : logical === 'MAP' || element.converted_type === 'MAP' ? 'map' : 'struct';
    return { type: kind, nested: true };
  }
  if (logical === 'JSON' || element.converted_type === 'JSON') return { type: 'JSON', nested: true };
  if (logical === 'STRING' || element.converted_type === 'UTF8' || element.type === 'BYTE_ARRAY') return { type: 'string', nested: false };
  return { type: (logical ?? element.converted_type ?? element.type ?? 'unknown').toLowerCase(), nested: false };
}

/**
 * The ClassLabel names in a file written by Hugging Face `datasets`: its `huggingface` metadata
 * entry holds `{"info": {"features": {"label": {"_type": "ClassLabel", "names": […]}}}}`.
 * Anything else there (another library's metadata, a malformed entry) names nothing.
 */
function huggingFaceClassLabels(metadata: FileMetaData): Map<string, readonly string[]> {
  const found = new Map<string, readonly string[]>();
  const entry = metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
  if (entry === undefined) return found;
  let features: unknown;
  try {
    features = (JSON.parse(entry) as { info?: { features?: unknown } })?.info?.features;
  } catch {
    return found;
  }
  if (typeof features !== 'object' || features === null) return found;
  for (const [column, feature] of Object.entries(features)) {
    const { _type: kind, names } = (feature ?? {}) as { _type?: unknown; names?: unknown };
    if (kind === 'ClassLabel' && Array.isArray(names) && names.every((name) => typeof name === 'string')) found.set(column, names as string[]);
  }
  return found;
}

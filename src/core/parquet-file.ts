import { asyncBufferFromFile, type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetRead, parquetSchema, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { SwitchyardError } from './errors.js';

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
  const columns = tree.children.map((child) => ({ name: child.element.name, ...typeOf(child) }));
  const classLabels = huggingFaceClassLabels(metadata);
  return {
    source: path,
    rows: Number(metadata.num_rows),
    columns,
    classLabels,
    read: async (names) => {
      const values = names.map(() => new Array<unknown>(Number(metadata.num_rows)));
      try {
        await parquetRead({
          file,
          metadata,
          columns: [...new Set(names)],
          compressors,
          onChunk: ({ columnName, columnData, rowStart }) => {
            names.forEach((name, at) => {
              if (name !== columnName) return;
              const into = values[at] as unknown[];
              const labels = classLabels.get(name);
              for (let i = 0; i < columnData.length; i++) into[rowStart + i] = plainValue(columnData[i], labels);
            });
          },
        });
      } catch (error) {
        throw unreadable(path, error);
      }
      return values;
    },
  };
}

const unreadable = (path: string, error: unknown): SwitchyardError =>
  new SwitchyardError('invalid_request', `${path}: not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`, { cause: error });

function plainValue(value: unknown, labels: readonly string[] | undefined): unknown {
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
